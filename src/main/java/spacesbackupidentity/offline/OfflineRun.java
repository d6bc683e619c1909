package spacesbackupidentity.offline;

import com.pulumi.Context;
import com.pulumi.test.Mocks;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestOptions;
import com.pulumi.test.internal.PulumiTestInternal;
import spacesbackupidentity.config.EngineConfig;
import spacesbackupidentity.runtime.ProgramRuntime;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Runs stack code in the Pulumi SDK's in-memory engine ({@code com.pulumi.test}) against an
 * {@link OfflineCloud}, with config handed over as the engine hands it ({@link EngineConfig}),
 * and collects what the engine received: each resource's inputs and options, the stack outputs,
 * and any error. The same code path serves the tests and the offline render.
 */
public final class OfflineRun {

    /**
     * What a run declared: registrations in program order, the stack outputs (secret ones as
     * {@link spacesbackupidentity.settings.Secret}), {@code error} when the program failed, and
     * what {@code pulumi up} would end with: the exit code and the errors logged to the engine.
     */
    public record Result(List<EngineRequests.Registration> registrations, Map<String, Object> outputs,
                         Optional<Throwable> error, int exitCode, List<String> engineErrors) {

        public Optional<EngineRequests.Registration> registration(String type, String name) {
            return registrations.stream().filter(r -> r.type().equals(type) && r.name().equals(name)).findFirst();
        }
    }

    /**
     * The in-memory engine logs each program error to the console as well as returning it; the
     * caller reports errors itself. Held here because the JDK keeps loggers only weakly.
     */
    private static final Logger ENGINE_LOG = Logger.getLogger(PulumiTestInternal.class.getName());

    static {
        ENGINE_LOG.setUseParentHandlers(false);
    }

    /** The organization of a stack in a DIY backend (file, S3, ...), and of Pulumi's test engine. */
    public static final String DEFAULT_ORGANIZATION = "organization";

    private OfflineRun() {
    }

    public static Result run(String project, String stack, EngineConfig config, Mocks cloud,
                             Consumer<Context> program) {
        return run(project, stack, config, cloud, program, ProgramRuntime.usesSdkRunner());
    }

    /** @param sdkRunner whether to run on the SDK's own runner instead of this program's ({@link ProgramRuntime}) */
    public static Result run(String project, String stack, EngineConfig config, Mocks cloud,
                             Consumer<Context> program, boolean sdkRunner) {
        return run(DEFAULT_ORGANIZATION, project, stack, config, cloud, program, sdkRunner);
    }

    /**
     * @param organization the stack's organization, as the engine names it to the program: the DIY
     *                     backends' {@value #DEFAULT_ORGANIZATION}, or the Pulumi Cloud organization
     */
    public static Result run(String organization, String project, String stack, EngineConfig config, Mocks cloud,
                             Consumer<Context> program, boolean sdkRunner) {
        var order = new DeclarationOrder();
        var requests = new EngineRequests(cloud, PulumiTestInternal.mockLog(ENGINE_LOG));
        var options = TestOptions.builder()
                .organizationName(organization)
                .projectName(project)
                .stackName(stack)
                .preview(false)
                .resourceTransformations(List.of(order))
                .build();
        try {
            var result = PulumiTestInternal.builder()
                    .options(options)
                    .mocks(cloud)
                    .standardLogger(ENGINE_LOG)
                    .config(config.values(), config.secretKeys())
                    .monitorDecorator(sdkMonitor -> requests)
                    .deploymentFactory(ProgramRuntime.inMemoryDeployment(ENGINE_LOG, sdkRunner))
                    .build()
                    .runTest(program);
            Optional<Throwable> error = result.exceptions().stream().findFirst().map(OfflineRun::rootCause);
            return new Result(inProgramOrder(requests.registrations(), order.keys()),
                    error.isEmpty() ? requests.stackOutputs() : Map.of(), error, result.exitCode(),
                    List.copyOf(result.errors()));
        } finally {
            PulumiTest.cleanup();
        }
    }

    private static List<EngineRequests.Registration> inProgramOrder(List<EngineRequests.Registration> registrations,
                                                                   List<String> declared) {
        var position = new HashMap<String, Integer>();
        for (int i = 0; i < declared.size(); i++) {
            position.putIfAbsent(declared.get(i), i);
        }
        return registrations.stream()
                .sorted(Comparator.comparing(r -> position.getOrDefault(DeclarationOrder.key(r.type(), r.name()),
                        Integer.MAX_VALUE)))
                .toList();
    }

    private static Throwable rootCause(Throwable t) {
        var cause = t;
        while ((cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
