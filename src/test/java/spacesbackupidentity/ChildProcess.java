package spacesbackupidentity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command the tests run to its end: the packaged jar, Maven, mkfifo. Standard output and
 * standard error go to files, not pipes, so a child that writes a lot to one of them while the test
 * waits on the other cannot fill a pipe and stall (Maven sends its whole log to standard error).
 * The timeout only stops a hung child: the child and everything it started are killed, and the
 * test fails with the last lines each stream got. It is not a limit on how long a run may take.
 */
public final class ChildProcess {
    /** Lines of each stream shown when a child is stopped. */
    private static final int TAIL_LINES = 20;

    /** How a child ended: its exit status and everything it printed, as UTF-8 text. */
    public record Result(int exitCode, String out, String err) {
    }

    private ChildProcess() {
    }

    public static Result run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        return run(new ProcessBuilder(command), timeout);
    }

    /** Runs the builder's command with its directory and environment; its redirects are replaced. */
    public static Result run(ProcessBuilder builder, Duration timeout) throws IOException, InterruptedException {
        var out = Files.createTempFile("child-process", ".out");
        var err = Files.createTempFile("child-process", ".err");
        try {
            var process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            // Nothing is typed into a child: a read of standard input ends at once instead of waiting.
            process.getOutputStream().close();
            boolean finished;
            try {
                finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                killTree(process);
                throw e;
            }
            if (!finished) {
                killTree(process);
                throw new AssertionError(String.join(" ", builder.command()) + ": still running after " + timeout
                        + ", so it was stopped\n  last lines of standard output:\n" + tail(out)
                        + "\n  last lines of standard error:\n" + tail(err));
            }
            return new Result(process.exitValue(), read(out), read(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Runs a command that must succeed, such as a fixture's setup; fails with its standard error otherwise. */
    public static String succeed(List<String> command, Duration timeout) throws IOException, InterruptedException {
        var result = run(command, timeout);
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed with exit status " + result.exitCode()
                    + ": " + result.err());
        }
        return result.out();
    }

    /** Descendants first, while they are still the child's: once it is gone they can no longer be found. */
    private static void killTree(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    private static String tail(Path file) throws IOException {
        var lines = read(file).lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size())).indent(4);
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }
}
