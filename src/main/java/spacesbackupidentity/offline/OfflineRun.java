package spacesbackupidentity.offline;

import com.pulumi.Context;
import com.pulumi.core.internal.Internal;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestOptions;
import com.pulumi.test.internal.PulumiTestInternal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Runs stack code in the Pulumi SDK's in-memory engine ({@code com.pulumi.test}) against an
 * {@link OfflineCloud}, and collects what it declared: resources, their options, the stack
 * outputs, and any error. The same code path serves the tests and the offline render.
 */
public final class OfflineRun {
    /** A stack output; secret ones keep their value here and are masked by whoever prints them. */
    public record OutputValue(Object value, boolean secret, boolean known) {
    }

    /**
     * What a run declared: registrations as the engine received them, each resource's options in
     * declaration order, and the stack outputs. {@code error} is set when the program failed.
     */
    public record Result(List<OfflineCloud.Registration> registrations, List<RecordedOptions.Options> declarationOrder,
                         Map<String, OutputValue> outputs, Optional<Throwable> error) {

        public Optional<RecordedOptions.Options> options(String type, String name) {
            return declarationOrder.stream().filter(o -> o.type().equals(type) && o.name().equals(name)).findFirst();
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

    private OfflineRun() {
    }

    public static Result run(String project, String stack, OfflineCloud cloud, Consumer<Context> program) {
        var options = new RecordedOptions();
        var testOptions = TestOptions.builder()
                .projectName(project)
                .stackName(stack)
                .preview(false)
                .resourceTransformations(List.of(options))
                .build();
        try {
            var result = PulumiTest.withOptions(testOptions).withMocks(cloud).runTest(program);
            Optional<Throwable> error = result.exceptions().stream().findFirst().map(OfflineRun::rootCause);
            var outputs = new TreeMap<String, OutputValue>();
            if (error.isEmpty()) {
                result.outputs().forEach((name, output) -> {
                    var data = Internal.of(output).getDataAsync().join();
                    outputs.put(name, new OutputValue(data.getValueNullable(), data.isSecret(), data.isKnown()));
                });
            }
            return new Result(cloud.registrations(), options.inDeclarationOrder(), outputs, error);
        } finally {
            PulumiTest.cleanup();
        }
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
