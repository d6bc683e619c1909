package spacesbackupidentity;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The runner the jar and Maven tests use: no stall on a full pipe, and a hung child stopped whole. */
class ChildProcessTest {
    static final Duration HANG_GUARD = Duration.ofMinutes(2);

    /**
     * A megabyte to standard output, then a megabyte to standard error: a runner that reads one pipe
     * to its end before the other waits forever here, the child blocked on the pipe nobody reads.
     */
    @Test
    void aChildThatFillsBothStreamsRunsToItsEnd() throws Exception {
        var result = ChildProcess.run(List.of("sh", "-c", "head -c 1000000 /dev/zero | tr '\\0' o;"
                + " head -c 1000000 /dev/zero | tr '\\0' e >&2; exit 3"), HANG_GUARD);

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.out()).hasSize(1_000_000).matches("o+");
        assertThat(result.err()).hasSize(1_000_000).matches("e+");
    }

    @Test
    void aHungChildIsStoppedWithWhatItStartedAndTheTestFailsWithItsLastLines() throws Exception {
        var hung = catchThrowableOfType(AssertionError.class, () -> ChildProcess.run(List.of("sh", "-c",
                "echo early line; sleep 600 & echo \"grandchild $!\"; echo complaint >&2; wait"),
                Duration.ofSeconds(5)));

        assertThat(hung).hasMessageContaining("still running after PT5S, so it was stopped")
                .hasMessageContaining("early line").hasMessageContaining("complaint");
        var grandchild = Long.parseLong(hung.getMessage().replaceAll("(?s).*grandchild (\\d+).*", "$1"));
        // A killed process is gone once its new parent has reaped it; waiting for that is bounded only so that
        // a survivor fails the test instead of stalling it.
        ProcessHandle.of(grandchild).ifPresent(p -> p.onExit().completeOnTimeout(p, 30, TimeUnit.SECONDS).join());
        var survivor = ProcessHandle.of(grandchild).filter(ProcessHandle::isAlive);
        survivor.ifPresent(ProcessHandle::destroyForcibly);
        assertThat(survivor).as("the sleep it started").isEmpty();
    }

    @Test
    void aCommandThatMustSucceedFailsWithItsStandardError() {
        var failed = catchThrowableOfType(AssertionError.class, () -> ChildProcess.succeed(List.of("sh", "-c",
                "echo out; echo why >&2; exit 1"), HANG_GUARD));

        assertThat(failed).hasMessage("sh -c echo out; echo why >&2; exit 1 failed with exit status 1: why\n");
    }
}
