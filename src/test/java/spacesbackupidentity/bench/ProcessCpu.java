package spacesbackupidentity.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the machine's CPU time goes while something runs: every process's user and system time as
 * Linux counts it ({@code /proc/PID/stat}, fields 14 and 15, in clock ticks of 10 ms), read a few
 * times a second by a background thread and once at each end of a window, and summed by what the
 * process is; a process that this JVM did not start, itself or through a child, is another's. A
 * process that starts and ends between two reads is not seen, and a process's last
 * {@value #PERIOD_MS} ms before it ends may be missed: a floor, good to a few hundred ms a process.
 */
final class ProcessCpu implements AutoCloseable {
    static final int PERIOD_MS = 250;
    private static final long TICK_MS = 10;
    /** By process ID and start time (a reused ID is another process): what it is and its ticks so far. */
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final long self = ProcessHandle.current().pid();
    private final Thread loop;
    private volatile boolean closed;

    private record Seen(String kind, String comm, long ticks) {
    }

    ProcessCpu() {
        loop = new Thread(() -> {
            while (!closed) {
                sample();
                try {
                    Thread.sleep(PERIOD_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "process-cpu");
        loop.setDaemon(true);
        loop.start();
    }

    /** A window from now: {@link Window#end} gives the CPU time each kind of process spent in it. */
    Window begin() {
        sample();
        var start = new TreeMap<String, Long>();
        seen.forEach((key, value) -> start.put(key, value.ticks()));
        return new Window(start);
    }

    final class Window {
        private final Map<String, Long> start;

        private Window(Map<String, Long> start) {
            this.start = start;
        }

        private final Map<String, Long> others = new TreeMap<>();

        /** Milliseconds of CPU by kind of process, in {@link #KINDS} order, since the window began. */
        Map<String, Long> end() {
            sample();
            var byKind = new LinkedHashMap<String, Long>();
            KINDS.forEach(kind -> byKind.put(kind, 0L));
            seen.forEach((key, value) -> {
                var ms = (value.ticks() - start.getOrDefault(key, 0L)) * TICK_MS;
                byKind.merge(value.kind(), ms, Long::sum);
                if (value.kind().equals("other processes") && ms > 0) {
                    others.merge(value.comm(), ms, Long::sum);
                }
            });
            return byKind;
        }

        /** After {@link #end}: the other processes' CPU milliseconds by command name. */
        Map<String, Long> others() {
            return others;
        }
    }

    /** What a process is, as the report names it. */
    static final java.util.List<String> KINDS = java.util.List.of("program", "pulumi CLI", "Kubernetes provider",
            "kube-apiserver", "etcd", "kube-controller-manager", "registry", "bench JVM", "other processes");

    private void sample() {
        try (var entries = Files.list(Path.of("/proc"))) {
            for (var dir : entries.toList()) {
                var name = dir.getFileName().toString();
                if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
                    continue;
                }
                read(Long.parseLong(name), dir);
            }
        } catch (IOException e) {
            throw new IllegalStateException("reading /proc: " + e, e);
        }
    }

    private void read(long pid, Path dir) {
        String stat;
        try {
            stat = Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return;   // ended since the listing
        }
        var close = stat.lastIndexOf(')');
        var comm = stat.substring(stat.indexOf('(') + 1, close);
        var fields = stat.substring(close + 2).split(" ");
        // After the name: state is field 3, utime 14, stime 15, starttime 22 (proc(5)).
        var ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        var key = pid + "@" + fields[19];
        var known = seen.get(key);
        var kind = known != null ? known.kind() : kind(pid, comm, dir);
        seen.put(key, new Seen(kind, comm, ticks));
    }

    private String kind(long pid, String comm, Path dir) {
        if (pid == self) {
            return "bench JVM";
        }
        if (!descendsFromSelf(pid)) {
            // Another session's pulumi or kube-apiserver is not this benchmark's.
            return "other processes";
        }
        if (comm.equals("pulumi")) {
            return "pulumi CLI";
        }
        if (comm.startsWith("pulumi-resourc")) {
            return "Kubernetes provider";
        }
        if (comm.equals("kube-apiserver")) {
            return "kube-apiserver";
        }
        if (comm.equals("etcd")) {
            return "etcd";
        }
        if (comm.startsWith("kube-controller")) {
            return "kube-controller-manager";
        }
        if (comm.equals("registry")) {
            return "registry";
        }
        if (comm.equals("java")) {
            try {
                var command = Files.readString(dir.resolve("cmdline"), StandardCharsets.UTF_8);
                if (command.contains("spaces-backup-identity.jar") && !command.contains("surefire")) {
                    return "program";
                }
            } catch (IOException | RuntimeException e) {
                // ended
            }
        }
        return "other processes";
    }

    /** Whether this JVM started the process, or a process it started did: by the parent IDs in /proc. */
    private boolean descendsFromSelf(long pid) {
        var current = pid;
        for (int depth = 0; depth < 16 && current > 1; depth++) {
            if (current == self) {
                return true;
            }
            try {
                var stat = Files.readString(Path.of("/proc", Long.toString(current), "stat"), StandardCharsets.UTF_8);
                current = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        loop.interrupt();
        loop.join(5000);
    }
}
