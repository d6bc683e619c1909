package spacesbackupidentity;

import com.pulumi.Config;
import com.pulumi.Context;
import com.pulumi.context.LoggingContext;
import com.pulumi.core.Output;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import spacesbackupidentity.offline.OfflineCloud;
import spacesbackupidentity.offline.OfflineRun;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever App.program did not expect ends as one line that says it is a bug and quotes nothing. */
class BugReportTest {
    static final String CANARY = "canary-4b1d";

    /** The engine's context, except that the first thing App.program asks of it throws {@code error}. */
    record FailingContext(Context engine, Error error) implements Context {
        @Override
        public String projectName() {
            throw error;
        }

        @Override
        public String stackName() {
            return engine.stackName();
        }

        @Override
        public LoggingContext log() {
            return engine.log();
        }

        @Override
        public Context export(String name, Output<?> output) {
            return engine.export(name, output);
        }

        @Override
        public <T> Output<T> output(T value) {
            return engine.output(value);
        }

        @Override
        public Config config() {
            return engine.config();
        }

        @Override
        public Config config(String name) {
            return engine.config(name);
        }
    }

    static Stream<Error> errors() {
        return Stream.of(new OutOfMemoryError("Java heap space, while holding " + CANARY),
                new StackOverflowError(CANARY), new NoClassDefFoundError(CANARY));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void anErrorIsTheOneLineBugReport(Error error) {
        var result = OfflineRun.run(StackConfig.PROJECT, StackConfig.STACK, StackConfig.valid().engineConfig(),
                StackRun.cloud(),
                ctx -> App.program(new FailingContext(ctx, error), Path.of(".")));

        assertThat(result.error()).get().isInstanceOf(BugReport.class);
        assertThat(result.error().get().getMessage()).startsWith("internal error (a bug in spaces-backup-identity;"
                + " please report it): " + error.getClass().getName() + " at spacesbackupidentity.BugReportTest")
                .doesNotContain(CANARY).doesNotContain("\n");
        assertThat(result.registrations()).isEmpty();
    }
}
