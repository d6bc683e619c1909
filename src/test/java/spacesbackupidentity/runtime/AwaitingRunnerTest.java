package spacesbackupidentity.runtime;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the runner ends when a registration fails: a resource monitor that shut down is the engine's
 * own failure, already reported, and adds no error; any other failure is reported as the SDK's
 * runner reports it.
 */
class AwaitingRunnerTest {

    record Ended(int exitCode, java.util.List<String> engineLog) {
    }

    static Ended runWithFailingTask(Throwable failure) throws Exception {
        var engine = new QuietEngineLoggerTest.RecordingLogger();
        var runner = new AwaitingRunner(Logger.getLogger("test"), engine);
        var result = runner.runAsync(() -> {
            runner.registerTask("registration", CompletableFuture.failedFuture(failure));
            return null;
        }).get(10, TimeUnit.SECONDS);
        return new Ended(result.exitCode(), engine.messages);
    }

    @Test
    void aMonitorThatShutDownAddsNoSecondError() throws Exception {
        var ended = runWithFailingTask(Status.UNAVAILABLE
                .withDescription("resource monitor shut down while waiting on step's done channel").asRuntimeException());

        assertThat(ended.exitCode()).as("the SDK's code for an error already reported").isEqualTo(32);
        assertThat(ended.engineLog()).as("nothing more reaches the engine").isEmpty();
    }

    @Test
    void anyOtherGrpcFailureIsReportedAsTheSdkReportsIt() throws Exception {
        var ended = runWithFailingTask(new StatusRuntimeException(Status.INTERNAL.withDescription("provider crashed")));

        assertThat(ended.exitCode()).isEqualTo(32);
        assertThat(ended.engineLog()).singleElement().asString()
                .startsWith("SEVERE Running program [PID: ")
                .contains("failed with an unhandled exception:\nio.grpc.StatusRuntimeException: INTERNAL: provider crashed");
    }

    @Test
    void theShutDownIsFoundUnderTheSdksWrapping() {
        var shutDown = Status.UNAVAILABLE.asRuntimeException();
        assertThat(AwaitingRunner.monitorShutDown(new java.util.concurrent.CompletionException(
                new RuntimeException("registering", shutDown)))).isTrue();
        assertThat(AwaitingRunner.monitorShutDown(new RuntimeException("unavailable, but not gRPC's"))).isFalse();
        assertThat(AwaitingRunner.monitorShutDown(Status.CANCELLED.asRuntimeException())).isFalse();
    }
}
