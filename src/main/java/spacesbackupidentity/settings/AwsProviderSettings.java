package spacesbackupidentity.settings;

import spacesbackupidentity.config.ConfigValue;
import spacesbackupidentity.rules.AwsNames;
import spacesbackupidentity.rules.AwsPartitions;
import spacesbackupidentity.rules.KeySuggestion;
import spacesbackupidentity.rules.Quote;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The stack's {@code aws:} keys: the settings of the default AWS provider, through which every AWS
 * resource here is made (the role, its policy, the Pod Identity associations). The engine gives a
 * default provider every config key of its namespace as its inputs (pulumi/pulumi
 * pkg/resource/deploy/target.go, {@code GetPackageConfig}), so these keys decide where the calls go,
 * as whom, and what is tagged, while no resource's inputs show them.
 * <p>
 * Each key the AWS provider reads — the getters of {@code com.pulumi.aws.Config} in
 * {@code com.pulumi:aws:6.83.0}, the SDK this program is built on — is either one this program can
 * review, checked here and shown by the render, or refused before anything is declared; a key the
 * provider does not read is refused too, since nothing here can judge it.
 *
 * @param region              {@code aws:region}: where the provider's calls go, and the Pod Identity associations
 * @param allowedAccountIds   {@code aws:allowedAccountIds}: the only accounts the provider deploys to
 * @param forbiddenAccountIds {@code aws:forbiddenAccountIds}: accounts it refuses
 */
public record AwsProviderSettings(Optional<String> region, List<String> allowedAccountIds,
                                  List<String> forbiddenAccountIds) {
    public static final String NAMESPACE = "aws";
    public static final String REGION_KEY = "aws:region";
    static final String ALLOWED_KEY = "aws:allowedAccountIds";
    static final String FORBIDDEN_KEY = "aws:forbiddenAccountIds";
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final int MAX_RETRIES = 100;

    /** The keys this program reviews: each changes where calls go, what is tagged, or how calls are retried. */
    public static final SortedMap<String, String> REVIEWED = new TreeMap<>(Map.of(
            REGION_KEY, "the region the provider calls, and where the Pod Identity associations are made",
            "aws:stsRegion", "the region of the STS endpoint the provider checks its credentials with",
            ALLOWED_KEY, "the only accounts the provider deploys to",
            FORBIDDEN_KEY, "accounts the provider refuses to deploy to",
            "aws:defaultTags", "tags the provider adds to every AWS resource it makes",
            "aws:ignoreTags", "tags the provider leaves alone on every AWS resource",
            "aws:useFipsEndpoint", "AWS's FIPS endpoints instead of the regular ones",
            "aws:useDualstackEndpoint", "AWS's dual-stack (IPv6) endpoints instead of the regular ones",
            "aws:maxRetries", "how often a failed call is retried",
            "aws:retryMode", "how failed calls are retried (standard or adaptive)"));

    private static final String CREDENTIALS = "the deploy's AWS credentials come from its environment (in CI, the"
            + " role .github/actions/pulumi assumes by OIDC), not from the stack";
    private static final String ELSEWHERE = "no review of this stack would see where the provider's calls"
            + " (IAM, STS, EKS) then go";

    /** The provider's other keys, each refused with the reason. */
    public static final SortedMap<String, String> REFUSED = new TreeMap<>(Map.ofEntries(
            Map.entry("aws:accessKey", "a static credential in the stack; " + CREDENTIALS),
            Map.entry("aws:secretKey", "a static credential in the stack; " + CREDENTIALS),
            Map.entry("aws:token", "a static credential in the stack; " + CREDENTIALS),
            Map.entry("aws:profile", "it picks credentials, and through the profile possibly another role,"
                    + " account or endpoint, from files on the deploying machine; " + CREDENTIALS),
            Map.entry("aws:sharedConfigFiles", "it reads credentials, roles and endpoints from files on the"
                    + " deploying machine; " + CREDENTIALS),
            Map.entry("aws:sharedCredentialsFiles", "it reads credentials from files on the deploying machine; "
                    + CREDENTIALS),
            Map.entry("aws:assumeRole", "it makes the provider act as another role, possibly in another account,"
                    + " than the deploy's credentials; " + CREDENTIALS),
            Map.entry("aws:assumeRoleWithWebIdentity", "it makes the provider act as another role, possibly in"
                    + " another account, than the deploy's credentials; " + CREDENTIALS),
            Map.entry("aws:endpoints", "it sends the provider's signed calls to other hosts than AWS's, and "
                    + ELSEWHERE),
            Map.entry("aws:httpProxy", "it routes the provider's calls through a proxy, and " + ELSEWHERE),
            Map.entry("aws:httpsProxy", "it routes the provider's calls through a proxy, and " + ELSEWHERE),
            Map.entry("aws:noProxy", "it changes which calls go through a proxy, and " + ELSEWHERE),
            Map.entry("aws:customCaBundle", "it changes which TLS certificates the provider trusts, so a host"
                    + " posing as AWS could be believed"),
            Map.entry("aws:insecure", "it turns off the provider's TLS certificate checks, so a host posing as AWS"
                    + " would be believed"),
            Map.entry("aws:ec2MetadataServiceEndpoint", "it changes where the provider looks for instance"
                    + " credentials; " + CREDENTIALS),
            Map.entry("aws:ec2MetadataServiceEndpointMode", "it changes how the provider looks for instance"
                    + " credentials; " + CREDENTIALS),
            Map.entry("aws:skipMetadataApiCheck", "it changes whether the provider looks for instance credentials; "
                    + CREDENTIALS),
            Map.entry("aws:skipCredentialsValidation", "it skips the provider's check of its credentials (STS"
                    + " GetCallerIdentity), which the account checks rely on"),
            Map.entry("aws:skipRequestingAccountId", "it skips the provider's lookup of the account it deploys"
                    + " to, which aws:allowedAccountIds relies on"),
            Map.entry("aws:skipRegionValidation", "it lets region names through that the provider would refuse;"
                    + " this program checks aws:region itself"),
            Map.entry("aws:s3UsePathStyle", "it changes how the provider addresses S3, which this program does not"
                    + " call through it"),
            Map.entry("aws:s3UsEast1RegionalEndpoint", "it changes which S3 endpoint the provider calls in"
                    + " us-east-1, and this program does not call S3 through it"),
            Map.entry("aws:tokenBucketRateLimiterCapacity", "this program does not review the provider's rate"
                    + " limiter")));

    /** Every {@code aws:} key this program reads, in plain text only. */
    public static Set<String> reviewedKeys() {
        return REVIEWED.keySet();
    }

    /**
     * Reports every {@code aws:} key that is refused or unknown, naming the key, its value (never a
     * secret's) and what is accepted.
     */
    static void checkKeys(RootConfig root, ConfigProblems problems) {
        for (var key : root.keysIn(NAMESPACE)) {
            if (REVIEWED.containsKey(key)) {
                continue;
            }
            var value = root.anyValue(key).map(AwsProviderSettings::describe).orElse("set");
            var accepted = "; this program deploys only with AWS provider settings it can review: "
                    + String.join(", ", REVIEWED.keySet()) + " (README, \"AWS provider settings\")";
            var reason = REFUSED.get(key);
            if (reason != null) {
                problems.add(key, value + " is refused: " + reason + accepted);
            } else {
                problems.add(Quote.key(key), value + ": not a setting of the AWS provider 6.83.0"
                        + KeySuggestion.forTypo(key, REVIEWED.keySet()) + accepted);
            }
        }
    }

    private static String describe(ConfigValue value) {
        return value.secret() ? Quote.secret(value.raw()) : Quote.of(value.raw());
    }

    static AwsProviderSettings read(RootConfig root, ConfigProblems problems) {
        var region = root.string(REGION_KEY);
        region.ifPresent(r -> checkRegion(REGION_KEY, r, problems));
        root.string("aws:stsRegion").ifPresent(r -> checkRegion("aws:stsRegion", r, problems));
        var allowed = accounts(root, ALLOWED_KEY, problems);
        var forbidden = accounts(root, FORBIDDEN_KEY, problems);
        if (!allowed.isEmpty() && !forbidden.isEmpty()) {
            problems.add(FORBIDDEN_KEY, "set together with " + ALLOWED_KEY + ", which the AWS provider refuses (they"
                    + " conflict); keep " + ALLOWED_KEY + ", the accounts this stack may deploy to");
        }
        root.object("aws:defaultTags", Set.of("tags")).ifPresent(tags -> {
            var map = tags.stringMap("tags");
            if (map.isEmpty() || map.get().isEmpty()) {
                problems.add(tags.keyOf("tags"), "required: the tags to add, such as {tags: {team: platform}}");
            }
            map.orElse(Map.of()).forEach((k, v) -> {
                AwsNames.checkTagKey(k).ifPresent(p -> problems.add(tags.keyOf("tags"), p));
                AwsNames.checkTagValue(v).ifPresent(p -> problems.add(tags.keyOf("tags") + "." + Quote.key(k), p));
            });
        });
        root.object("aws:ignoreTags", Set.of("keys", "keyPrefixes")).ifPresent(ignore -> {
            ignore.stringList("keys");
            ignore.stringList("keyPrefixes");
        });
        root.bool("aws:useFipsEndpoint");
        root.bool("aws:useDualstackEndpoint");
        root.string("aws:maxRetries").filter(n -> !n.matches("\\d{1,3}") || Integer.parseInt(n) > MAX_RETRIES)
                .ifPresent(n -> problems.add("aws:maxRetries", Quote.of(n) + " is not a number of retries; expected a"
                        + " whole number from 0 to " + MAX_RETRIES));
        root.string("aws:retryMode").filter(m -> !m.equals("standard") && !m.equals("adaptive"))
                .ifPresent(m -> problems.add("aws:retryMode", Quote.of(m) + " is not a retry mode; expected"
                        + " standard or adaptive"));
        return new AwsProviderSettings(region, allowed, forbidden);
    }

    /** The same words as a bad {@code backup.region}. */
    static void checkRegion(String key, String region, ConfigProblems problems) {
        if (AwsPartitions.ofRegion(region).isEmpty()) {
            problems.add(key, Quote.of(region) + " is not an AWS region; expected a region code such as us-east-1,"
                    + " cn-north-1 or us-gov-west-1");
        }
    }

    /** A list of 12-digit account IDs, as strings: a YAML number would lose an ID's leading zeros. */
    private static List<String> accounts(RootConfig root, String key, ConfigProblems problems) {
        var value = root.structured(key, "a list of 12-digit account IDs");
        if (value.isEmpty()) {
            return List.of();
        }
        if (!(value.get() instanceof List<?> list) || list.isEmpty()) {
            problems.add(key, "expected a list of 12-digit account IDs, such as [\"111122223333\"], got "
                    + ConfigProblems.describe(value.get()));
            return List.of();
        }
        var accounts = new ArrayList<String>();
        for (int i = 0; i < list.size(); i++) {
            var item = list.get(i);
            if (item instanceof String id && ACCOUNT.matcher(id).matches()) {
                accounts.add(id);
            } else {
                problems.add(key + "[" + i + "]", ConfigProblems.describe(item) + " is not an account ID; expected 12"
                        + " digits as a quoted string, such as \"111122223333\"");
            }
        }
        return accounts.stream().sorted().distinct().toList();
    }

    /**
     * The ways the cluster the stack serves contradicts where the provider deploys: the account the
     * role is made in (the OIDC provider's, else the cluster's) against {@code aws:allowedAccountIds}
     * and {@code aws:forbiddenAccountIds}, the partition of {@code aws:region}, and, for Pod Identity,
     * the cluster's region against {@code aws:region}, where the associations are made. Each problem
     * names both values and starts with the config key the cluster fact came from.
     *
     * @throws InvalidConfigException listing every contradiction
     */
    public void checkCluster(IdentityMode mode, ClusterSettings cluster, ClusterFacts facts) {
        var problems = new ConfigProblems();
        var account = facts.account();
        var accountFact = facts.oidcProvider()
                .map(o -> new Fact(oidcKey(cluster), described(oidcKey(cluster), "OIDC provider", o.arn())))
                .orElseGet(() -> new Fact(clusterKey(cluster), described(clusterKey(cluster), "EKS cluster",
                        facts.eksCluster().map(EksCluster::arn).orElse(""))));
        var roleIsMade = "; the role is made in, and its ARN predicted for, that account, so it must be the one this"
                + " stack deploys to: " + fix(accountFact.key(), "account");
        if (!allowedAccountIds.isEmpty() && !allowedAccountIds.contains(account.id())) {
            problems.add(accountFact.key(), accountFact.what() + " is in account " + account.id() + ", but "
                    + ALLOWED_KEY + " allows only " + String.join(", ", allowedAccountIds) + roleIsMade);
        }
        if (forbiddenAccountIds.contains(account.id())) {
            problems.add(accountFact.key(), accountFact.what() + " is in account " + account.id() + ", which "
                    + FORBIDDEN_KEY + " forbids" + roleIsMade);
        }
        region.flatMap(AwsPartitions::ofRegion).filter(p -> !p.id().equals(account.partition())).ifPresent(p ->
                problems.add(accountFact.key(), accountFact.what() + " is in partition " + account.partition()
                        + ", but " + REGION_KEY + " " + region.get() + " is in partition " + p.id() + "; the provider"
                        + " would make the role in the wrong partition: " + fix(accountFact.key(), "partition")));
        if (mode.usesPodIdentity() && region.isPresent()) {
            facts.eksCluster().filter(c -> !c.region().equals(region.get())).ifPresent(c -> {
                var key = clusterKey(cluster);
                problems.add(key, described(key, "EKS cluster", c.arn()) + " is in region " + c.region() + ", but "
                        + REGION_KEY + " is " + region.get() + ", where the AWS provider would make the Pod Identity"
                        + " associations (for a cluster of that name there, or none); set " + REGION_KEY + " to "
                        + c.region() + ", or " + fix(key, "region"));
            });
        }
        problems.throwIfAny();
    }

    private record Fact(String key, String what) {
    }

    /** A fact as the problem under {@code key} names it: a config value itself, or the cluster stack's output. */
    private static String described(String key, String what, String arn) {
        return key.equals(ClusterSettings.STACK_KEY) ? "the " + what + " of its outputs, " + Quote.of(arn)
                : key.equals(ClusterSettings.CLUSTER_NAME_KEY) ? "the cluster it names, " + Quote.of(arn)
                : Quote.of(arn);
    }

    private static String oidcKey(ClusterSettings cluster) {
        return cluster.oidcProviderFromStack() ? ClusterSettings.STACK_KEY : ClusterSettings.OIDC_KEY;
    }

    private static String clusterKey(ClusterSettings cluster) {
        return cluster.clusterArn().isPresent() ? ClusterSettings.CLUSTER_ARN_KEY
                : cluster.eksClusterFromStack() ? ClusterSettings.STACK_KEY : ClusterSettings.CLUSTER_NAME_KEY;
    }

    private static String fix(String key, String what) {
        return key.equals(ClusterSettings.STACK_KEY)
                ? "point " + key + " at the cluster stack of the right " + what + " (the outputs of another cluster?)"
                : "correct " + key;
    }
}
