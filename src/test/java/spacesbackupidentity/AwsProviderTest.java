package spacesbackupidentity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import spacesbackupidentity.settings.AwsProviderSettings;
import spacesbackupidentity.settings.InvalidConfigException;

import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stack's aws: keys, which the engine hands the default AWS provider: each one the provider
 * reads is reviewed or refused, a key it does not read is refused, and the cluster the stack
 * serves must be in the account and region the provider deploys to.
 */
class AwsProviderTest {
    private static final String ACCEPTED = "; this program deploys only with AWS provider settings it can review:"
            + " aws:allowedAccountIds, aws:defaultTags, aws:forbiddenAccountIds, aws:ignoreTags, aws:maxRetries,"
            + " aws:region, aws:retryMode, aws:stsRegion, aws:useDualstackEndpoint, aws:useFipsEndpoint (README,"
            + " \"AWS provider settings\")";

    /** The provider's config keys are the getters of com.pulumi.aws.Config in the SDK this program is built on. */
    @Test
    void everyKeyTheAwsProvider6830ReadsIsReviewedOrRefused() {
        var providerKeys = Arrays.stream(com.pulumi.aws.Config.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
                .map(m -> "aws:" + m.getName()).collect(Collectors.toCollection(TreeSet::new));
        var judged = new TreeSet<>(AwsProviderSettings.REVIEWED.keySet());
        judged.addAll(AwsProviderSettings.REFUSED.keySet());

        assertThat(providerKeys).as("com.pulumi:aws:6.83.0").hasSize(33).contains("aws:region", "aws:endpoints",
                "aws:assumeRole", "aws:defaultTags");
        assertThat(judged).isEqualTo(providerKeys);
        assertThat(AwsProviderSettings.REVIEWED.keySet()).doesNotContainAnyElementsOf(AwsProviderSettings.REFUSED.keySet());
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                refused("aws:endpoints", "[{\"iam\":\"https://iam.attacker.example\"}]",
                        "aws:endpoints: '[{\"iam\":\"https://iam.attacker.example\"}]' is refused: it sends the provider's"
                                + " signed calls to other hosts than AWS's, and no review of this stack would see where the"
                                + " provider's calls (IAM, STS, EKS) then go"),
                refused("aws:assumeRole", "{\"roleArn\":\"arn:aws:iam::999999999999:role/admin\"}",
                        "aws:assumeRole: '{\"roleArn\":\"arn:aws:iam::999999999999:role/admin\"}' is refused: it makes the"
                                + " provider act as another role, possibly in another account, than the deploy's"
                                + " credentials; the deploy's AWS credentials come from its environment"),
                refused("aws:skipCredentialsValidation", "true", "aws:skipCredentialsValidation: 'true' is refused: it"
                        + " skips the provider's check of its credentials (STS GetCallerIdentity)"),
                refused("aws:insecure", "true", "aws:insecure: 'true' is refused: it turns off the provider's TLS"
                        + " certificate checks, so a host posing as AWS would be believed"),
                refused("aws:s3UsePathStyle", "true", "aws:s3UsePathStyle: 'true' is refused: it changes how the provider"
                        + " addresses S3, which this program does not call through it"),
                refused("aws:profile", "prod-admin", "aws:profile: 'prod-admin' is refused: it picks credentials, and"
                        + " through the profile possibly another role, account or endpoint, from files on the deploying"
                        + " machine"),
                refused("aws:sharedCredentialsFiles", "[\"/tmp/creds\"]", "aws:sharedCredentialsFiles: '[\"/tmp/creds\"]'"
                        + " is refused: it reads credentials from files on the deploying machine"),
                refused("aws:accessKey", "AKIAEXAMPLE", "aws:accessKey: 'AKIAEXAMPLE' is refused: a static credential in"
                        + " the stack"),
                refused("aws:httpsProxy", "http://proxy:3128", "aws:httpsProxy: 'http://proxy:3128' is refused: it routes"
                        + " the provider's calls through a proxy"),
                refused("aws:regoin", "us-east-1", "aws:regoin: 'us-east-1': not a setting of the AWS provider 6.83.0"
                        + " (did you mean 'aws:region'?)"));
    }

    private static Arguments refused(String key, String value, String message) {
        return Arguments.of(key, value, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void aKeyThatCouldWidenOrRedirectIsRefusedBeforeAnythingIsRegistered(String key, String value, String message) {
        var result = StackRun.of(StackConfig.valid().set(key, value));

        assertThat(result.error()).get().isInstanceOf(InvalidConfigException.class);
        assertThat(result.error().get().getMessage()).startsWith("invalid configuration: " + message)
                .endsWith(ACCEPTED);
        assertThat(result.registrations()).isEmpty();
    }

    @Test
    void aSecretCredentialIsDescribedNeverQuoted() {
        var result = StackRun.of(StackConfig.valid().set("aws:secretKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
                .secret("aws:secretKey"));

        assertThat(result.error().orElseThrow().getMessage()).isEqualTo("invalid configuration: aws:secretKey: a secret"
                + " string of 40 characters is refused: a static credential in the stack; the deploy's AWS credentials"
                + " come from its environment (in CI, the role .github/actions/pulumi assumes by OIDC), not from the"
                + " stack" + ACCEPTED).doesNotContain("wJalr");
        assertThat(result.registrations()).isEmpty();
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                bad("a region that is not one", c -> c.set("aws:region", "us-east-l"),
                        "aws:region: 'us-east-l' is not an AWS region; expected a region code such as us-east-1,"
                                + " cn-north-1 or us-gov-west-1"),
                bad("an STS region that is not one", c -> c.set("aws:stsRegion", "global"),
                        "aws:stsRegion: 'global' is not an AWS region; expected a region code such as us-east-1,"
                                + " cn-north-1 or us-gov-west-1"),
                bad("an account ID YAML read as a number", c -> c.set("aws:allowedAccountIds", "[123456789012]"),
                        "aws:allowedAccountIds[0]: 123456789012 is not an account ID; expected 12 digits as a quoted"
                                + " string, such as \"111122223333\""),
                bad("allowed accounts as one string", c -> c.set("aws:allowedAccountIds", "123456789012"),
                        "aws:allowedAccountIds: expected a list of 12-digit account IDs, such as [\"111122223333\"], got"
                                + " 123456789012"),
                bad("allowed and forbidden accounts", c -> c.set("aws:allowedAccountIds", "[\"123456789012\"]")
                                .set("aws:forbiddenAccountIds", "[\"999999999999\"]"),
                        "aws:forbiddenAccountIds: set together with aws:allowedAccountIds, which the AWS provider"
                                + " refuses (they conflict); keep aws:allowedAccountIds, the accounts this stack may"
                                + " deploy to"),
                bad("default tags without tags", c -> c.set("aws:defaultTags", "{\"team\":\"platform\"}"),
                        "aws:defaultTags.team: unknown key; accepted keys of aws:defaultTags: tags"),
                bad("a default tag AWS reserves", c -> c.set("aws:defaultTags", "{\"tags\":{\"aws:owner\":\"x\"}}"),
                        "aws:defaultTags.tags: 'aws:owner' is not a tag key; expected 1 to 128 letters, digits, spaces"
                                + " and _ . : / = + - @, not starting with 'aws:'"),
                bad("a retry mode the provider does not know", c -> c.set("aws:retryMode", "legacy"),
                        "aws:retryMode: 'legacy' is not a retry mode; expected standard or adaptive"),
                bad("retries without end", c -> c.set("aws:maxRetries", "100000"),
                        "aws:maxRetries: '100000' is not a number of retries; expected a whole number from 0 to 100"),
                bad("FIPS as a word", c -> c.set("aws:useFipsEndpoint", "yes"),
                        "aws:useFipsEndpoint: expected true or false, got 'yes'"),
                bad("reviewed settings marked secret", c -> c.set("aws:defaultTags", "{\"tags\":{\"a\":\"b\"}}")
                                .secret("aws:defaultTags"),
                        "aws:defaultTags: marked secret (set with --secret), and this program reads it only in plain"
                                + " text; set it in plain text (pulumi config set aws:defaultTags ...)"),
                bad("the region as a project key", c -> c.remove("aws:region").set("region", "us-east-1"),
                        "region: unknown key (did you mean 'aws:region'?); this program reads backup,"),
                bad("Pod Identity without aws:region", c -> c.remove("aws:region").identityMode("podIdentity")
                                .set("clusterArn", "arn:aws:eks:us-east-1:123456789012:cluster/acme-dev")
                                .backup(Map.of("region", "us-east-1")),
                        "aws:region: required for identity.mode podIdentity: the AWS provider makes the Pod Identity"
                                + " associations in its region, which must be the cluster's; unset, it takes AWS_REGION"
                                + " from the environment of whoever deploys, which no review sees. Set it: pulumi config"
                                + " set aws:region REGION"),
                bad("a cluster in another region than the associations", c -> c.identityMode("podIdentity")
                                .remove("oidcProviderArn")
                                .set("clusterArn", "arn:aws:eks:eu-west-1:123456789012:cluster/acme-dev"),
                        "clusterArn: 'arn:aws:eks:eu-west-1:123456789012:cluster/acme-dev' is in region eu-west-1, but"
                                + " aws:region is us-east-1, where the AWS provider would make the Pod Identity"
                                + " associations (for a cluster of that name there, or none); set aws:region to"
                                + " eu-west-1, or correct clusterArn"),
                bad("an OIDC provider in an account the provider may not deploy to",
                        c -> c.set("aws:allowedAccountIds", "[\"999999999999\"]"),
                        "oidcProviderArn: '" + StackConfig.OIDC_ARN.substring(0, 100) + "'... ("
                                + StackConfig.OIDC_ARN.length() + " characters in all)"
                                + " is in account 123456789012, but aws:allowedAccountIds allows only 999999999999; the"
                                + " role is made in, and its ARN predicted for, that account, so it must be the one this"
                                + " stack deploys to: correct oidcProviderArn"),
                bad("an OIDC provider in a forbidden account", c -> c.set("aws:forbiddenAccountIds", "[\"123456789012\"]"),
                        "is in account 123456789012, which aws:forbiddenAccountIds forbids; the role is made in, and its"
                                + " ARN predicted for, that account"),
                bad("a region of another partition", c -> c.set("aws:region", "cn-north-1")
                                .backup(Map.of("region", "us-east-1")),
                        "is in partition aws, but aws:region cn-north-1 is in partition aws-cn; the provider would make"
                                + " the role in the wrong partition: correct oidcProviderArn"));
    }

    private static Arguments bad(String what, UnaryOperator<StackConfig> change, String message) {
        return Arguments.of(what, change, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void aBadValueIsRefusedWithItsMessage(String what, UnaryOperator<StackConfig> change, String message) {
        var result = StackRun.of(change.apply(StackConfig.valid()));

        assertThat(result.error()).get().isInstanceOf(InvalidConfigException.class);
        assertThat(result.error().get().getMessage()).contains(message);
        assertThat(result.registrations()).isEmpty();
    }

    /** The same contradiction from the cluster stack's outputs names clusterStack, where the fix is. */
    @Test
    void clusterStackOutputsOfAnotherAccountOrRegionAreRefusedUnderClusterStack() {
        var outputs = Map.<String, Object>of("oidcProviderArn", StackConfig.OIDC_ARN, "oidcProviderUrl",
                StackConfig.ISSUER, "kubeconfig", StackConfig.KUBECONFIG,
                "clusterArn", "arn:aws:eks:us-east-1:123456789012:cluster/acme-dev");
        var config = StackConfig.valid().fromClusterStack().identityMode("podIdentity")
                .set("aws:region", "eu-central-1").set("aws:allowedAccountIds", "[\"444455556666\"]")
                .backup(Map.of("region", "eu-central-1"));

        var result = StackRun.of(config, outputs, List.of("kubeconfig"));

        assertThat(result.error().orElseThrow().getMessage()).isEqualTo("invalid configuration (2 problems):\n"
                + "  - clusterStack: the OIDC provider of its outputs, '" + StackConfig.OIDC_ARN.substring(0, 100)
                + "'... (" + StackConfig.OIDC_ARN.length() + " characters in all) is in account 123456789012, but"
                + " aws:allowedAccountIds allows only"
                + " 444455556666; the role is made in, and its ARN predicted for, that account, so it must be the one"
                + " this stack deploys to: point clusterStack at the cluster stack of the right account (the outputs"
                + " of another cluster?)\n"
                + "  - clusterStack: the EKS cluster of its outputs, 'arn:aws:eks:us-east-1:123456789012:cluster/acme-dev'"
                + " is in region us-east-1, but aws:region is eu-central-1, where the AWS provider would make the Pod"
                + " Identity associations (for a cluster of that name there, or none); set aws:region to us-east-1, or"
                + " point clusterStack at the cluster stack of the right region (the outputs of another cluster?)");
        assertThat(result.registrations()).extracting(r -> r.type()).containsExactly(Declared.STACK_REFERENCE);
    }

    @Test
    void reviewedSettingsAreAccepted() {
        var result = StackRun.of(StackConfig.valid()
                .set("aws:allowedAccountIds", "[\"123456789012\"]")
                .set("aws:defaultTags", "{\"tags\":{\"cost-center\":\"platform\"}}")
                .set("aws:ignoreTags", "{\"keyPrefixes\":[\"kubernetes.io/\"]}")
                .set("aws:useFipsEndpoint", "true")
                .set("aws:stsRegion", "us-east-1")
                .set("aws:retryMode", "adaptive")
                .set("aws:maxRetries", "5"));

        assertThat(result.error()).isEmpty();
        assertThat(result.registrations()).isNotEmpty();
    }
}
