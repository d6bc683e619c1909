package spacesbackupidentity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Test fixtures read or made the same way wherever a test needs them. */
public final class Fixtures {
    private Fixtures() {
    }

    /**
     * The rows of a tab-separated table on the test class path, each as its columns, as written:
     * lines starting with {@code #} and empty lines are left out, and a line of tabs is a row of
     * empty columns. Escapes are each table's own (its header says which), so they are undone by the
     * test that knows them, such as {@link #helmText} for the Helm tables.
     */
    public static List<List<String>> tsv(String resource) throws IOException {
        try (var in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no test resource " + resource);
            }
            var rows = new ArrayList<List<String>>();
            for (var line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    rows.add(List.of(line.split("\t", -1)));
                }
            }
            return rows;
        }
    }

    /**
     * Text of the Helm values tables (config/helm-values-*.tsv, written by tools/helm-values):
     * {@code \n} is a line break, {@code \t} a tab and {@code \\} a backslash.
     */
    public static String helmText(String text) {
        var out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            var c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                var next = text.charAt(++i);
                out.append(next == 'n' ? '\n' : next == 't' ? '\t' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Text of the rule tables (rules/*.tsv, written by tools/rule-oracles): {@code \n}, {@code \t},
     * {@code \\}, and a backslash, u and four hex digits for a UTF-16 unit.
     */
    public static String ruleText(String text) {
        var out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            var c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                var next = text.charAt(++i);
                if (next == 'u') {
                    out.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
                    i += 4;
                } else {
                    out.append(next == 'n' ? '\n' : next == 't' ? '\t' : next);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Named pipes nobody writes to: a reader that opens one waits forever, so the code under test must not. */
    public static void mkfifo(Path... paths) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of("mkfifo"));
        for (var path : paths) {
            command.add(path.toString());
        }
        ChildProcess.succeed(command, Duration.ofMinutes(1));
    }

    /** The charts {@link #hostileCharts} makes that Helm may load, and those it must not get. */
    public static final java.util.List<String> GOOD_CHARTS = java.util.List.of("ok", "ok.tgz", "ok-link");

    /**
     * Under {@code charts}: a valid chart directory {@code ok}, archive {@code ok.tgz} and link to
     * {@code ok} ({@code ok-link}, which stays in the project), and one chart per way a chart may
     * not be, each named after it (see HostileInputTest.charts). Big files are sparse: their size
     * is what counts, and they cost no disk.
     */
    public static void hostileCharts(Path charts) throws IOException, InterruptedException {
        java.nio.file.Files.createDirectories(charts);
        chart(charts.resolve("ok"));
        java.nio.file.Files.write(charts.resolve("ok.tgz"), new byte[] {0x1f, (byte) 0x8b, 8, 0});
        java.nio.file.Files.createSymbolicLink(charts.resolve("ok-link"), Path.of("ok"));

        link(chart(charts.resolve("link-out")).resolve("templates/creds.yaml"), Path.of("/etc/hostname"));
        link(chart(charts.resolve("link-in")).resolve("files/values.yaml"), Path.of("../../ok/Chart.yaml"));
        link(chart(charts.resolve("link-to-a-directory")).resolve("files/etc"), Path.of("/etc"));
        link(chart(charts.resolve("link-to-the-parent")).resolve("files/up"), Path.of(".."));
        var chartYamlLink = java.nio.file.Files.createDirectories(charts.resolve("chart-yaml-link"));
        java.nio.file.Files.createSymbolicLink(chartYamlLink.resolve("Chart.yaml"), Path.of("../ok/Chart.yaml"));
        mkfifo(chart(charts.resolve("fifo")).resolve("templates/fifo.yaml"),
                chart(charts.resolve("helmignore-fifo")).resolve(".helmignore"), charts.resolve("fifo.tgz"));
        var socket = chart(charts.resolve("socket")).resolve("templates/s.sock");
        try (var channel = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            channel.bind(java.net.UnixDomainSocketAddress.of(socket));
        }
        sparse(chart(charts.resolve("big-file")).resolve("files/big"), 5L << 20);
        var many = chart(charts.resolve("many-files")).resolve("files");
        for (int i = 0; i <= 5_000; i++) {
            java.nio.file.Files.createFile(many.resolve(String.format("f%04d", i)));
        }
        var bytes = chart(charts.resolve("many-bytes")).resolve("files");
        for (int i = 0; i < 9; i++) {
            sparse(bytes.resolve("b" + i), 4L << 20);
        }
        var deep = chart(charts.resolve("deep"));
        for (int i = 0; i < 40; i++) {
            deep = java.nio.file.Files.createDirectories(deep.resolve("d"));
        }
        java.nio.file.Files.delete(chart(charts.resolve("no-chart-yaml")).resolve("Chart.yaml"));
        sparse(charts.resolve("big.tgz"), 5L << 20);
        java.nio.file.Files.writeString(charts.resolve("chart.zip"), "PK");
        java.nio.file.Files.createSymbolicLink(charts.resolve("link-out.tgz"), Path.of("/etc/hostname"));
    }

    /** A chart directory: Chart.yaml, a template, and an empty files/. */
    private static Path chart(Path dir) throws IOException {
        java.nio.file.Files.createDirectories(dir.resolve("templates"));
        java.nio.file.Files.createDirectories(dir.resolve("files"));
        if (!java.nio.file.Files.exists(dir.resolve("Chart.yaml"))) {
            java.nio.file.Files.writeString(dir.resolve("Chart.yaml"), "apiVersion: v2\nname: spaces\nversion: 1.14.1\n");
            java.nio.file.Files.writeString(dir.resolve("templates/configmap.yaml"), "kind: ConfigMap\n");
        }
        return dir;
    }

    private static void link(Path link, Path target) throws IOException {
        java.nio.file.Files.createSymbolicLink(link, target);
    }

    private static void sparse(Path file, long size) throws IOException {
        try (var channel = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            channel.setLength(size);
        }
    }
}
