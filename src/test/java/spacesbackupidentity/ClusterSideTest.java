package spacesbackupidentity;

import com.pulumi.test.Mocks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import spacesbackupidentity.offline.OfflineRun;
import spacesbackupidentity.plan.BackupObjects;
import spacesbackupidentity.settings.InvalidConfigException;
import spacesbackupidentity.stack.KubernetesProvider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static spacesbackupidentity.Declared.PATCH;
import static spacesbackupidentity.Declared.PROVIDER;
import static spacesbackupidentity.Declared.RELEASE;
import static spacesbackupidentity.Declared.SERVICE_ACCOUNT_PATCH;
import static spacesbackupidentity.Declared.SHARED_BACKUP_CONFIG;
import static spacesbackupidentity.Declared.SHARED_BACKUP_SCHEDULE;
import static spacesbackupidentity.Declared.at;

/** The Spaces host cluster's side on Kubernetes provider plugin 4.32.0. */
class ClusterSideTest {
    static ProviderSchema schema;

    @BeforeAll
    static void schema() throws IOException {
        schema = ProviderSchema.load("/kubernetes/schema-4.32.0-subset.json");
    }

    @Test
    void theProviderAsksForPlugin4320AndPinsUpsertOff() {
        var declared = Declared.run(StackConfig.valid());

        assertThat(declared.options(PROVIDER, "spaces-cluster").version()).contains("4.32.0");
        assertThat(declared.inputs(PROVIDER, "spaces-cluster")).containsEntry("upsertExistingObjects", "false")
                .containsEntry("enableServerSideApply", "true");
        assertThat(declared.result().registrations()).filteredOn(r -> r.type().startsWith("kubernetes:")).isNotEmpty()
                .allSatisfy(r -> assertThat(r.options().provider()).as(r.name()).contains("spaces-cluster"));
    }

    /**
     * What Pulumi installs: the plugin listing of {@code com.pulumi.bootstrap.internal.Main packages},
     * run here on Maven's class path (project classes before the SDK jars, as {@code mvn exec:java}
     * has them), and on the packaged jar and through Maven itself in PluginListingIT. One
     * Kubernetes entry, 4.32.0: the project's plugin.json comes first.
     */
    @Test
    void thePluginListingNamesKubernetes4320Once() throws Exception {
        var plugins = PluginListing.of(System.getProperty("java.class.path"));

        PluginListing.assertOneKubernetesAndOneAwsPlugin(plugins);
        assertThat(com.pulumi.kubernetes.Utilities.getVersion()).as("version.txt, the SDK's default version option")
                .isEqualTo(KubernetesProvider.PLUGIN_VERSION);
        try (var in = ClusterSideTest.class.getResourceAsStream("/com/pulumi/kubernetes/plugin.json")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("\"4.32.0\"");
        }
    }

    static StackConfig withChart(String chart, Map<String, Object> more) {
        var spaces = new LinkedHashMap<String, Object>(Map.of("version", "1.14.1", "chart", chart));
        spaces.putAll(more);
        return StackConfig.valid().json("registry", Map.of("username", "robot", "password", "token"))
                .secret("registry").json("spaces", spaces);
    }

    /** Plugin 4.27.0+ logs in to the chart's registry with repositoryOpts (#3661): only the host they are for. */
    @Test
    void registryCredentialsGoOnlyToTheHostTheyAreFor() {
        var lookalike = StackRun.of(withChart("oci://xpkg.upbound.io.attacker.example/spaces-artifacts/spaces",
                Map.of()));
        assertThat(lookalike.error()).get().extracting(Throwable::getMessage).asString().contains(
                "spaces.chart: 'oci://xpkg.upbound.io.attacker.example/spaces-artifacts/spaces' comes from"
                        + " xpkg.upbound.io.attacker.example, but the registry credentials are for xpkg.upbound.io"
                        + " (spaces.registryHost); they are sent only there");
        assertThat(lookalike.registrations()).isEmpty();

        var mirror = Declared.run(withChart("oci://registry.acme.internal:5000/mirror/spaces",
                Map.of("registryHost", "registry.acme.internal:5000")));
        assertThat(mirror.inputs(RELEASE, "spaces-release")).containsEntry("chart",
                "oci://registry.acme.internal:5000/mirror/spaces").containsKey("repositoryOpts");

        var withoutCredentials = Declared.run(StackConfig.valid().json("spaces", Map.of("version", "1.14.1",
                "chart", "oci://registry.acme.internal/mirror/spaces")));
        assertThat(withoutCredentials.inputs(RELEASE, "spaces-release")).doesNotContainKey("repositoryOpts");
    }

    @Test
    void aChartIsAnOciReferenceOrAFileInsideTheProject() {
        for (var bad : List.of("https://charts.example.com/spaces-1.14.1.tgz", "oci://XPKG.upbound.io/spaces",
                "oci://xpkg.upbound.io", "oci://xpkg.upbound.io/spaces artifacts", "upbound/spaces")) {
            var result = StackRun.of(StackConfig.valid().json("spaces", Map.of("version", "1.14.1", "chart", bad)));
            assertThat(result.error()).as(bad).get().extracting(Throwable::getMessage).asString()
                    .containsAnyOf("spaces.chart: '" + bad + "' is not a chart reference",
                            "spaces.chart: '" + bad + "' does not exist in the project");
            assertThat(result.registrations()).as(bad).isEmpty();
        }
        var outside = StackRun.of(StackConfig.valid().json("spaces", Map.of("version", "1.14.1",
                "chart", "../../../../tmp/spaces.tgz")));
        assertThat(outside.error()).get().extracting(Throwable::getMessage).asString()
                .contains("spaces.chart: '../../../../tmp/spaces.tgz' leads outside the project directory");
        var absolute = StackRun.of(StackConfig.valid().json("spaces", Map.of("version", "1.14.1", "chart", "/tmp/x.tgz")));
        assertThat(absolute.error()).get().extracting(Throwable::getMessage).asString()
                .contains("spaces.chart: '/tmp/x.tgz' is not a path relative to the project directory");

        var local = Declared.run(StackConfig.valid().json("spaces", Map.of("version", "1.14.1",
                "chart", "charts/spaces")));
        assertThat(local.inputs(RELEASE, "spaces-release")).containsEntry("chart", "charts/spaces");
        var localWithCredentials = StackRun.of(withChart("charts/spaces", Map.of()));
        assertThat(localWithCredentials.error()).get().extracting(Throwable::getMessage).asString()
                .contains("registry: set, but spaces.chart is a chart in the project, which needs no registry login");
    }

    /** Every input the 4.0.0 Java types send is valid in plugin 4.32.0's schema. */
    @Test
    void everyInputIsValidInThe4320Schema() {
        var declared = Declared.run(StackConfig.valid().json("registry", Map.of("username", "robot",
                "password", "token")).secret("registry").json("spaces", Map.of("version", "1.14.1",
                "values", Map.of("account", "acme", "features", Map.of("a", true)))));

        assertThat(schema.comment()).contains("pulumi/pulumi-kubernetes at tag v4.32.0");
        assertThat(schema.problems("provider", declared.inputs(PROVIDER, "spaces-cluster"))).isEmpty();
        assertThat(schema.problems(RELEASE, declared.inputs(RELEASE, "spaces-release"))).isEmpty();
        assertThat(declared.all(PATCH)).isNotEmpty()
                .allSatisfy(patch -> assertThat(schema.problems(PATCH, patch.inputs())).as(patch.name()).isEmpty());
        assertThat(declared.all(SERVICE_ACCOUNT_PATCH)).isNotEmpty().allSatisfy(wait ->
                assertThat(schema.problems(SERVICE_ACCOUNT_PATCH, wait.inputs())).as(wait.name()).isEmpty());
        assertThat(schema.problems(SERVICE_ACCOUNT_PATCH, Map.of("metadata", Map.of(), "spec", Map.of())))
                .as("a property ServiceAccount has not").isNotEmpty();
    }

    @Test
    void theSchemaCheckCatchesWhatThePluginWouldRefuse() {
        assertThat(schema.problems(RELEASE, Map.of("chart", "x", "valuez", Map.of())))
                .containsExactly("kubernetes:helm.sh/v3:Release.valuez: not an input the schema declares");
        assertThat(schema.problems(RELEASE, Map.of("version", "1"))).containsExactly(
                "kubernetes:helm.sh/v3:Release.chart: required, missing");
        assertThat(schema.problems(RELEASE, Map.of("chart", "x", "repositoryOpts", Map.of("password", "p"))))
                .containsExactly("kubernetes:helm.sh/v3:Release.repositoryOpts.password: the schema marks it secret,"
                        + " but it is sent in plain text");
        assertThat(schema.problems("provider", Map.of("enableServerSideApply", "yes")))
                .containsExactly("provider.enableServerSideApply: expected boolean, got String");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "us-east-1, s3.us-east-1.amazonaws.com, arn:aws:iam",
            "eu-central-2, s3.eu-central-2.amazonaws.com, arn:aws:iam",
            "cn-north-1, s3.cn-north-1.amazonaws.com.cn, arn:aws-cn:iam",
            "us-gov-west-1, s3.us-gov-west-1.amazonaws.com, arn:aws-us-gov:iam",
            "us-iso-east-1, s3.us-iso-east-1.c2s.ic.gov, arn:aws-iso:iam",
            "us-isob-east-1, s3.us-isob-east-1.sc2s.sgov.gov, arn:aws-iso-b:iam",
            "eusc-de-east-1, s3.eusc-de-east-1.amazonaws.eu, arn:aws-eusc:iam"})
    void theSharedBackupConfigNamesTheRegionsS3EndpointInItsPartition(String region, String endpoint,
                                                                      String arnPrefix) {
        var declared = Declared.run(StackConfig.valid().set("aws:region", region)
                .set("oidcProviderArn", StackConfig.OIDC_ARN.replace("arn:aws:iam", arnPrefix)
                        .replace("us-east-1", region)));

        assertThat(at(declared.inputs(SHARED_BACKUP_CONFIG, "shared-backup-config-default"), "spec", "objectStorage",
                "config")).isEqualTo(Map.of("region", region, "endpoint", endpoint));
    }

    @ParameterizedTest(name = "{1} in {0}")
    @CsvSource({
            "us-east-1, s3-fips.us-east-1.amazonaws.com",
            "us-east-1, s3.dualstack.us-east-1.amazonaws.com",
            "us-east-1, s3-fips.dualstack.us-east-1.amazonaws.com",
            "us-east-1, bucket.vpce-0a1b2c3d4e5f6a7b8-e4f5g6h7.s3.us-east-1.vpce.amazonaws.com:443",
            "us-east-1, vpce-0a1b2c3d.s3.us-east-1.vpce.amazonaws.com",
            "cn-north-1, bucket.vpce-0a1b2c3d.s3.cn-north-1.vpce.amazonaws.com.cn",
            "us-gov-west-1, s3-fips.us-gov-west-1.amazonaws.com"})
    void anEndpointOverrideWinsWhenItIsAnAwsS3EndpointOfTheBucketsRegion(String region, String endpoint) {
        var declared = Declared.run(StackConfig.valid().backup(Map.of("endpoint", endpoint, "region", region))
                .set("aws:region", region)
                .set("oidcProviderArn", StackConfig.OIDC_ARN.replace("arn:aws:iam", "arn:"
                        + spacesbackupidentity.rules.AwsPartitions.ofRegion(region).orElseThrow().id() + ":iam")
                        .replace("us-east-1", region)));
        assertThat(at(declared.inputs(SHARED_BACKUP_CONFIG, "shared-backup-config-default"), "spec", "objectStorage",
                "config", "endpoint")).isEqualTo(endpoint);
    }

    /** Spaces uploads every backup, and the role's session token, to this host. */
    @Test
    void anEndpointThatIsNotAnAwsS3EndpointOfTheBucketsRegionIsRefused() {
        for (var bad : List.of("s3.attacker.example", "s3.us-east-1.amazonaws.com.attacker.example",
                "s3-fips.us-west-2.amazonaws.com", "s3.us-east-1.amazonaws.com.cn",
                "bucket.vpce-0a1b.s3.us-east-1.vpce.attacker.example", "attacker.example/s3.us-east-1.amazonaws.com",
                "https://s3.us-east-1.amazonaws.com", "s3.us-east-1.amazonaws.com/path", "S3.US-EAST-1.AMAZONAWS.COM",
                "s3 .us-east-1.amazonaws.com", "minio.internal:9000")) {
            var result = StackRun.of(StackConfig.valid().backup(Map.of("endpoint", bad)));
            assertThat(result.error()).as(bad).get().isInstanceOf(InvalidConfigException.class)
                    .extracting(Throwable::getMessage).asString()
                    .contains("backup.endpoint: '" + bad + "' is not an S3 endpoint of the bucket's region us-east-1;")
                    .contains("s3-fips.us-east-1.amazonaws.com");
            assertThat(result.registrations()).as(bad).isEmpty();
        }
    }

    /** AWS serves S3 over HTTPS on 443 only: any other port, in range or not, is not AWS. */
    @Test
    void anEndpointWithAPortOtherThan443IsRefused() {
        for (var port : List.of("0", "80", "8443", "65535", "65536", "99999", "-1", "")) {
            var endpoint = "s3-fips.us-east-1.amazonaws.com:" + port;
            var result = StackRun.of(StackConfig.valid().backup(Map.of("endpoint", endpoint)));
            assertThat(result.error()).as(endpoint).get().extracting(Throwable::getMessage).asString()
                    .contains("backup.endpoint: '" + endpoint + "' names port '" + port + "'; AWS's S3 endpoints serve"
                            + " HTTPS on port 443 and on no other, so anything else is not AWS; expected no port, or"
                            + " :443");
            assertThat(result.registrations()).as(endpoint).isEmpty();
        }
    }

    @Test
    void aKmsKeyOrPermissionsBoundaryOutsideTheRolesPartitionIsRefused() {
        var kms = "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        var boundary = "arn:aws-cn:iam::123456789012:policy/boundary";
        var kmsResult = StackRun.of(StackConfig.valid().backup(Map.of("kmsKeyArn", kms, "region", "us-gov-west-1")));
        var boundaryResult = StackRun.of(StackConfig.valid().json("role", Map.of("permissionsBoundary", boundary)));

        assertThat(kmsResult.error().get().getMessage()).contains("backup.kmsKeyArn: '" + kms + "' is in partition"
                + " aws-us-gov, but the role is in partition aws (the cluster's account); the role can use a key of its"
                + " own partition only, arn:aws:kms:...");
        assertThat(boundaryResult.error().get().getMessage()).contains("role.permissionsBoundary: '" + boundary
                + "' is in partition aws-cn, but the role is in partition aws (the cluster's account); a permissions"
                + " boundary must be a policy of the role's own partition, arn:aws:iam::...");
        assertThat(kmsResult.registrations()).isEmpty();
        assertThat(boundaryResult.registrations()).isEmpty();
    }

    @Test
    void anEndpointWithoutASharedBackupConfigIsRefusedAsUnused() {
        var result = StackRun.of(StackConfig.valid().backup(Map.of("endpoint", "s3-fips.us-east-1.amazonaws.com",
                "sharedConfig", false)));
        assertThat(result.error()).get().extracting(Throwable::getMessage).asString()
                .contains("backup.endpoint: set, but backup.sharedConfig.enabled is false");
    }

    @Test
    void aBucketRegionOutsideTheRolesPartitionIsRefused() {
        var result = StackRun.of(StackConfig.valid().backup(Map.of("region", "cn-north-1")));

        assertThat(result.error().get().getMessage()).contains("backup.region: 'cn-north-1' is in partition aws-cn,"
                + " but the cluster's account is in partition aws; the bucket must be in the role's partition");
    }

    @Test
    void spacesStaysInstalledOnDestroyUnlessAskedAndAnAdoptedReleaseAlways() {
        var fresh = Declared.run(StackConfig.valid());
        var uninstall = Declared.run(StackConfig.valid().json("spaces", Map.of("version", "1.14.1",
                "uninstallOnDestroy", true)));
        var adopted = Declared.run(StackConfig.valid().json("spaces", Map.of("version", "1.14.1", "adoptExisting", true)));
        var both = StackRun.of(StackConfig.valid().json("spaces", Map.of("version", "1.14.1", "adoptExisting", true,
                "uninstallOnDestroy", true)));

        assertThat(fresh.options(RELEASE, "spaces-release").retainOnDelete()).isTrue();
        assertThat(fresh.options(RELEASE, "spaces-release").importId()).isEmpty();
        assertThat(uninstall.options(RELEASE, "spaces-release").retainOnDelete()).isFalse();
        assertThat(adopted.options(RELEASE, "spaces-release").retainOnDelete()).isTrue();
        assertThat(adopted.options(RELEASE, "spaces-release").importId()).contains("upbound-system/spaces");
        assertThat(both.error().get().getMessage()).contains("spaces.uninstallOnDestroy: true, but spaces.adoptExisting"
                + " is true too: an adopted release is never uninstalled by this stack");
    }

    @Test
    void rolloutPatchesAreKeptOnDeleteSoARemovedControlPlaneNeverFails() {
        var declared = Declared.run(StackConfig.valid());

        assertThat(declared.all(PATCH)).isNotEmpty()
                .allSatisfy(p -> assertThat(p.options().retainOnDelete()).as(p.name()).isTrue());
    }

    @Test
    void backupObjectsAreCreatedOrAdoptedAndKeptOnDestroyUnlessAsked() {
        var scheduled = Map.<String, Object>of("cron", "0 2 * * *");
        var created = Declared.run(StackConfig.valid().backup(Map.of("schedule", scheduled)));
        var adopted = Declared.run(StackConfig.valid().backup(Map.of("sharedConfig", Map.of("adoptExisting", true),
                "schedule", Map.of("cron", "0 2 * * *", "name", "nightly", "adoptExisting", true))));
        var onlyConfig = Declared.run(StackConfig.valid().backup(Map.of("sharedConfig", Map.of("adoptExisting", true),
                "schedule", scheduled)));
        // Adopted once, then adoptExisting turned off (as adding a group forces): still kept.
        var adoptedThenOff = Declared.run(StackConfig.valid().backup(Map.of("sharedConfig",
                Map.of("adoptExisting", false))));
        var deleting = Declared.run(StackConfig.valid().backup(Map.of("schedule", scheduled, "deleteOnDestroy", true)));

        for (var type : List.of(SHARED_BACKUP_CONFIG, SHARED_BACKUP_SCHEDULE)) {
            assertThat(created.all(type)).isNotEmpty().allSatisfy(r -> {
                assertThat(r.options().importId()).isEmpty();
                assertThat(r.options().retainOnDelete()).isTrue();
            });
            assertThat(deleting.all(type)).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.options().retainOnDelete()).isFalse());
        }
        assertThat(adopted.options(SHARED_BACKUP_CONFIG, "shared-backup-config-team-a").importId())
                .contains("team-a/default");
        assertThat(adopted.options(SHARED_BACKUP_SCHEDULE, "shared-backup-schedule-team-a").importId())
                .contains("team-a/nightly");
        assertThat(adopted.result().registrations()).filteredOn(r -> r.type().startsWith("kubernetes:spaces"))
                .isNotEmpty().allSatisfy(r -> assertThat(r.options().retainOnDelete()).isTrue());
        assertThat(onlyConfig.options(SHARED_BACKUP_SCHEDULE, "shared-backup-schedule-default").importId()).isEmpty();
        assertThat(adoptedThenOff.all(SHARED_BACKUP_CONFIG)).isNotEmpty()
                .allSatisfy(r -> assertThat(r.options().retainOnDelete()).isTrue());
    }

    @Test
    void deleteOnDestroyIsRefusedWhileAdopting() {
        for (var kind : List.of("sharedConfig", "schedule")) {
            var adopting = new LinkedHashMap<String, Object>(Map.of("adoptExisting", true));
            if (kind.equals("schedule")) {
                adopting.put("cron", "@daily");
            }
            var result = StackRun.of(StackConfig.valid().backup(Map.of(kind, adopting, "deleteOnDestroy", true)));
            assertThat(result.error()).as(kind).get().extracting(Throwable::getMessage).asString().contains(
                    "backup.deleteOnDestroy: true, but backup." + kind + ".adoptExisting is true too: adopted objects"
                            + " are never deleted by this stack");
            assertThat(result.registrations()).as(kind).isEmpty();
        }
    }

    /**
     * Plugin 4.32.0 refuses to create an object that already exists (pulumi-kubernetes#2926;
     * provider/pkg/await/await.go at v4.32.0 returns this text). Modelled here: the stack never
     * takes such an object over, and with adoptExisting imports it instead.
     */
    @Test
    void anExistingObjectFailsTheRunUnlessAdopted() {
        var existing = Set.of("default/default");
        var refused = OfflineRun.run(StackConfig.PROJECT, StackConfig.STACK, StackConfig.valid().engineConfig(),
                clusterWithObjects(existing), ctx -> App.program(ctx, StackRun.PROJECT_DIR));
        var adoptedConfig = StackConfig.valid().backup(Map.of("sharedConfig", Map.of("adoptExisting", true)));
        var adopted = OfflineRun.run(StackConfig.PROJECT, StackConfig.STACK, adoptedConfig.engineConfig(),
                clusterWithObjects(existing), ctx -> App.program(ctx, StackRun.PROJECT_DIR));

        // The program asks the provider to create it (no import, no upsert) and the run fails with the
        // provider's error; the message text itself is the mock's rendition of the provider's.
        assertThat(refused.registration(SHARED_BACKUP_CONFIG, "shared-backup-config-default").orElseThrow()
                .options().importId()).isEmpty();
        assertThat(refused.registration(PROVIDER, "spaces-cluster").orElseThrow().inputs())
                .containsEntry("upsertExistingObjects", "false");
        assertThat(refused.error()).as("the provider's failure fails the run").isPresent();
        assertThat(adopted.error()).isEmpty();
        assertThat(adopted.registration(SHARED_BACKUP_CONFIG, "shared-backup-config-default").orElseThrow()
                .options().importId()).contains("default/default");
    }

    /** A cluster holding objects, refusing their creation as plugin 4.32.0 does. */
    static Mocks clusterWithObjects(Set<String> existing) {
        return new RefusingCloud(args -> {
            var metadata = (Map<?, ?>) args.inputs.get("metadata");
            var creates = (args.id == null || args.id.isEmpty()) && args.type.startsWith("kubernetes:spaces.upbound.io/");
            if (creates && existing.contains(metadata.get("namespace") + "/" + metadata.get("name"))) {
                return Optional.of(args.type + " " + metadata.get("name") + " already exists\n\nThe resource already"
                        + " exists in the cluster. This can happen when:");
            }
            return Optional.empty();
        });
    }

    @Test
    void theGeneratedObjectsStillFitTheSpacesCrds() throws IOException {
        var configSchema = CrdSchemas.of("spaces.upbound.io_sharedbackupconfigs.yaml", "v1alpha1");
        var settings = StackConfig.valid().backup(Map.of("prefix", "dev", "endpoint", "s3-fips.us-east-1.amazonaws.com",
                "sharedConfig", Map.of("adoptExisting", true))).settings();

        var configs = BackupObjects.of(settings).stream().filter(o -> o.kind().equals(BackupObjects.CONFIG_KIND))
                .toList();

        assertThat(configs).as("one SharedBackupConfig per group").hasSize(2);
        for (var object : configs) {
            assertThat(CrdSchemas.errors(configSchema, object.manifest())).as(object.reference()).isEmpty();
        }
    }
}
