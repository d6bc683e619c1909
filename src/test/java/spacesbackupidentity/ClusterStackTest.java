package spacesbackupidentity;

import org.junit.jupiter.api.Test;
import spacesbackupidentity.settings.InvalidConfigException;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static spacesbackupidentity.Declared.PROVIDER;
import static spacesbackupidentity.Declared.ROLE;
import static spacesbackupidentity.Declared.STACK_REFERENCE;

/** Cluster facts from the EKS cluster's stack, overridden by explicit config. */
class ClusterStackTest {
    static final String OTHER_ARN =
            "arn:aws:iam::210987654321:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/FEDCBA9876543210FEDCBA9876543210";
    /** How pulumi-eks exports a cluster: the kubeconfig as an object, the URL without scheme. */
    static final Map<String, Object> EKS_OUTPUTS = Map.of(
            "oidcProviderArn", StackConfig.OIDC_ARN,
            "oidcProviderUrl", StackConfig.ISSUER,
            "kubeconfig", Map.of("apiVersion", "v1", "kind", "Config", "clusters", List.of()));

    static Declared run(StackConfig config, Map<String, Object> outputs) {
        var result = StackRun.of(config, outputs, List.of("kubeconfig"));
        result.error().ifPresent(e -> {
            throw new AssertionError(e);
        });
        return new Declared(result);
    }

    @Test
    void readsTheOidcProviderAndKubeconfigFromPulumiEksOutputs() {
        var declared = run(StackConfig.valid().fromClusterStack(), EKS_OUTPUTS);

        assertThat(declared.one(STACK_REFERENCE, "cluster").inputs()).containsEntry("name", "acme/eks-cluster/dev");
        assertThat((String) declared.inputs(ROLE, "backup-role").get("assumeRolePolicy"))
                .contains("\"Federated\":\"" + StackConfig.OIDC_ARN + "\"");
        assertThat(declared.output("roleArn")).isEqualTo("arn:aws:iam::123456789012:role/spaces-backup-identity-test");
        assertThat(Declared.secretValue(declared.inputs(PROVIDER, "spaces-cluster").get("kubeconfig")))
                .isEqualTo("{\"apiVersion\":\"v1\",\"clusters\":[],\"kind\":\"Config\"}");
        assertThat(declared.output("trustPolicy")).asString().doesNotContain("[secret]");
        assertThat(declared.result().outputs().values()).noneMatch(Declared::isSecret);
    }

    @Test
    void outputNamesAreConfigurableAndAnIssuerUrlMayCarryItsScheme() {
        var config = StackConfig.valid().fromClusterStack().json("clusterStackOutputs", Map.of(
                "oidcProviderArn", "clusterOidcArn", "oidcProviderUrl", "clusterOidcIssuer", "kubeconfig", "adminKubeconfig"));
        var declared = run(config, Map.of(
                "clusterOidcArn", StackConfig.OIDC_ARN,
                "clusterOidcIssuer", "https://" + StackConfig.ISSUER,
                "adminKubeconfig", StackConfig.KUBECONFIG));

        assertThat(Declared.secretValue(declared.inputs(PROVIDER, "spaces-cluster").get("kubeconfig")))
                .isEqualTo(StackConfig.KUBECONFIG);
    }

    @Test
    void explicitConfigOverridesTheStacksOutputs() {
        var config = StackConfig.valid().fromClusterStack().set("oidcProviderArn", OTHER_ARN)
                .set("kubeconfig", StackConfig.KUBECONFIG);
        var declared = run(config, EKS_OUTPUTS);

        assertThat(declared.all(STACK_REFERENCE)).extracting(r -> r.name()).as("the stack's own, not the cluster's")
                .containsExactly("previous-deployment");
        assertThat((String) declared.inputs(ROLE, "backup-role").get("assumeRolePolicy")).contains(OTHER_ARN);
        assertThat(declared.output("roleArn")).isEqualTo("arn:aws:iam::210987654321:role/spaces-backup-identity-test");
    }

    @Test
    void anExplicitOidcProviderStillTakesTheKubeconfigFromTheStack() {
        var declared = run(StackConfig.valid().fromClusterStack().set("oidcProviderArn", OTHER_ARN), EKS_OUTPUTS);

        assertThat(declared.all(STACK_REFERENCE)).extracting(r -> r.name())
                .containsExactlyInAnyOrder("cluster", "previous-deployment");
        assertThat((String) declared.inputs(ROLE, "backup-role").get("assumeRolePolicy")).contains(OTHER_ARN);
        assertThat(declared.inputs(PROVIDER, "spaces-cluster")).containsKey("kubeconfig");
    }

    @Test
    void aStackWithoutTheNeededOutputsFailsAndDeclaresNothingButItsReference() {
        var result = StackRun.of(StackConfig.valid().fromClusterStack(), Map.of("kubeconfig", StackConfig.KUBECONFIG),
                List.of());

        assertThat(result.error()).get().isInstanceOf(InvalidConfigException.class).extracting(Throwable::getMessage)
                .asString().contains("clusterStack: 'acme/eks-cluster/dev' has no output 'oidcProviderArn'; set"
                        + " clusterStackOutputs.oidcProviderArn to the name of the output that holds it, or set"
                        + " oidcProviderArn in this stack's config");
        assertThat(result.registrations()).extracting(r -> r.type()).containsExactly(STACK_REFERENCE);
    }

    @Test
    void aMissingKubeconfigOutputIsReportedByName() {
        var outputs = Map.<String, Object>of("oidcProviderArn", StackConfig.OIDC_ARN);
        var result = StackRun.of(StackConfig.valid().fromClusterStack(), outputs, List.of());

        assertThat(result.error()).get().extracting(Throwable::getMessage).asString()
                .contains("clusterStack: 'acme/eks-cluster/dev' has no output 'kubeconfig'");
        assertThat(result.registrations()).extracting(r -> r.type()).containsExactly(STACK_REFERENCE);
    }

    @Test
    void anOutputOfTheWrongKindIsReportedWithItsType() {
        var outputs = Map.<String, Object>of("oidcProviderArn", StackConfig.OIDC_ARN, "kubeconfig", 5.0);
        var result = StackRun.of(StackConfig.valid().fromClusterStack(), outputs, List.of());

        assertThat(result.error()).get().extracting(Throwable::getMessage).asString()
                .contains("clusterStack: 'acme/eks-cluster/dev' has output 'kubeconfig' holding a secret double, which"
                        + " is not usable; set clusterStackOutputs.kubeconfig");
        assertThat(result.registrations()).extracting(r -> r.type()).containsExactly(STACK_REFERENCE);
    }

    /** Pod Identity needs the cluster's ARN; a name alone gives it only with an OIDC provider to take the rest from. */
    @Test
    void aClusterNameWithoutItsArnOrAnOidcProviderIsReported() {
        var outputs = Map.<String, Object>of("clusterName", "acme", "kubeconfig", StackConfig.KUBECONFIG);
        var result = StackRun.of(StackConfig.valid().fromClusterStack().identityMode("podIdentity"), outputs, List.of());

        assertThat(result.error()).get().isInstanceOf(InvalidConfigException.class).extracting(Throwable::getMessage)
                .asString().contains("clusterStack: 'acme/eks-cluster/dev' gives the cluster name 'acme' but neither"
                        + " its ARN (output 'clusterArn') nor an OIDC provider to derive it from; set clusterArn");
        assertThat(result.registrations()).extracting(r -> r.type()).containsExactly(STACK_REFERENCE);
    }

    @Test
    void anIssuerUrlFromAnotherClusterIsRejected() {
        var outputs = Map.<String, Object>of("oidcProviderArn", StackConfig.OIDC_ARN,
                "oidcProviderUrl", "oidc.eks.eu-west-1.amazonaws.com/id/FEDCBA9876543210FEDCBA9876543210",
                "kubeconfig", StackConfig.KUBECONFIG);
        var result = StackRun.of(StackConfig.valid().fromClusterStack(), outputs, List.of());

        assertThat(result.error()).get().extracting(Throwable::getMessage).asString()
                .contains("clusterStack output 'oidcProviderUrl': 'oidc.eks.eu-west-1.amazonaws.com/id/"
                        + "FEDCBA9876543210FEDCBA9876543210' does not match the OIDC provider ARN's issuer");
        assertThat(result.registrations()).extracting(r -> r.type()).containsExactly(STACK_REFERENCE);
    }

    @Test
    void aMalformedArnInTheStackIsReportedAsTheStacksOutput() {
        var outputs = Map.<String, Object>of("oidcProviderArn", "arn:aws:iam::1:oidc-provider/x",
                "kubeconfig", StackConfig.KUBECONFIG);
        var result = StackRun.of(StackConfig.valid().fromClusterStack(), outputs, List.of());

        assertThat(result.error()).get().extracting(Throwable::getMessage).asString()
                .contains("clusterStack output 'oidcProviderArn': 'arn:aws:iam::1:oidc-provider/x' has the account ID '1'");
        assertThat(result.registrations()).extracting(r -> r.type()).containsExactly(STACK_REFERENCE);
    }

    @Test
    void anOverQuotaPolicyFromStackOutputsDeclaresNothingButTheReference() {
        var result = StackRun.of(StackConfig.valid().fromClusterStack().controlPlanes(StackConfig.controlPlanes(30)),
                EKS_OUTPUTS, List.of());

        assertThat(result.error()).get().extracting(Throwable::getMessage).asString()
                .contains("controlPlanes: the irsa trust policy for 30 control planes is");
        assertThat(result.registrations()).extracting(r -> r.type()).containsExactly(STACK_REFERENCE);
    }

    /** A list where the issuer URL goes used to read as no URL at all, and the issuer cross-check was skipped. */
    @Test
    void anIssuerUrlOfTheWrongTypeIsRefusedNotPassedBy() {
        var outputs = Map.<String, Object>of("oidcProviderArn", StackConfig.OIDC_ARN,
                "oidcProviderUrl", List.of("oidc.eks.eu-west-1.amazonaws.com/id/FEDCBA9876543210FEDCBA9876543210"),
                "kubeconfig", StackConfig.KUBECONFIG);
        var result = StackRun.of(StackConfig.valid().fromClusterStack(), outputs, List.of());

        assertThat(result.error()).get().extracting(Throwable::getMessage).isEqualTo("invalid configuration:"
                + " clusterStack output 'oidcProviderUrl': expected a string (the OIDC issuer URL), got a list; name the"
                + " output that holds it in clusterStackOutputs, or set oidcProviderArn in this stack's config");
        assertThat(result.registrations()).extracting(r -> r.type()).containsExactly(STACK_REFERENCE);
    }

    @Test
    void anEmptyClusterArnIsRefusedNotPassedBy() {
        var outputs = Map.<String, Object>of("clusterArn", "", "clusterName", "acme", "oidcProviderArn",
                StackConfig.OIDC_ARN, "kubeconfig", StackConfig.KUBECONFIG);
        var result = StackRun.of(StackConfig.valid().fromClusterStack().identityMode("both"), outputs, List.of());

        assertThat(result.error()).get().extracting(Throwable::getMessage).isEqualTo("invalid configuration:"
                + " clusterStack output 'clusterArn': expected the cluster ARN, got an empty string; name the output that"
                + " holds it in clusterStackOutputs, or set clusterArn in this stack's config");
    }

    /** A misspelt name used to read as an absent output: with the issuer URL's, its cross-check was skipped. */
    @Test
    void anOutputNamedInClusterStackOutputsThatTheStackLacksIsRefused() {
        var config = StackConfig.valid().fromClusterStack().json("clusterStackOutputs",
                Map.of("oidcProviderUrl", "oidcIssuer"));
        var result = StackRun.of(config, EKS_OUTPUTS, List.of("kubeconfig"));

        assertThat(result.error()).get().extracting(Throwable::getMessage).isEqualTo("invalid configuration:"
                + " clusterStackOutputs.oidcProviderUrl: names the output 'oidcIssuer', which 'acme/eks-cluster/dev'"
                + " does not have; correct the name, or remove clusterStackOutputs.oidcProviderUrl to read the output"
                + " 'oidcProviderUrl'");
        assertThat(result.registrations()).extracting(r -> r.type()).containsExactly(STACK_REFERENCE);
    }

    /** Reported once, under the key that names it: not again as the stack's missing OIDC provider. */
    @Test
    void aMissingNamedOutputThatIsNeededIsReportedOnce() {
        var config = StackConfig.valid().fromClusterStack().json("clusterStackOutputs",
                Map.of("oidcProviderArn", "oidcArn", "kubeconfig", "adminKubeconfig"));
        var result = StackRun.of(config, EKS_OUTPUTS, List.of("kubeconfig"));

        assertThat(((InvalidConfigException) result.error().orElseThrow()).problems()).containsExactly(
                "clusterStackOutputs.kubeconfig: names the output 'adminKubeconfig', which 'acme/eks-cluster/dev' does"
                        + " not have; correct the name, or remove clusterStackOutputs.kubeconfig to read the output"
                        + " 'kubeconfig'",
                "clusterStackOutputs.oidcProviderArn: names the output 'oidcArn', which 'acme/eks-cluster/dev' does not"
                        + " have; correct the name, or remove clusterStackOutputs.oidcProviderArn to read the output"
                        + " 'oidcProviderArn'");
    }
}
