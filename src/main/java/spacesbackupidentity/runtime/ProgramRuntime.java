package spacesbackupidentity.runtime;

import com.pulumi.Config;
import com.pulumi.Context;
import com.pulumi.Log;
import com.pulumi.Pulumi;
import com.pulumi.context.internal.ConfigContextInternal;
import com.pulumi.context.internal.ContextInternal;
import com.pulumi.context.internal.LoggingContextInternal;
import com.pulumi.context.internal.OutputContextInternal;
import com.pulumi.core.internal.OutputFactory;
import com.pulumi.deployment.Deployment;
import com.pulumi.deployment.internal.DeploymentImpl;
import com.pulumi.deployment.internal.DeploymentInstanceHolder;
import com.pulumi.deployment.internal.DeploymentInstanceInternal;
import com.pulumi.deployment.internal.DeploymentInternal;
import com.pulumi.internal.PulumiInternal;
import com.pulumi.resources.StackOptions;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * How the program runs on the Pulumi Java SDK, under {@code pulumi up} and in the in-memory engine
 * of the offline render and the tests alike. This package is the only place that touches SDK
 * internals ({@code @InternalUse}): it builds the deployment as {@code Pulumi.run} does
 * ({@code PulumiInternal.fromEnvironment}, {@code completeConfiguration}), with two parts swapped:
 * <ul>
 *   <li>{@link AwaitingRunner} for {@code DefaultRunner}, which polls in a busy loop and formats
 *       its task table on every turn;</li>
 *   <li>{@link QuietEngineLogger} for the SDK's own debug messages to the engine, sent only with
 *       {@code PULUMI_EXCESSIVE_DEBUG_OUTPUT} (the Node.js SDK never sends them). The program's
 *       own log ({@code ctx.log()}) is not filtered.</li>
 * </ul>
 * And with a runner that does not spin, the JDK's common pool can have the parallelism it should:
 * on two cores it has 1, so every asynchronous step of the SDK started a thread of its own.
 * <p>
 * {@value #SWITCH}{@code =sdk} falls back to the SDK's own runner and logger, unchanged. The seam
 * is written for SDK {@value #SDK_VERSION}; a test fails when another version is on the class path.
 */
public final class ProgramRuntime {
    /** The environment variable that selects the SDK's own runner: {@code sdk}. */
    public static final String SWITCH = "SPACES_BACKUP_IDENTITY_RUNTIME";
    public static final String SDK_VERSION = "1.36.1";
    private static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    private ProgramRuntime() {
    }

    public static boolean usesSdkRunner() {
        return "sdk".equals(System.getenv(SWITCH));
    }

    /**
     * Call first in {@code main}, before anything starts the common pool: gives it at least two
     * workers. Not with the SDK's runner, whose busy loop would then starve the pool.
     */
    public static void prepareProcess() {
        if (!usesSdkRunner() && System.getProperty(PARALLELISM) == null) {
            System.setProperty(PARALLELISM, String.valueOf(Math.max(2, Runtime.getRuntime().availableProcessors())));
        }
    }

    /** The program under {@code pulumi up}; exits the process with the SDK's exit code. */
    public static void run(Consumer<Context> program) {
        if (usesSdkRunner()) {
            Pulumi.run(program);
            return;
        }
        var state = DeploymentImpl.DeploymentState.fromEnvironment();
        var sdkLogger = state.logger;
        install(state, Logger.getLogger(DeploymentImpl.class.getName()));
        var deployment = new DeploymentImpl(state);
        DeploymentInstanceHolder.setInstance(new DeploymentInstanceInternal(deployment));
        var instance = Deployment.getInstance();
        Function<String, Config> configFactory = name -> new Config(instance.getConfig(), name);
        var ctx = new ContextInternal(deployment.getOrganizationName(), deployment.getProjectName(),
                deployment.getStackName(),
                new LoggingContextInternal(new Log(sdkLogger, DeploymentImpl.DeploymentState.ExcessiveDebugOutput)),
                new ConfigContextInternal(deployment.getProjectName(), configFactory),
                new OutputContextInternal(new OutputFactory(state.runner)),
                StackOptions.Empty.resourceTransformations());
        System.exit(new PulumiInternal(state.runner, ctx).runAsync(program).join());
    }

    /**
     * The deployment for Pulumi's in-memory engine ({@code PulumiTestInternal.Builder.deploymentFactory}).
     *
     * @param sdkRunner the SDK's own runner and logger, as {@value #SWITCH}{@code =sdk} selects them
     */
    public static Function<DeploymentImpl.DeploymentState, DeploymentInternal> inMemoryDeployment(Logger logger,
                                                                                                boolean sdkRunner) {
        if (sdkRunner) {
            return DeploymentImpl::new;
        }
        return state -> {
            install(state, logger);
            return new DeploymentImpl(state);
        };
    }

    /** The SDK's engine logger reads the runner from the state when it logs, so both swaps take. */
    private static void install(DeploymentImpl.DeploymentState state, Logger standardLogger) {
        state.logger = new QuietEngineLogger(state.logger, DeploymentImpl.DeploymentState.ExcessiveDebugOutput);
        state.runner = new AwaitingRunner(standardLogger, state.logger);
    }
}
