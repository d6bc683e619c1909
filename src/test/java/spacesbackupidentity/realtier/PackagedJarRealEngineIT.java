package spacesbackupidentity.realtier;

import com.google.gson.Gson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar as {@code runtime.options.binary}, under the real CLI: {@code pulumi up} and
 * {@code pulumi preview} with the program started as the Java language host starts it (by
 * {@link JarLanguageHost}, pulumi-language-java not being buildable here). Its own runner makes the
 * stack, and the SDK's runner then sees nothing to change: both send the engine the same program.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackagedJarRealEngineIT {
    private static final Gson GSON = new Gson();
    static final Path JAR = Path.of("target/spaces-backup-identity.jar").toAbsolutePath();
    private RealTierWorld world;
    private AwsStandIn aws;
    private RealEngine engine;
    private TestProject project;
    private RealEngine.ProgramStack program;
    private Path dir;
    /** Spaces, writing the release's annotation onto the control plane's service account, which the rollout waits for. */
    private StandInSpaces spaces;

    @BeforeAll
    @SuppressWarnings("unchecked")
    void start() throws Exception {
        world = RealTierWorld.get();
        world.registry().push("1.14.1");
        dir = RealTierWorld.ROOT.resolve("packaged-jar").toAbsolutePath();
        RealTierWorld.deleteTree(dir);
        var clusterOutputs = new LinkedHashMap<String, Object>(GSON.fromJson(Files.readString(
                Path.of("examples/eks-cluster-dev.outputs.json")), Map.class));
        clusterOutputs.put("kubeconfig", world.cluster().kubeconfig());
        aws = new AwsStandIn("111122223333", Set.of((String) clusterOutputs.get("oidcProviderArn")), Set.of(), 2048);
        var environment = new HashMap<>(world.registry().helmEnvironment("jar-provider", true));
        environment.put("SSL_CERT_FILE", world.cluster().certificates().ca().toString());
        engine = new RealEngine(dir.resolve("pulumi"), aws, environment);
        engine.clusterStack("eks-cluster", "jar", clusterOutputs, Set.of("kubeconfig"));
        project = TestProject.of(dir.resolve("project"), "jar", Path.of("Pulumi.dev.yaml"),
                "organization/eks-cluster/jar", world.registry(), config -> {
                    config.put(TestProject.KEY_PREFIX + "controlPlanes", List.of(Map.of("name", "orders",
                            "group", "jar-a", "id", "7a700000-0000-4000-8000-000000000001")));
                    ((Map<String, Object>) config.get(TestProject.KEY_PREFIX + "spaces")).put("namespace", "upbound-jar");
                });
        project.createNamespaces(world.cluster());
        program = engine.program(project.dir(), "jar");
        spaces = StandInSpaces.after(java.time.Duration.ZERO, world.cluster(), "upbound-jar", "spaces", () -> {
            try {
                return project.namespaces();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @AfterAll
    void stop() throws Exception {
        if (spaces != null) {
            spaces.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (aws != null) {
            aws.close();
        }
    }

    @Test
    @Order(1)
    void upWithTheProgramsRunnerThenAPreviewWithTheSdksFindsNothingToChange() throws Exception {
        try (var host = new JarLanguageHost(JAR, Map.of(), dir.resolve("seam"))) {
            var up = program.run("up", "--yes", "--skip-preview", "--client", host.address());
            assertThat(up.exitCode()).as(up.out() + up.err()).isZero();
            // The stack, the role and its policy, the provider, the release, the service account's wait, the
            // rollout, the group's SharedBackupConfig and SharedBackupSchedule.
            assertThat(up.out()).contains("+ 9 created");
        }
        try (var host = new JarLanguageHost(JAR, Map.of("SPACES_BACKUP_IDENTITY_RUNTIME", "sdk"), dir.resolve("sdk"))) {
            var preview = program.run("preview", "--expect-no-changes", "--client", host.address());
            assertThat(preview.exitCode()).as(preview.out() + preview.err()).isZero();
        }
        assertThat(aws.roleNames()).containsExactly("spaces-backup-identity-jar");
    }

    /** As a user sees it at a terminal: the program's one message, no stack trace, nothing created. */
    @Test
    @Order(2)
    @SuppressWarnings("unchecked")
    void invalidConfigFailsWithOneMessage() throws Exception {
        project.change(config -> ((Map<String, Object>) config.get(TestProject.KEY_PREFIX + "backup")).remove("bucket"));
        var createsBefore = aws.calls().stream().filter(call -> call.method().equals("Create")).count();
        try (var host = new JarLanguageHost(JAR, Map.of(), dir.resolve("invalid"))) {
            var preview = program.run("preview", "--client", host.address());

            assertThat(preview.exitCode()).isNotZero();
            var output = preview.out() + preview.err();
            assertThat(output).contains("backup.bucket: required").doesNotContain("\tat ")
                    .doesNotContain("Exception");
            // The CLI shows each diagnostic as it comes and again in its summary: one error there.
            var diagnostics = output.substring(output.indexOf("Diagnostics:"));
            assertThat(diagnostics.lines().filter(line -> line.strip().startsWith("error:")).toList()).as(output)
                    .containsExactly("    error: invalid configuration: backup.bucket: required; the S3 bucket that holds"
                            + " the backups");
        }
        assertThat(aws.calls().stream().filter(call -> call.method().equals("Create")).count()).isEqualTo(createsBefore);
    }
}
