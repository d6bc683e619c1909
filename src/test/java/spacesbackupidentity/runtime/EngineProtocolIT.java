package spacesbackupidentity.runtime;

import com.google.gson.Gson;
import com.google.protobuf.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import pulumirpc.EngineOuterClass.LogSeverity;
import spacesbackupidentity.App;
import spacesbackupidentity.ChildProcess;
import spacesbackupidentity.config.EngineConfig;
import spacesbackupidentity.config.GoValues;
import spacesbackupidentity.offline.EngineRequests;
import spacesbackupidentity.offline.OfflineCloud;
import spacesbackupidentity.offline.OfflineRun;
import spacesbackupidentity.render.Render;
import spacesbackupidentity.settings.Secret;
import spacesbackupidentity.stack.KubernetesProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code pulumi up} and {@code pulumi preview} against the packaged jar, with an {@link EngineServer}
 * standing in for the Pulumi engine. The program starts as the Java language host starts it
 * (pulumi-java pkg/cmd/pulumi-language-java, constructEnv; executor_jar.go: {@code java -jar} when
 * Pulumi.yaml names the jar in runtime.options.binary), with the engine's two addresses, the stack
 * and the stack's config in its environment, and reaches the engine only over gRPC, through
 * {@code App.main}, {@link ProgramRuntime#run} and the SDK's own gRPC clients. The stack is dev
 * (Pulumi.dev.yaml, with Pulumi.yaml's defaults, as the offline render reads it), whose cluster facts
 * come from a stack reference the engine answers with examples/eks-cluster-dev.outputs.json and a
 * kubeconfig of the shape pulumi-eks exports.
 * <p>
 * What the engine receives is compared with the offline run of the same config and cloud
 * ({@link OfflineRun}, as the render and the mock tests run it): an update sends the same
 * requests, input for input and option for option, and registers the same stack outputs; a preview
 * sends the same resources and options, with unknowns exactly where outputs are not known yet. The
 * engine refuses a request that names a parent, provider or dependency not registered before it, so
 * a run with nothing refused registered everything in an order its dependencies allow.
 * Each of the eight runs (preview, update, invalid config, a preview without outputs; on this
 * program's runner and on the SDK's, {@value ProgramRuntime#SWITCH}=sdk) happens once, is bounded by {@link #TIMEOUT}, and prints its
 * wall time.
 */
class EngineProtocolIT {
    static final Path JAR = Path.of("target/spaces-backup-identity.jar");
    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final String PROJECT = "spaces-backup-identity";
    /** The Pulumi Cloud organization the engine names; the stack reads itself as ORGANIZATION/PROJECT/STACK. */
    static final String ORGANIZATION = "acme";
    static final String STACK = "dev";
    static final String ROOT_STACK_NAME = PROJECT + "-" + STACK;
    static final String PROVIDER_TYPE = "pulumi:providers:kubernetes";
    /** The shape pulumi-eks exports (generateKubeconfig), for the dev cluster of the outputs file. */
    static final String KUBECONFIG = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: kubernetes
              cluster:
                server: https://5C8E9A3F1D2B4C6E8A0B2D4F6A8C0E2B.gr7.us-east-1.eks.amazonaws.com
                certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
            contexts:
            - name: aws
              context: {cluster: kubernetes, user: aws}
            current-context: aws
            users:
            - name: aws
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  command: aws
                  args: [eks, get-token, --cluster-name, acme-dev]
            """;
    private static final Pattern STACK_TRACE = Pattern.compile(
            "(?m)^\\s*at [\\w$.]+\\(|^Caused by: |Exception in thread |^[\\w$.]+(Exception|Error)(: |$)");
    private static final Gson GSON = new Gson();

    enum Runner {
        /** {@link ProgramRuntime}'s runner and engine logger. */
        SEAM,
        /** The SDK's own, {@value ProgramRuntime#SWITCH}=sdk. */
        SDK
    }

    enum Scenario {
        PREVIEW, UPDATE, INVALID_CONFIG,
        /** A preview whose engine returns no outputs (EngineServer.startSilentPreview). */
        SILENT_PREVIEW;

        boolean dryRun() {
            return this == PREVIEW || this == SILENT_PREVIEW;
        }

        EngineConfig config() {
            return this == INVALID_CONFIG ? INVALID : VALID;
        }
    }

    static final EngineConfig VALID = Render.configOf(Path.of("."), STACK).config();
    /** Dev with a wildcard in the bucket name, which the bucket ARN in the permissions policy would widen. */
    static final EngineConfig INVALID = withBucket(VALID, "acme-spaces-backups-*");

    /** One program run: its exit status, what it printed, how long it took and what the engine received. */
    record ProgramRun(Runner runner, Scenario scenario, int exitCode, String out, String err, Duration wallTime,
                      EngineServer engine) {
        /** For assertion messages: enough to see what went wrong without running it again. */
        String describe() {
            return runner + " " + scenario + ": exit " + exitCode + " after " + wallTime.toMillis() + " ms"
                    + "\n  engine calls: " + engine.calls().stream().distinct().toList()
                    + "\n  refused: " + engine.refusals()
                    + "\n  errors logged: " + logged(LogSeverity.ERROR)
                    + "\n  stdout: " + out + "\n  stderr: " + err;
        }

        /** Registrations as {@link OfflineRun} records them: the root stack left out, reads included. */
        List<EngineRequests.Registration> registrations() {
            var registrations = new ArrayList<EngineRequests.Registration>();
            engine.registrations().stream().filter(r -> !r.getType().equals(EngineServer.ROOT_STACK_TYPE))
                    .map(EngineRequests::registration).forEach(registrations::add);
            engine.reads().stream().map(EngineRequests::registration).forEach(registrations::add);
            return registrations;
        }

        /** The stack outputs registered on the root stack resource, read as the offline run reads them. */
        List<Map<String, Object>> stackOutputs() {
            var rootUrn = "urn:pulumi:" + STACK + "::" + PROJECT + "::" + EngineServer.ROOT_STACK_TYPE + "::"
                    + ROOT_STACK_NAME;
            return engine.outputs().stream().filter(o -> o.getUrn().equals(rootUrn))
                    .map(o -> EngineRequests.struct(o.getOutputs())).toList();
        }

        List<String> logged(LogSeverity severity) {
            return engine.logs().stream().filter(l -> l.getSeverity() == severity).map(l -> l.getMessage()).toList();
        }
    }

    private static final Map<String, ProgramRun> RUNS = new ConcurrentHashMap<>();
    private static final Map<Scenario, OfflineRun.Result> OFFLINE = new ConcurrentHashMap<>();

    static ProgramRun run(Runner runner, Scenario scenario) {
        return RUNS.computeIfAbsent(runner + " " + scenario, key -> {
            try {
                return start(runner, scenario);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    /** The same program, config and cloud in the SDK's in-memory engine, on this program's runner. */
    static OfflineRun.Result offline(Scenario scenario) {
        return OFFLINE.computeIfAbsent(scenario.dryRun() ? Scenario.UPDATE : scenario, s -> {
            var config = s.config();
            return OfflineRun.run(ORGANIZATION, PROJECT, STACK, config, cloud(), ctx -> App.program(ctx, Path.of("")),
                    false);
        });
    }

    /** The cluster stack as the engine reads it: the example outputs, with a kubeconfig, secret. */
    static OfflineCloud cloud() {
        try {
            @SuppressWarnings("unchecked")
            var outputs = (Map<String, Object>) GSON.fromJson(
                    Files.readString(Path.of("examples/eks-cluster-" + STACK + ".outputs.json")), Map.class);
            var values = new LinkedHashMap<>(outputs);
            values.put("kubeconfig", KUBECONFIG);
            return new OfflineCloud(values, List.of("kubeconfig"), java.util.Optional.of("111122223333"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ProgramRun start(Runner runner, Scenario scenario) throws IOException, InterruptedException {
        var engine = scenario == Scenario.SILENT_PREVIEW ? EngineServer.startSilentPreview(PROJECT, STACK, cloud())
                : EngineServer.start(PROJECT, STACK, scenario.dryRun(), cloud());
        try {
            var builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar",
                    JAR.toString())
                    .directory(Path.of("").toAbsolutePath().toFile());
            var environment = builder.environment();
            environment.keySet().removeIf(name -> name.startsWith("PULUMI_") || name.equals(ProgramRuntime.SWITCH));
            environment.putAll(languageHostEnvironment(engine, scenario));
            if (runner == Runner.SDK) {
                environment.put(ProgramRuntime.SWITCH, "sdk");
            }
            var started = System.nanoTime();
            ChildProcess.Result result;
            try {
                result = ChildProcess.run(builder, TIMEOUT);
            } catch (AssertionError hung) {
                throw new AssertionError(runner + " " + scenario + ": " + hung.getMessage() + "\n  engine calls: "
                        + engine.calls().size() + ", last " + engine.calls().stream().skip(Math.max(0,
                        engine.calls().size() - 5)).toList(), hung);
            }
            var wallTime = Duration.ofNanos(System.nanoTime() - started);
            var run = new ProgramRun(runner, scenario, result.exitCode(), result.out(), result.err(), wallTime,
                    engine);
            System.out.printf("EngineProtocolIT: %s %s: exit %d in %d ms, %d engine calls %s, %d+%d chars on stdout+stderr%n",
                    runner, scenario, run.exitCode(), wallTime.toMillis(), engine.calls().size(),
                    engine.calls().stream().map(c -> c.substring(c.indexOf('/') + 1))
                            .collect(Collectors.groupingBy(c -> c, TreeMap::new, Collectors.counting())),
                    run.out().length(), run.err().length());
            return run;
        } finally {
            engine.close();
        }
    }

    /** What pulumi-language-java's constructEnv sets (the engine passes the stack's bare name). */
    static Map<String, String> languageHostEnvironment(EngineServer engine, Scenario scenario) {
        var config = scenario.config();
        var environment = new TreeMap<String, String>();
        environment.put("PULUMI_MONITOR", engine.monitorAddress());
        environment.put("PULUMI_ENGINE", engine.engineAddress());
        environment.put("PULUMI_ORGANIZATION", ORGANIZATION);
        environment.put("PULUMI_PROJECT", PROJECT);
        environment.put("PULUMI_STACK", STACK);
        environment.put("PULUMI_PWD", Path.of("").toAbsolutePath().toString());
        environment.put("PULUMI_DRY_RUN", String.valueOf(scenario.dryRun()));
        environment.put("PULUMI_PARALLEL", "16");
        environment.put(EngineConfig.CONFIG_VARIABLE, GoValues.json(new LinkedHashMap<String, Object>(config.values())));
        environment.put(EngineConfig.SECRET_KEYS_VARIABLE, GoValues.json(new ArrayList<Object>(config.secretKeys())));
        return environment;
    }

    static EngineConfig withBucket(EngineConfig config, String bucket) {
        var values = new LinkedHashMap<String, Object>(config.values());
        var key = PROJECT + ":backup";
        @SuppressWarnings("unchecked")
        var backup = new LinkedHashMap<String, Object>(GSON.fromJson(config.values().get(key), Map.class));
        backup.put("bucket", bucket);
        values.put(key, GoValues.json(backup));
        return EngineConfig.fromHandOff(GoValues.json(values), GoValues.json(new ArrayList<Object>(config.secretKeys())));
    }

    static Map<String, EngineRequests.Registration> byResource(List<EngineRequests.Registration> registrations) {
        return registrations.stream().collect(Collectors.toMap(r -> r.type() + " " + r.name(), Function.identity(),
                (a, b) -> {
                    throw new AssertionError("registered twice: " + a.type() + " " + a.name());
                }, TreeMap::new));
    }

    /** What every successful run shares: exit 0, nothing printed, nothing refused, nothing unimplemented asked for. */
    static void assertCleanRun(ProgramRun run) {
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.out()).as("standard output, which the language host passes on").isEmpty();
        assertThat(run.err()).as(run.describe()).doesNotContainPattern(STACK_TRACE).doesNotContain("SLF4J");
        assertThat(run.engine().refusals()).as(run.describe()).isEmpty();
        assertThat(run.engine().calls()).as("only the engine methods this server implements are called")
                .allMatch(EngineProtocolIT::implemented);
        assertThat(run.engine().features()).as("SupportsFeature asked").containsOnly("resourceReferences");
        assertThat(run.logged(LogSeverity.ERROR)).as(run.describe()).isEmpty();
        assertThat(run.logged(LogSeverity.WARNING)).as(run.describe()).isEmpty();
        var first = run.engine().registrations().get(0);
        assertThat(first.getType() + " " + first.getName()).as("the root stack is registered first")
                .isEqualTo(EngineServer.ROOT_STACK_TYPE + " " + ROOT_STACK_NAME);
    }

    static boolean implemented(String method) {
        return List.of("pulumirpc.ResourceMonitor/SupportsFeature", "pulumirpc.ResourceMonitor/RegisterResource",
                "pulumirpc.ResourceMonitor/ReadResource", "pulumirpc.ResourceMonitor/RegisterResourceOutputs",
                "pulumirpc.ResourceMonitor/Invoke", "pulumirpc.Engine/Log").contains(method);
    }

    /** The Kubernetes provider as the engine receives it: plugin 4.32.0, the kubeconfig as a secret on the wire. */
    static void assertKubernetesProvider(ProgramRun run) {
        var providers = run.engine().registrations().stream().filter(r -> r.getType().equals(PROVIDER_TYPE)).toList();
        assertThat(providers).as(run.describe()).singleElement().satisfies(provider -> {
            assertThat(provider.getVersion()).isEqualTo(KubernetesProvider.PLUGIN_VERSION);
            var kubeconfig = provider.getObject().getFieldsOrThrow("kubeconfig").getStructValue().getFieldsMap();
            assertThat(kubeconfig.get(EngineServer.SPECIAL_SIG_KEY)).isEqualTo(EngineServer.wire(EngineServer.SECRET_SIG));
            assertThat(kubeconfig.get("value")).isEqualTo(Value.newBuilder().setStringValue(KUBECONFIG).build());
        });
        assertThat(run.engine().registrations()).filteredOn(r -> r.getType().startsWith("kubernetes:"))
                .as("every Kubernetes resource goes through the explicit provider, never a default one").isNotEmpty()
                .allSatisfy(r -> assertThat(r.getProvider())
                        .startsWith("urn:pulumi:" + STACK + "::" + PROJECT + "::" + PROVIDER_TYPE + "::"));
    }

    @ParameterizedTest
    @EnumSource(Runner.class)
    void anUpdateSendsTheEngineWhatTheOfflineRunSends(Runner runner) {
        var run = run(runner, Scenario.UPDATE);
        var expected = offline(Scenario.UPDATE);

        assertThat(expected.error()).isEmpty();
        assertCleanRun(run);
        assertThat(byResource(run.registrations())).as(run.describe()).isEqualTo(byResource(expected.registrations()));
        assertKubernetesProvider(run);
        assertThat(run.stackOutputs()).as("outputs registered once, on the root stack").singleElement()
                .isEqualTo(expected.outputs());
        assertThat(expected.outputs()).containsKeys("roleArn", "trustPolicy");
    }

    @ParameterizedTest
    @EnumSource(Runner.class)
    void aPreviewSendsTheSameResourcesWithUnknownsWhereOutputsAreNotKnownYet(Runner runner) {
        var run = run(runner, Scenario.PREVIEW);
        var expected = byResource(offline(Scenario.PREVIEW).registrations());

        assertCleanRun(run);
        var previewed = byResource(run.registrations());
        assertThat(previewed.keySet()).as(run.describe()).isEqualTo(expected.keySet());
        previewed.forEach((resource, registration) -> {
            assertThat(registration.options()).as(resource).isEqualTo(expected.get(resource).options());
            assertThat(knownPartsEqual(registration.inputs(), expected.get(resource).inputs())).as(resource
                    + ": previewed " + registration.inputs() + "\n  updated " + expected.get(resource).inputs()).isTrue();
        });
        assertKubernetesProvider(run);
        assertThat(run.stackOutputs()).as("outputs registered once, on the root stack").singleElement()
                .satisfies(outputs -> {
                    assertThat(knownPartsEqual(outputs, offline(Scenario.UPDATE).outputs())).as(outputs.toString())
                            .isTrue();
                    assertThat(outputs.get("roleArn")).as("only AWS knows the role's ARN before it exists")
                            .isEqualTo(EngineRequests.UNKNOWN);
                });
    }

    /**
     * Java SDK 1.36.1 drops the dependency an output carries when the engine returns no value for
     * it (DeploymentImpl completeResourceAsync, OutputCompletionSource.trySetDefaultResult); the
     * program's explicit dependsOn keeps every resource ordered after what it uses anyway.
     */
    @ParameterizedTest
    @EnumSource(Runner.class)
    void aPreviewWithoutOutputsKeepsEveryDependency(Runner runner) {
        var run = run(runner, Scenario.SILENT_PREVIEW);
        var expected = byResource(offline(Scenario.UPDATE).registrations());

        assertCleanRun(run);
        var previewed = byResource(run.registrations());
        assertThat(previewed.keySet()).as(run.describe()).isEqualTo(expected.keySet());
        previewed.forEach((resource, registration) -> assertThat(registration.options().dependencies())
                .as(resource).containsExactlyInAnyOrderElementsOf(expected.get(resource).options().dependencies()));
    }

    @ParameterizedTest
    @EnumSource(Runner.class)
    void invalidConfigEndsTheRunWithOneErrorNamingTheKeyAndNothingDeclared(Runner runner) {
        var run = run(runner, Scenario.INVALID_CONFIG);
        var expected = offline(Scenario.INVALID_CONFIG);

        assertThat(expected.engineErrors()).hasSize(1);
        assertThat(run.exitCode()).as(run.describe()).isNotZero().isEqualTo(expected.exitCode());
        assertThat(run.logged(LogSeverity.ERROR)).as(run.describe()).singleElement()
                .satisfies(message -> assertThat(message).startsWith("invalid configuration: backup.bucket: ")
                        .contains("acme-spaces-backups-*").doesNotContainPattern(STACK_TRACE))
                .isEqualTo(expected.engineErrors().get(0));
        // The root stack's registration may or may not reach the engine before the process exits.
        assertThat(run.engine().registrations()).extracting(r -> r.getType() + " " + r.getName())
                .as("nothing but the root stack").allMatch(r -> r.equals(EngineServer.ROOT_STACK_TYPE + " "
                        + ROOT_STACK_NAME));
        assertThat(run.engine().reads()).isEmpty();
        assertThat(run.out()).as(run.describe()).isEmpty();
        assertThat(run.err()).as(run.describe()).doesNotContainPattern(STACK_TRACE).doesNotContain("SLF4J");
        assertThat(run.engine().refusals()).isEmpty();
        assertThat(run.engine().calls()).allMatch(EngineProtocolIT::implemented);
    }

    /** The seam changes how the SDK waits and what debug chatter it sends; the engine sees nothing else differ. */
    @Test
    void theSeamAndTheSdksRunnerSendTheEngineTheSameRequests() {
        for (var scenario : Scenario.values()) {
            var seam = run(Runner.SEAM, scenario);
            var sdk = run(Runner.SDK, scenario);

            assertThat(seam.exitCode()).as(scenario.name()).isEqualTo(sdk.exitCode());
            assertThat(byResource(seam.registrations())).as(scenario.name())
                    .isEqualTo(byResource(sdk.registrations()));
            assertThat(seam.stackOutputs()).as(scenario.name()).isEqualTo(sdk.stackOutputs());
            for (var severity : List.of(LogSeverity.INFO, LogSeverity.WARNING, LogSeverity.ERROR)) {
                assertThat(seam.logged(severity)).as(scenario + " " + severity).isEqualTo(sdk.logged(severity));
            }
            assertThat(seam.logged(LogSeverity.DEBUG)).as("the seam sends no SDK debug chatter").isEmpty();
            assertThat(sdk.logged(LogSeverity.DEBUG)).as("the SDK's runner does").isNotEmpty();
        }
    }

    /** Equal, except that an unknown in the preview stands for any value of the update. */
    static boolean knownPartsEqual(Object previewed, Object updated) {
        if (EngineRequests.UNKNOWN.equals(previewed)) {
            return true;
        }
        if (previewed instanceof Secret<?> p) {
            return updated instanceof Secret<?> u && knownPartsEqual(p.value(), u.value());
        }
        if (previewed instanceof Map<?, ?> p) {
            return updated instanceof Map<?, ?> u && p.keySet().equals(u.keySet())
                    && p.keySet().stream().allMatch(k -> knownPartsEqual(p.get(k), u.get(k)));
        }
        if (previewed instanceof List<?> p) {
            return updated instanceof List<?> u && p.size() == u.size()
                    && java.util.stream.IntStream.range(0, p.size()).allMatch(i -> knownPartsEqual(p.get(i), u.get(i)));
        }
        return Objects.equals(previewed, updated);
    }
}
