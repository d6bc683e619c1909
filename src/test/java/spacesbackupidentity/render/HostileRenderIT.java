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

        Fixtures.hostileCharts(dir.resolve("charts"));
        for (var chart : List.of("link-out", "link-to-the-parent", "helmignore-fifo", "fifo.tgz")) {
            Files.writeString(dir.resolve("Pulumi.chart-" + chart + ".yaml"), EXPLICIT + AMBIENT
                    .replace("spaces: {version: 1.14.1,", "spaces: {version: 1.14.1, chart: charts/" + chart + ","));
        }
        Files.writeString(dir.resolve("Pulumi.secret-values.yaml"), EXPLICIT + AMBIENT
                + "  spaces-backup-identity:spacesSecretValues: {license: {token: " + CANARY + "}}\n");
        var outputs = Files.readString(Path.of("examples/eks-cluster-dev.outputs.json"));
        Files.writeString(dir.resolve("url-list.json"), outputs.replaceFirst("\"oidcProviderUrl\": (\"[^\"]*\")",
                "\"oidcProviderUrl\": [$1]"));
        Files.writeString(dir.resolve("Pulumi.renamed.yaml"), valid.replace("  spaces-backup-identity:backup:",
                "  spaces-backup-identity:clusterStackOutputs: {oidcProviderUrl: oidcIssuer}\n"
                        + "  spaces-backup-identity:backup:"));
        for (var shape : SECRET_SHAPES) {
            Files.writeString(dir.resolve("Pulumi." + shape.get(0) + ".yaml"), EXPLICIT
                    + (shape.get(1).startsWith("kubeconfig") ? "" : AMBIENT) + "  spaces-backup-identity:" + shape.get(1)
                    .replace("CANARY", CANARY) + "\n");
        }
    }

    /** A stack with every fact given in config, and no kubeconfig. */
    static final String EXPLICIT = """
            config:
              aws:region: us-east-1
              spaces-backup-identity:oidcProviderArn: arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC
              spaces-backup-identity:controlPlanes:
                - {name: a, group: default, id: 3f2c9a4e-5b1d-4c7e-9a8f-0d1e2f3a4b5c}
              spaces-backup-identity:backup: {bucket: acme-backups}
            """;
    static final String AMBIENT = """
              spaces-backup-identity:useAmbientKubeconfig: true
              spaces-backup-identity:spaces: {version: 1.14.1, values: {account: acme}}
            """;

    /**
     * Stack files that give a key holding secrets in plain text, in the shapes and types a tired
     * operator writes: {stack, the key and its YAML, exit status}. Whether the render succeeds (and
     * prints [secret]) or refuses, the canary is on neither standard output nor standard error.
     */
    static final List<List<String>> SECRET_SHAPES = List.of(
            List.of("registry-text", "registry: CANARY", "2"),
            List.of("registry-integer", "registry: 48151623", "2"),
            List.of("registry-decimal", "registry: 4815.1623", "2"),
            List.of("registry-list", "registry: [CANARY]", "2"),
            List.of("registry-username-list", "registry: {username: [CANARY], password: CANARY}", "2"),
            List.of("registry-password-decimal", "registry: {username: robot, password: 4815.1623}", "2"),
            List.of("registry-credential-key", "registry: {CANARY: CANARY}", "2"),
            List.of("registry-mistyped", "registry: {username: robot, password: !!int CANARY}", "2"),
            List.of("registry-valid", "registry: {username: robot, password: CANARY}", "0"),
            List.of("secret-values-text", "spacesSecretValues: CANARY", "2"),
            List.of("secret-values-list", "spacesSecretValues: [CANARY, 4815.1623]", "2"),
            List.of("secret-values-not-a-map", "spacesSecretValues: {controlPlanes: CANARY}", "2"),
            List.of("secret-values-annotation", "spacesSecretValues: {controlPlanes: {mxpController: {serviceAccount:"
                    + " {annotations: {eks.amazonaws.com/role-arn: CANARY}}}}}", "2"),
            List.of("secret-values-valid", "spacesSecretValues: {license: {token: CANARY, seats: 4815.1623}}", "0"),
            List.of("kubeconfig-text", "kubeconfig: CANARY\n  spaces-backup-identity:spaces: {version: 1.14.1}", "0"),
            List.of("kubeconfig-object", "kubeconfig: {users: [CANARY]}\n  spaces-backup-identity:spaces:"
                    + " {version: 1.14.1}", "2"));

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
                        "PROJECT/Pulumi.yaml"), "Pulumi.yaml: not a directory"),
                Arguments.of("a chart with a link out of the project", List.of("render", "chart-link-out"),
                        "spaces.chart: 'charts/link-out' holds 'templates/creds.yaml', a symbolic link"),
                Arguments.of("a chart with a link to its parent", List.of("render", "chart-link-to-the-parent"),
                        "spaces.chart: 'charts/link-to-the-parent' holds 'files/up', a symbolic link"),
                Arguments.of("a chart whose .helmignore is a FIFO", List.of("render", "chart-helmignore-fifo"),
                        "spaces.chart: 'charts/helmignore-fifo' holds '.helmignore', which is not a regular file"),
                Arguments.of("a FIFO for a chart archive", List.of("render", "chart-fifo.tgz"),
                        "spaces.chart: 'charts/fifo.tgz' is not a directory or a regular file"),
                Arguments.of("the values document of a stack with secret values", List.of("render", "secret-values",
                        "--only", "values"), "--only values: the Helm values hold 1 secret value (license.token, from"
                        + " spacesSecretValues)"),
                Arguments.of("an issuer URL that is a list", List.of("render", "dev", "--cluster-outputs", "URL_LIST"),
                        "clusterStack output 'oidcProviderUrl': expected a string (the OIDC issuer URL), got a list"),
                Arguments.of("an output clusterStackOutputs names that the stack lacks", List.of("render", "renamed",
                        "--cluster-outputs", Path.of("examples/eks-cluster-dev.outputs.json").toAbsolutePath().toString()),
                        "clusterStackOutputs.oidcProviderUrl: names the output 'oidcIssuer', which 'acme/eks-cluster/dev'"
                                + " does not have"));
    }

    static Stream<Arguments> secretShapes() {
        return SECRET_SHAPES.stream().map(shape -> Arguments.of(shape.get(0), shape.get(1), Integer.parseInt(shape.get(2))));
    }

    /** A key that holds secrets, in plain text in the stack file, is never printed, whether the render succeeds or not. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("secretShapes")
    void aSecretKeysValueIsPrintedNeitherOnSuccessNorInAnError(String stack, String yaml, int exitCode)
            throws Exception {
        var run = render(stack, List.of("render", stack));

        assertThat(run.exitCode()).as(stack + ": " + run.err()).isEqualTo(exitCode);
        assertThat(run.out() + run.err()).as(stack).doesNotContain(CANARY).doesNotContain("4815")
                .doesNotContain("\tat ").doesNotContain("Exception");
        if (exitCode == 0) {
            assertThat(run.out()).as(stack).contains("\"[secret]\"");
        } else {
            assertThat(run.out()).as(stack).isEmpty();
            assertThat(run.err()).as(stack).startsWith("error: ");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRenders")
    void endsWithExitTwoAndOneLine(String what, List<String> args, String message) throws Exception {
        var run = render(what, args);
        var out = run.out();
        var err = run.err();

        assertThat(run.exitCode()).as(what + ": " + err).isEqualTo(2);
        assertThat(out).as(what).isEmpty();
        // One message: a line, then one line per problem when the config has several.
        assertThat(err.lines().skip(1).toList()).as(what).allSatisfy(line -> assertThat(line).startsWith("  - "));
        assertThat(err).as(what).startsWith("error: ").contains(message).doesNotContain(CANARY)
                .doesNotContain("\tat ").doesNotContain("Exception");
    }

    /** The packaged jar with these arguments, run as a user runs it, in the test project unless told otherwise. */
    private static ChildProcess.Result render(String what, List<String> args) throws Exception {
        var command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
                "-jar", Path.of("target/spaces-backup-identity.jar").toAbsolutePath().toString()));
        for (var arg : args) {
            command.add(arg.replace("FIFO", project.resolve("fifo.json").toString())
                    .replace("NULL", project.resolve("null-outputs.json").toString())
                    .replace("SECRET", project.resolve("secret-outputs.json").toString())
                    .replace("URL_LIST", project.resolve("url-list.json").toString())
                    .replace("PROJECT", project.toString()));
        }
        if (!args.contains("--project-dir")) {
            command.addAll(List.of("--project-dir", project.toString()));
        }
        var start = System.nanoTime();
        var run = ChildProcess.run(command, HANG_GUARD);
        var millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        synchronized (HostileRenderIT.class) {
            if (millis > slowestMillis) {
                slowestMillis = millis;
                slowestCase = what;
            }
        }
        return run;
    }
}
