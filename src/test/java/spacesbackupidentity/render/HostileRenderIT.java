package spacesbackupidentity.render;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import spacesbackupidentity.ChildProcess;
import spacesbackupidentity.Fixtures;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile files given to the packaged render, run as a user runs it, in a JVM capped at 256 MB:
 * each ends with exit status 2 and one message on standard error naming the file or key, never a
 * stack trace, never the file's content. How long the slowest took is printed, not asserted: a
 * shared build machine makes any bound either loose or flaky. A render still going after
 * {@link #HANG_GUARD} is taken for hung (a FIFO read, an alias expanded without end) and fails.
 */
class HostileRenderIT {
    static final String CANARY = "CANARY-render-51d0";
    static final Duration HANG_GUARD = Duration.ofMinutes(2);
    static Path project;
    static long slowestMillis;
    static String slowestCase = "";

    @BeforeAll
    static void project(@TempDir Path dir) throws IOException, InterruptedException {
        project = dir;
        Files.copy(Path.of("Pulumi.yaml"), dir.resolve("Pulumi.yaml"));
        var valid = Files.readString(Path.of("Pulumi.dev.yaml"));
        Files.writeString(dir.resolve("Pulumi.dev.yaml"), valid);
        Files.writeString(dir.resolve("Pulumi.recursive.yaml"), "config:\n  spaces-backup-identity:role: &r {a: *r}\n");
        var laughs = new StringBuilder();
        laughs.append("a0: &a0 [x,x,x,x,x,x,x,x,x,x]\n");
        for (int i = 1; i < 9; i++) {
            laughs.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                laughs.append(j > 0 ? "," : "").append("*a").append(i - 1);
            }
            laughs.append("]\n");
        }
        Files.writeString(dir.resolve("Pulumi.laughs.yaml"), laughs + "config:\n  spaces-backup-identity:role: *a8\n");
        Files.writeString(dir.resolve("Pulumi.nan.yaml"), valid.replace("team: platform", "team: .nan"));
        Files.writeString(dir.resolve("Pulumi.deep.yaml"), "config:\n  spaces-backup-identity:role: "
                + "[".repeat(5000) + "]".repeat(5000) + "\n");
        Files.writeString(dir.resolve("Pulumi.big.yaml"), "config:\n  spaces-backup-identity:role: "
                + "x".repeat(5 << 20) + "\n");
        // 380,000 keys in one mapping, just under 4 MiB, the last one given twice: comparing every pair of keys
        // took hours.
        var wide = new StringBuilder();
        for (int i = 0; i < 380_000; i++) {
            wide.append(String.format("k%06d: 0\n", i));
        }
        Files.writeString(dir.resolve("Pulumi.wide.yaml"), wide + "k379999: 1\n");
        Files.write(dir.resolve("Pulumi.latin1.yaml"), ("config:\n  spaces-backup-identity:role: caf\u00e9 " + CANARY
                + "\n").getBytes(StandardCharsets.ISO_8859_1));
        Files.writeString(dir.resolve("Pulumi.broken.yaml"), "config:\n  spaces-backup-identity:role: {name: " + CANARY
                + "\n  : [\n");
        Files.createDirectory(dir.resolve("Pulumi.directory.yaml"));
        Files.writeString(dir.resolve("null-outputs.json"), "{\"oidcProviderArn\": null, \"kubeconfig\": null}");
        Files.writeString(dir.resolve("secret-outputs.json"), "{\"oidcProviderArn\": \"arn:aws:iam::1:x\","
                + " \"kubeconfig\": \"apiVersion: v1\\nusers:\\n- user:\\n    token: " + CANARY + "\\n\"}");
        Fixtures.mkfifo(dir.resolve("Pulumi.fifo.yaml"), dir.resolve("fifo.json"));
    }

    @AfterAll
    static void report() {
        System.out.printf("hostile render inputs: slowest %d ms (%s)%n", slowestMillis, slowestCase);
    }

    static Stream<Arguments> hostileRenders() {
        return Stream.of(
                Arguments.of("a recursive alias in the stack file", List.of("render", "recursive"),
                        "Pulumi.recursive.yaml: invalid YAML file: line 2: anchor 'r' value contains itself"),
                Arguments.of("an alias bomb in the stack file", List.of("render", "laughs"),
                        "Pulumi.laughs.yaml: invalid YAML file: document contains excessive aliasing"),
                Arguments.of(".nan in the stack file", List.of("render", "nan"), "unsupported value: NaN"),
                Arguments.of("5,000 levels of nesting", List.of("render", "deep"), "nested deeper than 1000 levels"),
                Arguments.of("a stack file over 4 MiB", List.of("render", "big"), "over the limit of 4194304 bytes"),
                Arguments.of("380,000 keys in one mapping, one of them twice", List.of("render", "wide"),
                        "Pulumi.wide.yaml: invalid YAML file: line 380001: mapping key \"k379999\" already defined at"
                                + " line 380000"),
                Arguments.of("a stack file that is not UTF-8", List.of("render", "latin1"),
                        "Pulumi.latin1.yaml: not UTF-8 text"),
                Arguments.of("broken YAML", List.of("render", "broken"), "Pulumi.broken.yaml: invalid YAML file"),
                Arguments.of("a directory for a stack file", List.of("render", "directory"),
                        "Pulumi.directory.yaml: not a regular file"),
                Arguments.of("a FIFO for a stack file", List.of("render", "fifo"), "Pulumi.fifo.yaml: not a regular file"),
                Arguments.of("/dev/zero for cluster outputs", List.of("render", "dev", "--cluster-outputs", "/dev/zero"),
                        "--cluster-outputs /dev/zero: not a regular file"),
                Arguments.of("a FIFO for cluster outputs", List.of("render", "dev", "--cluster-outputs", "FIFO"),
                        "fifo.json: not a regular file"),
                Arguments.of("null cluster outputs", List.of("render", "dev", "--cluster-outputs", "NULL"),
                        "clusterStack: 'acme/eks-cluster/dev' has no output 'oidcProviderArn'"),
                Arguments.of("a kubeconfig where an ARN goes", List.of("render", "dev", "--cluster-outputs", "SECRET"),
                        "clusterStack output 'oidcProviderArn': 'arn:aws:iam::1:x' is not an OIDC provider ARN"),
                Arguments.of("a project directory that is a file", List.of("render", "dev", "--project-dir",
                        "PROJECT/Pulumi.yaml"), "Pulumi.yaml: not a directory"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRenders")
    void endsWithExitTwoAndOneLine(String what, List<String> args, String message) throws Exception {
        var command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
                "-jar", Path.of("target/spaces-backup-identity.jar").toAbsolutePath().toString()));
        for (var arg : args) {
            command.add(arg.replace("FIFO", project.resolve("fifo.json").toString())
                    .replace("NULL", project.resolve("null-outputs.json").toString())
                    .replace("SECRET", project.resolve("secret-outputs.json").toString())
                    .replace("PROJECT", project.toString()));
        }
        if (!args.contains("--project-dir")) {
            command.addAll(List.of("--project-dir", project.toString()));
        }
        var start = System.nanoTime();
        var run = ChildProcess.run(command, HANG_GUARD);
        var millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        var out = run.out();
        var err = run.err();
        synchronized (HostileRenderIT.class) {
            if (millis > slowestMillis) {
                slowestMillis = millis;
                slowestCase = what;
            }
        }

        assertThat(run.exitCode()).as(what + ": " + err).isEqualTo(2);
        assertThat(out).as(what).isEmpty();
        // One message: a line, then one line per problem when the config has several.
        assertThat(err.lines().skip(1).toList()).as(what).allSatisfy(line -> assertThat(line).startsWith("  - "));
        assertThat(err).as(what).startsWith("error: ").contains(message).doesNotContain(CANARY)
                .doesNotContain("\tat ").doesNotContain("Exception");
    }
}
