package spacesbackupidentity.settings;

import org.junit.jupiter.api.Test;
import spacesbackupidentity.StackConfig;
import spacesbackupidentity.rules.AwsNames;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static spacesbackupidentity.StackConfig.id;

class SettingsTest {

    @Test
    void defaultsFillEverythingOptional() {
        var settings = StackConfig.valid().settings();

        assertThat(settings.role().name()).isEqualTo("spaces-backup-identity-test");
        assertThat(settings.role().path()).isEqualTo("/");
        assertThat(settings.role().maxSessionDuration()).isEqualTo(3600);
        assertThat(settings.role().permissionsBoundary()).isEmpty();
        assertThat(settings.spaces().chart()).isEqualTo("oci://xpkg.upbound.io/spaces-artifacts/spaces");
        assertThat(settings.spaces().namespace()).isEqualTo("upbound-system");
        assertThat(settings.spaces().releaseName()).isEqualTo("spaces");
        assertThat(settings.spaces().adoptExisting()).isFalse();
        assertThat(settings.trustPolicyQuota()).isEqualTo(2048);
        assertThat(settings.cluster().useAmbientKubeconfig()).isFalse();
        assertThat(settings.cluster().outputNames())
                .isEqualTo(new ClusterSettings.StackOutputNames("oidcProviderArn", "oidcProviderUrl", "kubeconfig",
                        "clusterName", "clusterArn"));
        assertThat(settings.identityMode()).isEqualTo(IdentityMode.IRSA);
    }

    @Test
    void aDefaultRoleNameOverIamsLimitKeepsAStableHashedTail() {
        var name = RoleSettings.defaultName("spaces-backup-identity", "production-eu-central-1-blue-green-canary-2");

        assertThat(name).hasSize(64).startsWith("spaces-backup-identity-production-eu-central-1-blue-gre-")
                .isEqualTo(RoleSettings.defaultName("spaces-backup-identity", "production-eu-central-1-blue-green-canary-2"));
        assertThat(AwsNames.checkRoleName(name)).isEmpty();
    }

    @Test
    void controlPlanesResolveNamespacesAndSortByGroupAndName() {
        var settings = StackConfig.valid().controlPlanes(List.of(
                Map.of("name", "b", "group", "team-a", "id", id(1)),
                Map.of("name", "a", "group", "team-a", "namespace", "mxp-" + id(3) + "-system"),
                Map.of("name", "b", "group", "default", "id", id(2)))).settings();

        assertThat(settings.controlPlanes()).containsExactly(
                new ControlPlane("default", "b", "mxp-" + id(2) + "-system"),
                new ControlPlane("team-a", "a", "mxp-" + id(3) + "-system"),
                new ControlPlane("team-a", "b", "mxp-" + id(1) + "-system"));
    }

    @Test
    void valuesFilesAreReadFromTheProjectDirectoryAndKeepTheirTypes() {
        var settings = StackConfig.valid().json("spaces", Map.of("version", "1.14.1",
                "valuesFiles", List.of("values/base.yaml"), "values", Map.of("account", "acme-prod"))).settings();

        var layers = settings.spaces().values();
        assertThat(layers).extracting(ValuesSource::key)
                .containsExactly("spaces.valuesFiles[0] ('values/base.yaml')", "spaces.values");
        assertThat(layers.get(0).values()).containsEntry("releaseDate", "2026-01-02").containsEntry("account", "acme");
        assertThat(layers.get(1).values()).containsEntry("account", "acme-prod");
    }

    @Test
    void scalarsThatPulumiStoresAsNumbersOrBooleansReadAsText() {
        var settings = StackConfig.valid().json("podLabels", Map.of("tier", 1, "backup", true)).settings();

        assertThat(settings.podLabels()).containsExactly(Map.entry("backup", "true"), Map.entry("tier", "1"));
    }

    @Test
    void aPrefixWithOrWithoutTrailingSlashIsTheSamePrefix() {
        var a = StackConfig.valid().json("backup", Map.of("bucket", "acme-b", "prefix", "spaces/prod/")).settings();
        var b = StackConfig.valid().json("backup", Map.of("bucket", "acme-b", "prefix", "spaces/prod")).settings();

        assertThat(a.backup()).isEqualTo(b.backup());
        assertThat(a.backup().orElseThrow().prefix()).contains("spaces/prod");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        var config = StackConfig.valid()
                .json("role", Map.of("name", "a b", "maxSessionDuration", 60))
                .json("backup", Map.of("bucket", "B"))
                .remove("oidcProviderArn");

        assertThatThrownBy(config::settings)
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).extracting(p -> p.split(":")[0])
                        .containsExactlyInAnyOrder("oidcProviderArn", "role.name", "role.maxSessionDuration",
                                "backup.bucket"))
                .hasMessageStartingWith("invalid configuration (4 problems):\n  - ");
    }

    @Test
    void secretsNeverPrint() {
        var settings = StackConfig.valid().json("registry", Map.of("username", "robot", "password", "hunter2"))
                .secret("registry").settings();

        assertThat(settings.toString()).doesNotContain("hunter2").doesNotContain(StackConfig.KUBECONFIG)
                .contains("[secret]");
        assertThat(settings.spaces().registry()).map(r -> r.password().value()).contains("hunter2");
    }

    @Test
    void anIssuerUrlMatchesWithOrWithoutScheme() {
        var oidc = OidcProvider.parse("oidcProviderArn", StackConfig.OIDC_ARN);

        assertThat(oidc.issuer()).isEqualTo(StackConfig.ISSUER);
        assertThat(oidc.accountId()).isEqualTo("123456789012");
        assertThat(oidc.partition()).isEqualTo("aws");
        assertThat(oidc.checkIssuerUrl("https://" + StackConfig.ISSUER)).isEmpty();
        assertThat(oidc.checkIssuerUrl(StackConfig.ISSUER + "/")).isEmpty();
        assertThat(oidc.checkIssuerUrl("https://oidc.eks.eu-west-1.amazonaws.com/id/X")).get().asString()
                .contains("does not match the OIDC provider ARN's issuer");
    }

    @Test
    void aClusterStackStandsInForOidcAndKubeconfig() {
        var settings = StackConfig.valid().fromClusterStack().settings();

        assertThat(settings.cluster().stack()).contains("acme/eks-cluster/dev");
        assertThat(settings.cluster().oidcProviderFromStack()).isTrue();
        assertThat(settings.cluster().kubeconfigFromStack()).isTrue();
    }

    @Test
    void ambientKubeconfigOnlyOnRequestAndNotBesideAnExplicitOne() {
        var ambient = StackConfig.valid().remove("kubeconfig").set("useAmbientKubeconfig", "true").settings();
        assertThat(ambient.cluster().kubeconfig()).isEmpty();
        assertThat(ambient.cluster().kubeconfigFromStack()).isFalse();

        assertThatThrownBy(() -> StackConfig.valid().set("useAmbientKubeconfig", "true").settings())
                .hasMessageContaining("useAmbientKubeconfig: true, but kubeconfig is set too; use one of them");
        assertThatThrownBy(() -> StackConfig.valid().set("useAmbientKubeconfig", "yes").settings())
                .hasMessageContaining("useAmbientKubeconfig: expected true or false, got 'yes'");
    }
}
