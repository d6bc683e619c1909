package spacesbackupidentity.realtier;

import com.google.gson.Gson;
import com.pulumi.automation.CommandException;
import com.pulumi.automation.ConfigValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Spaces chart from a TLS registry that requires a login, as the Kubernetes provider plugin the
 * tier runs pulls it. Which credentials reach an {@code oci://} pull depends on the plugin's version
 * (pulumi-kubernetes#3661, 4.27.0): before 4.27.0 only the login in Helm's registry config
 * ({@code helm registry login}) does, and the Release's {@code repositoryOpts} username and password
 * (this program's {@code registry}) are not used; from 4.27.0 they are. Each test states what the
 * running version must do.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChartRegistryRealEngineIT {
    private static final Gson GSON = new Gson();
    private RealTierWorld world;
    private Path dir;
    private Map<String, Object> clusterOutputs;

    @BeforeAll
    @SuppressWarnings("unchecked")
    void start() throws Exception {
        world = RealTierWorld.get();
        world.registry().push("1.14.1");
        dir = RealTierWorld.ROOT.resolve("chart-registry").toAbsolutePath();
        RealTierWorld.deleteTree(dir);
        clusterOutputs = new LinkedHashMap<>(GSON.fromJson(Files.readString(Path.of("examples/eks-cluster-dev.outputs.json")),
                Map.class));
        clusterOutputs.put("kubeconfig", world.cluster().kubeconfig());
    }

    @AfterAll
    void stop() {
    }

    /** Whether the running plugin logs in with the Release's own username and password. */
    static boolean releaseCredentialsReachOci() {
        var version = RealTier.version("pulumi-resource-kubernetes").split("\\.");
        return Integer.parseInt(version[0]) > 4 || Integer.parseInt(version[0]) == 4 && Integer.parseInt(version[1]) >= 27;
    }

    /** The stack's own credentials, right, and Helm's registry config with no login. */
    @Test
    void theReleasesOwnCredentialsAreUsedFrom4_27On() throws Exception {
        var run = up("own-credentials", ChartRegistry.PASSWORD, world.registry().helmEnvironment("no-login", false));

        if (releaseCredentialsReachOci()) {
            assertThat(run.failure()).as(run.output()).isNull();
        } else {
            assertThat(run.failure()).as("plugin " + RealTier.version("pulumi-resource-kubernetes")
                    + " pulls oci:// charts with Helm's registry login only").isNotNull();
            // Helm's registry client finds no login for the host, and the Release's credentials are not asked.
            assertThat(run.releaseErrors()).singleElement().asString()
                    .contains("property chart value {" + world.registry().chart() + "} has a problem")
                    .contains("basic credential not found");
        }
    }

    /**
     * A wrong password, in the stack and in Helm's registry config alike: one message, naming the
     * failure, as a user sees it at the terminal. Run with the packaged jar, as users run it: the
     * registrations still in flight when the engine stops on the release fail with
     * {@code UNAVAILABLE}, which the program's runner leaves to the engine's message (the SDK's own
     * runner, under the Automation API's inline programs, adds a gRPC stack trace for them).
     */
    @Test
    void aWrongPasswordFailsWithOneMessage() throws Exception {
        var helm = new HashMap<>(world.registry().helmEnvironment("wrong-login", false));
        var registryConfig = Path.of(helm.get("HELM_REGISTRY_CONFIG"));
        Files.createDirectories(registryConfig.getParent());
        var auth = Base64.getEncoder().encodeToString((ChartRegistry.USERNAME + ":not-the-password")
                .getBytes(StandardCharsets.UTF_8));
        Files.writeString(registryConfig, GSON.toJson(Map.of("auths", Map.of(world.registry().host(), Map.of("auth", auth)))));

        var run = up("wrong-password", "not-the-password", helm, true);

        assertThat(run.failure()).as("pulumi up fails").isNotNull();
        assertThat(run.releaseErrors()).as(run.output()).singleElement().asString()
                .contains("response status code 401: unauthorized: authentication required")
                .doesNotContain("not-the-password").doesNotContain(ChartRegistry.PASSWORD);
        assertThat(run.output()).doesNotContain("not-the-password").doesNotContain("\tat ")
                .doesNotContain("StatusRuntimeException");
        var diagnostics = run.output().substring(run.output().indexOf("Diagnostics:"));
        assertThat(diagnostics.lines().filter(line -> line.strip().startsWith("error:")).toList()).as(run.output())
                .hasSize(1);
    }

    /** What one {@code up} did: its failure, if any, and the errors the engine reported for the release. */
    record Outcome(CommandException failure, List<String> releaseErrors, String output) {
    }

    private Outcome up(String name, String password, Map<String, String> helm) throws Exception {
        return up(name, password, helm, false);
    }

    /** One {@code up}, as an inline program or, {@code withTheJar}, with the packaged jar under the CLI. */
    private Outcome up(String name, String password, Map<String, String> helm, boolean withTheJar) throws Exception {
        var environment = new HashMap<>(helm);
        environment.put("SSL_CERT_FILE", world.cluster().certificates().ca().toString());
        try (var aws = new AwsStandIn("111122223333", Set.of((String) clusterOutputs.get("oidcProviderArn")), Set.of(), 2048);
             var engine = new RealEngine(dir.resolve(name).resolve("pulumi"), aws, environment)) {
            engine.clusterStack("eks-cluster", "dev", clusterOutputs, Set.of("kubeconfig"));
            var project = TestProject.of(dir.resolve(name).resolve("project"), "dev", Path.of("Pulumi.dev.yaml"),
                    "organization/eks-cluster/dev", world.registry(), config -> {
                        @SuppressWarnings("unchecked")
                        var spaces = (Map<String, Object>) config.get(TestProject.KEY_PREFIX + "spaces");
                        spaces.put("namespace", "upbound-" + name);
                    });
            var program = engine.program(project.dir(), "dev");
            program.stack().setConfig(TestProject.KEY_PREFIX + "registry.username",
                    new ConfigValue(ChartRegistry.USERNAME, true), true);
            program.stack().setConfig(TestProject.KEY_PREFIX + "registry.password", new ConfigValue(password, true), true);
            if (withTheJar) {
                try (var host = new JarLanguageHost(PackagedJarRealEngineIT.JAR, Map.of(), dir.resolve(name).resolve("host"))) {
                    var up = program.run("up", "--yes", "--skip-preview", "--client", host.address());
                    var output = up.out() + up.err();
                    return new Outcome(up.exitCode() == 0 ? null : new CommandException(new com.pulumi.automation.CommandResult(up.exitCode(), up.out(), up.err())),
                            releaseDiagnostics(output), output);
                }
            }
            var run = program.tryUp();
            return new Outcome(run.failure(), run.errorsOf("spaces-release"), run.standardOutput() + run.standardError()
                    + (run.failure() == null ? "" : run.failure().getMessage()));
        }
    }

    /** The errors under the release in the CLI's summary of diagnostics. */
    static List<String> releaseDiagnostics(String output) {
        var errors = new java.util.ArrayList<String>();
        var inRelease = false;
        for (var line : output.substring(Math.max(0, output.indexOf("Diagnostics:"))).lines().toList()) {
            if (line.startsWith("  ") && !line.startsWith("    ")) {
                inRelease = line.contains("(spaces-release)");
            } else if (inRelease && line.strip().startsWith("error:")) {
                errors.add(line.strip());
            }
        }
        return errors;
    }
}
