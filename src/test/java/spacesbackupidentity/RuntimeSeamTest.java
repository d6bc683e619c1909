package spacesbackupidentity;

import com.pulumi.Context;
import com.pulumi.core.Output;
import com.pulumi.deployment.internal.DeploymentImpl;
import com.pulumi.deployment.internal.EngineLogger;
import com.pulumi.deployment.internal.Runner;
import com.pulumi.internal.PulumiInternal;
import com.pulumi.resources.StackOptions;
import com.pulumi.test.Mocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import spacesbackupidentity.config.EngineConfig;
import spacesbackupidentity.offline.OfflineCloud;
import spacesbackupidentity.offline.OfflineRun;
import spacesbackupidentity.runtime.ProgramRuntime;
import spacesbackupidentity.settings.InvalidConfigException;
import spacesbackupidentity.stack.KubernetesObject;

import java.lang.reflect.Field;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The runtime seam (spacesbackupidentity.runtime) changes how the SDK waits and what debug chatter
 * it sends, and nothing else: on every path, successful or failing, the run ends with the same exit
 * code, the same exceptions and the same errors sent to the engine as on the SDK's own runner.
 */
class RuntimeSeamTest {

    /** The seam replicates internals of exactly this SDK; another version must be looked at first. */
    @Test
    void theSdkOnTheClassPathIsTheOneTheSeamWasWrittenFor() throws Exception {
        // Under Maven the SDK is its own jar, named after its version (the jar carries no version file).
        var sdkJar = Path.of(DeploymentImpl.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(sdkJar.getFileName().toString())
                .as("spacesbackupidentity.runtime replicates DeploymentImpl.DefaultRunner and PulumiInternal of SDK "
                        + ProgramRuntime.SDK_VERSION + "; compare them with the new SDK's before raising the version")
                .isEqualTo("pulumi-" + ProgramRuntime.SDK_VERSION + ".jar");
    }

    /**
     * What the seam takes from the SDK without the compiler checking it: the classes it replicates,
     * with the methods it follows, and the SDK's engine logger reaching the runner through a
     * {@code Supplier} (the state's field, read when it logs). Were the runner handed to the logger
     * when it is made, swapping {@code state.runner} afterwards would leave the logger's tasks on the
     * SDK's runner, which this program's runner never waits for.
     */
    @Test
    void theSdkInternalsTheSeamReplicatesHaveTheShapeItFollows() throws Exception {
        var defaultRunner = Class.forName("com.pulumi.deployment.internal.DeploymentImpl$DefaultRunner");
        assertThat(defaultRunner).isAssignableTo(Runner.class);
        assertThatCode(() -> defaultRunner.getDeclaredConstructor(Logger.class, EngineLogger.class))
                .as("DefaultRunner(Logger, EngineLogger), as AwaitingRunner is made").doesNotThrowAnyException();
        for (var parameter : List.of(Exception.class, Throwable.class)) {
            assertThat(defaultRunner.getDeclaredMethod("handleExceptionAsync", parameter).getGenericReturnType())
                    .as("DefaultRunner.handleExceptionAsync(%s), which AwaitingRunner follows", parameter.getSimpleName())
                    .hasToString("java.util.concurrent.CompletableFuture<java.lang.Integer>");
        }

        var engineLogger = Class.forName("com.pulumi.deployment.internal.DeploymentImpl$DefaultEngineLogger");
        var made = engineLogger.getConstructor(Logger.class, Supplier.class, Supplier.class);
        assertThat(Arrays.stream(made.getGenericParameterTypes()).map(Type::getTypeName))
                .contains("java.util.function.Supplier<com.pulumi.deployment.internal.Runner>");
        assertThat(engineLogger.getDeclaredFields()).extracting(Field::getType).doesNotContain(Runner.class);

        assertThat(PulumiInternal.class.getDeclaredMethod("completeConfiguration", DeploymentImpl.class,
                StackOptions.class).getReturnType()).as("what ProgramRuntime.run builds as Pulumi.run does")
                .isEqualTo(PulumiInternal.class);
    }

    static final EngineConfig CONFIG = StackConfig.valid().engineConfig();

    /** A cloud whose API refuses the IAM role. */
    static Mocks failingCloud() {
        return new RefusingCloud(args -> args.type.equals("aws:iam/role:Role")
                ? Optional.of("AccessDenied: iam:CreateRole") : Optional.empty());
    }

    static Stream<Arguments> programs() {
        Consumer<Context> stack = ctx -> App.program(ctx, StackRun.PROJECT_DIR);
        return Stream.of(
                Arguments.of("the stack", CONFIG, stack, StackRun.cloud()),
                Arguments.of("invalid config", StackConfig.valid().remove("oidcProviderArn").engineConfig(), stack,
                        StackRun.cloud()),
                Arguments.of("a bug", CONFIG, (Consumer<Context>) ctx -> App.program(null, StackRun.PROJECT_DIR),
                        StackRun.cloud()),
                Arguments.of("an unexpected exception", CONFIG, (Consumer<Context>) ctx -> {
                    throw new IllegalStateException("unexpected");
                }, StackRun.cloud()),
                Arguments.of("a resource the cloud refuses", CONFIG, stack, failingCloud()),
                Arguments.of("an output that fails", CONFIG, (Consumer<Context>) ctx -> ctx.export("broken",
                        Output.of(1).applyValue(v -> {
                            throw new InvalidConfigException(List.of("broken: inside an output"));
                        })), StackRun.cloud()),
                Arguments.of("a resource and an output", CONFIG, (Consumer<Context>) ctx -> {
                    new KubernetesObject("thing", "v1", "ConfigMap", new KubernetesObject.Args("v1", "ConfigMap",
                            Map.of("name", "x"), Map.of()), null);
                    ctx.export("n", Output.of(3));
                }, StackRun.cloud()));
    }

    /** How a run ends, as pulumi up reports it: exit code, errors sent to the engine, the program's exception. */
    static String outcome(OfflineRun.Result result) {
        return result.exitCode() + " " + withoutStackFrames(result.engineErrors()) + " "
                + result.error().map(e -> e.getClass().getName() + ": " + e.getMessage()).orElse("");
    }

    /**
     * When several tasks fail, the SDK's runner reports whichever failed task its scan of a hash
     * map meets first, which varies from run to run (the root cause about 9 times in 10 when the
     * cloud refuses a resource, 2 in 5 when an output fails); this runner reports the first to
     * fail. So the SDK's outcomes are gathered over 20 runs, and this runner's one outcome must be
     * among them; with a single failure, or none, there is one outcome to match.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void theRunEndsAsOnTheSdksOwnRunner(String what, EngineConfig config, Consumer<Context> program, Mocks cloud) {
        var sdkOutcomes = new java.util.HashSet<String>();
        OfflineRun.Result sdk = null;
        for (int i = 0; i < 20; i++) {
            sdk = OfflineRun.run(StackConfig.PROJECT, StackConfig.STACK, config, cloud, program, true);
            sdkOutcomes.add(outcome(sdk));
        }
        var seamOutcomes = new java.util.HashSet<String>();
        OfflineRun.Result seam = null;
        for (int i = 0; i < 3; i++) {
            seam = OfflineRun.run(StackConfig.PROJECT, StackConfig.STACK, config, cloud, program, false);
            seamOutcomes.add(outcome(seam));
        }

        assertThat(seamOutcomes).as(what + ": this runner ends the same way every time").hasSize(1);
        assertThat(sdkOutcomes).as(what + ": the outcomes of the SDK's runner").contains(outcome(seam));
        if (sdk.exitCode() == 0) {
            // After a failure, which in-flight registrations still reach the engine before the run
            // ends is a race on either runner (pulumi up exits then and the update fails).
            assertThat(seam.registrations()).as(what + ": what the engine received").isEqualTo(sdk.registrations());
            assertThat(seam.outputs()).as(what).isEqualTo(sdk.outputs());
        }
    }

    /**
     * An unhandled exception's message ends with its stack trace, whose frames show which thread
     * happened to complete the future; its first lines (the program, the exception) are compared.
     */
    static List<String> withoutStackFrames(List<String> errors) {
        return errors.stream().map(e -> e.lines().takeWhile(l -> !l.startsWith("\tat ")).toList().toString()).toList();
    }

    /**
     * The program reads the config the SDK holds for the running deployment, every key and its
     * secretness, whichever way it arrived (language host, Automation API, in-memory engine): the
     * two private accessors of DeploymentImpl.Config that DeploymentConfig reads are there and
     * return what the engine handed over.
     */
    @Test
    void theProgramReadsTheSdksConfigWholeWithItsSecretKeys() {
        var handedOver = StackConfig.valid().secret("kubeconfig").engineConfig();
        var read = new java.util.concurrent.atomic.AtomicReference<EngineConfig>();
        var run = OfflineRun.run(StackConfig.PROJECT, StackConfig.STACK, handedOver,
                StackRun.cloud(), ctx -> read.set(EngineConfig.ofRunningDeployment()), false);

        assertThat(run.error()).isEmpty();
        assertThat(read.get()).isEqualTo(handedOver);
        assertThat(read.get().secretKeys()).containsExactly(StackConfig.PROJECT + ":kubeconfig");
    }

    @Test
    void theExitCodesAreTheSdks() {
        var ok = OfflineRun.run(StackConfig.PROJECT, StackConfig.STACK, CONFIG, StackRun.cloud(),
                ctx -> App.program(ctx, StackRun.PROJECT_DIR), false);
        var failed = OfflineRun.run(StackConfig.PROJECT, StackConfig.STACK, CONFIG, failingCloud(),
                ctx -> App.program(ctx, StackRun.PROJECT_DIR), false);

        assertThat(ok.exitCode()).isZero();
        assertThat(failed.exitCode()).as("the SDK's ProcessExitedAfterLoggingUserActionableMessage").isEqualTo(32);
        assertThat(failed.engineErrors()).singleElement().asString().contains("AccessDenied: iam:CreateRole");
    }
}
