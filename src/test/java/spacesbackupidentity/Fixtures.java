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
}
