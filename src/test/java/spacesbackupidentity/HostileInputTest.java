package spacesbackupidentity;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import spacesbackupidentity.offline.OfflineRun;
import spacesbackupidentity.settings.InvalidConfigException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Hostile and mistaken config, as someone who can edit one value would write it, run through the
 * program as {@code pulumi up} runs it. Every input ends in one config error that names its key,
 * before any resource is registered, with no stack trace and no secret in it (every stack here
 * carries a secret registry password and a secret Helm value). The slowest case is printed, not
 * bounded; a run still going after {@link #HANG_GUARD} (a FIFO read, an alias expanded without end)
 * is stopped and fails. Most cases are generated:
 * each ARN-forming key with each wildcard and invisible character, each reserved namespace, each
 * look-alike of a Helm key the stack sets, each place a region comes from with a region no partition
 * lists, a kubeconfig sending the EKS token to each wrong server, schedules and TTLs that do not do
 * what they say, S3 ports AWS does not serve, tag keys IAM merges, ARNs of another partition.
 */
class HostileInputTest {
    static final String CANARY = "CANARY-hostile-9c1e";
    /** Numbers where text or an object goes: as written, and the digits no message may hold. */
    static final String NUMBER_CANARY = "48151623";
    static final String DECIMAL_CANARY = "4815.1623";
    static final String NUMBER_CANARY_DIGITS = "4815";
    private static final com.google.gson.Gson GSON = new com.google.gson.Gson();
    static final Duration HANG_GUARD = Duration.ofSeconds(60);
    static long slowestMillis;
    static String slowestCase = "";
    static int cases;
    static Path project;

    @BeforeAll
    static void project(@TempDir Path dir) throws IOException, InterruptedException {
        project = Files.createDirectories(dir.resolve("project"));
        Files.createDirectories(project.resolve("values"));
        Files.writeString(project.resolve("values/ok.yaml"), "account: acme\n");
        Files.writeString(project.resolve("values/nan.yaml"), "ratio: .nan\n");
        Files.writeString(project.resolve("values/recursive.yaml"), "a: &a\n  b: *a\n");
        var bomb = new StringBuilder("a0: &a0 [x, x]\n");
        for (int i = 1; i < 40; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a")
                    .append(i - 1).append("]\n");
        }
        Files.writeString(project.resolve("values/bomb.yaml"), bomb + "top: *a39\n");
        Files.writeString(project.resolve("values/deep.yaml"), "a: " + "[".repeat(200) + "]".repeat(200) + "\n");
        Files.writeString(project.resolve("values/secret-text.yaml"), "password: " + CANARY + "\n  : [\n");
        Files.createDirectories(project.resolve("values/a-directory"));
        Files.createSymbolicLink(project.resolve("values/escape.yaml"), Path.of("/etc/hostname"));
        Files.writeString(dir.resolve("outside.yaml"), "account: outside\n");
        Fixtures.mkfifo(project.resolve("values/fifo.yaml"));
        Fixtures.hostileCharts(project.resolve("charts"));
    }

    @AfterAll
    static void report() {
        System.out.printf("hostile inputs: %d, slowest %d ms (%s)%n", cases, slowestMillis, slowestCase);
        assertThat(cases).as("hostile inputs under test").isGreaterThanOrEqualTo(60);
    }

    static StackConfig base() {
        return StackConfig.valid()
                .json("registry", Map.of("username", "robot", "password", CANARY)).secret("registry")
                .json("spacesSecretValues", Map.of("license", CANARY)).secret("spacesSecretValues");
    }

    private static Arguments bad(String what, UnaryOperator<StackConfig> change, String key) {
        return Arguments.of(what, change, key);
    }

    static StackConfig withSpaces(StackConfig config, Map<String, Object> spaces) {
        var values = new LinkedHashMap<String, Object>(Map.of("version", "1.14.1"));
        values.putAll(spaces);
        return config.json("spaces", values);
    }

    /** Each ARN-forming value, with each wildcard and invisible character put in its middle. */
    static Stream<Arguments> arnFormingValues() {
        var characters = List.of("*", "?", "$", "\u200B", "\u00A0", "\t", "\u202E", "\u0000");
        var cases = new ArrayList<Arguments>();
        for (var c : characters) {
            var shown = String.format("U+%04X", (int) c.charAt(0));
            cases.add(bad("role.name " + shown, k -> k.json("role", Map.of("name", "spaces" + c + "backups")),
                    "role.name"));
            cases.add(bad("role.path " + shown, k -> k.json("role", Map.of("path", "/spaces" + c + "/")), "role.path"));
            cases.add(bad("role.permissionsBoundary " + shown, k -> k.json("role", Map.of("permissionsBoundary",
                    "arn:aws:iam::123456789012:policy/team" + c + "/boundary")), "role.permissionsBoundary"));
            cases.add(bad("backup.bucket " + shown, k -> k.backup(Map.of("bucket", "acme" + c + "backups")),
                    "backup.bucket"));
            cases.add(bad("backup.prefix " + shown, k -> k.backup(Map.of("prefix", "spaces" + c + "/prod")),
                    "backup.prefix"));
            cases.add(bad("backup.kmsKeyArn " + shown, k -> k.backup(Map.of("kmsKeyArn",
                    "arn:aws:kms:us-east-1:123456789012:key/" + c + "1234abcd-12ab-34cd-56ef-1234567890ab")),
                    "backup.kmsKeyArn"));
            cases.add(bad("oidcProviderArn " + shown, k -> k.set("oidcProviderArn",
                    StackConfig.OIDC_ARN.replace("/id/", "/id" + c + "/")), "oidcProviderArn"));
            cases.add(bad("clusterArn " + shown, k -> k.identityMode("podIdentity").set("clusterArn",
                    "arn:aws:eks:us-east-1:123456789012:cluster/acme" + c + "dev"), "clusterArn"));
            // The other workloads' roles, buckets, keys and name prefixes (workloads.*).
            cases.add(bad("workloads.sharedSecrets.secretPrefixes " + shown, k -> k.json("workloads", Map.of(
                    "sharedSecrets", Map.of("secretPrefixes", List.of("spaces" + c + "/prod/")))),
                    "workloads.sharedSecrets.secretPrefixes[0]"));
            cases.add(bad("workloads.sharedSecrets.parameterPrefixes " + shown, k -> k.json("workloads", Map.of(
                    "sharedSecrets", Map.of("parameterPrefixes", List.of("/spaces" + c + "/prod/")))),
                    "workloads.sharedSecrets.parameterPrefixes[0]"));
            cases.add(bad("workloads.sharedSecrets.role.name " + shown, k -> k.json("workloads", Map.of(
                    "sharedSecrets", Map.of("role", Map.of("name", "eso" + c + "role")))),
                    "workloads.sharedSecrets.role.name"));
            cases.add(bad("workloads.spaceBackups.bucket " + shown, k -> k.json("workloads", Map.of(
                    "spaceBackups", Map.of("bucket", "acme" + c + "dr"))), "workloads.spaceBackups.bucket"));
            cases.add(bad("workloads.spaceBackups.prefix " + shown, k -> k.json("workloads", Map.of(
                    "spaceBackups", Map.of("bucket", "acme-dr", "prefix", "dr" + c + "/space"))),
                    "workloads.spaceBackups.prefix"));
            cases.add(bad("workloads.billing.kmsKeyArn " + shown, k -> k.json("workloads", Map.of(
                    "billing", Map.of("bucket", "acme-billing", "kmsKeyArn", "arn:aws:kms:us-east-1:123456789012:key/"
                            + c + "1234abcd-12ab-34cd-56ef-1234567890ab"))), "workloads.billing.kmsKeyArn"));
            cases.add(bad("clusterName " + shown, k -> k.identityMode("podIdentity").set("clusterName", "acme" + c + "dev"),
                    "clusterName"));
            cases.add(bad("controlPlanes[0].namespace " + shown, k -> k.controlPlanes(List.of(Map.of("name", "a",
                    "group", "team-a", "namespace", "host" + c + "ns"))), "controlPlanes[0].namespace"));
            cases.add(bad("controlPlanes[0].id " + shown, k -> k.controlPlanes(List.of(Map.of("name", "a",
                    "group", "team-a", "id", StackConfig.id(0).replace("-8000-", "-8" + c + "00-")))),
                    "controlPlanes[0].id"));
        }
        return cases.stream();
    }

    /** Host namespaces whose service accounts someone else may create. */
    static Stream<Arguments> reservedNamespaces() {
        var cases = new ArrayList<Arguments>();
        for (var namespace : List.of("default", "kube-system", "kube-public", "kube-node-lease", "upbound-system",
                "team-a")) {
            cases.add(bad("namespace " + namespace, k -> k.controlPlanes(List.of(
                    Map.of("name", "a", "group", "team-a", "id", StackConfig.id(1)),
                    Map.of("name", "b", "group", "team-b", "namespace", namespace))), "controlPlanes[1].namespace"));
        }
        cases.add(bad("namespace = a custom release namespace", k -> withSpaces(k, Map.of("namespace", "spaces-prod"))
                .controlPlanes(List.of(Map.of("name", "b", "group", "team-b", "namespace", "spaces-prod"))),
                "controlPlanes[0].namespace"));
        return cases.stream();
    }

    static Stream<Arguments> prefixes() {
        return Stream.of("/", "//", "///", ".", "a/./b", "a/../b", "../x", "a\u0001b", "a\u200Db", "a b",
                        "x".repeat(600))
                .map(p -> bad("prefix " + p.substring(0, Math.min(p.length(), 12)).replaceAll("\\p{C}", "?"),
                        k -> k.backup(Map.of("prefix", p)), "backup.prefix"));
    }

    static Map<String, Object> mxp(Map<String, Object> inside) {
        return Map.of("controlPlanes", Map.of("mxpController", inside));
    }

    /** Keys a reviewer reads as the ones this stack sets, and Helm does not. */
    static Stream<Arguments> lookAlikes() {
        var annotation = "eks.amazonaws.com/role-arn";
        var role = "arn:aws:iam::123456789012:role/x";
        return Stream.of(
                bad("serviceaccount", k -> withSpaces(k, Map.of("values", mxp(Map.of("serviceaccount",
                        Map.of("annotations", Map.of(annotation, role)))))), "spaces.values"),
                bad("trailing space", k -> withSpaces(k, Map.of("values", mxp(Map.of("serviceAccount ",
                        Map.of("annotations", Map.of(annotation, role)))))), "spaces.values"),
                bad("zero-width space", k -> withSpaces(k, Map.of("values", mxp(Map.of("service\u200BAccount",
                        Map.of("annotations", Map.of(annotation, role)))))), "spaces.values"),
                bad("Annotations", k -> withSpaces(k, Map.of("values", mxp(Map.of("serviceAccount",
                        Map.of("Annotations", Map.of(annotation, role)))))), "spaces.values"),
                bad("annotation with trailing space", k -> withSpaces(k, Map.of("values", mxp(Map.of("serviceAccount",
                        Map.of("annotations", Map.of(annotation + " ", role)))))), "spaces.values"),
                bad("annotation in capitals", k -> withSpaces(k, Map.of("values", mxp(Map.of("serviceAccount",
                        Map.of("annotations", Map.of("EKS.amazonaws.com/role-arn", role)))))), "spaces.values"),
                bad("annotation with a zero-width joiner", k -> withSpaces(k, Map.of("values", mxp(Map.of(
                        "serviceAccount", Map.of("annotations", Map.of("eks.amazonaws.com/role\u200D-arn", role)))))),
                        "spaces.values"),
                bad("ControlPlanes", k -> withSpaces(k, Map.of("values", Map.of("ControlPlanes", Map.of()))),
                        "spaces.values"),
                bad("mxpcontroller", k -> withSpaces(k, Map.of("values", Map.of("controlPlanes",
                        Map.of("mxpcontroller", Map.of())))), "spaces.values"),
                bad("a pod label key in capitals", k -> withSpaces(k.json("podLabels", Map.of("team", "a")),
                        Map.of("values", mxp(Map.of("pod", Map.of("customLabels", Map.of("Team", "b")))))),
                        "spaces.values"),
                bad("look-alike in the secret values", k -> k.json("spacesSecretValues", mxp(Map.of(
                        "serviceAccount\t", Map.of()))).secret("spacesSecretValues"), "spacesSecretValues"),
                bad("another audience", k -> withSpaces(k, Map.of("values", mxp(Map.of("serviceAccount",
                        Map.of("annotations", Map.of("eks.amazonaws.com/audience", "sts.amazonaws.com.evil")))))),
                        "spaces.values"),
                bad("an empty audience", k -> withSpaces(k, Map.of("values", mxp(Map.of("serviceAccount",
                        Map.of("annotations", Map.of("eks.amazonaws.com/audience", "")))))), "spaces.values"));
    }

    static Stream<Arguments> contradictions() {
        return Stream.of(
                bad("cluster in another account", k -> k.identityMode("podIdentity").remove("oidcProviderArn")
                        .set("oidcProviderArn", StackConfig.OIDC_ARN)
                        .set("clusterArn", "arn:aws:eks:us-east-1:999999999999:cluster/acme"), "clusterArn"),
                bad("cluster in another region", k -> k.identityMode("both")
                        .set("clusterArn", "arn:aws:eks:eu-west-1:123456789012:cluster/acme"), "clusterArn"),
                bad("cluster in another partition", k -> k.identityMode("both")
                        .set("clusterArn", "arn:aws-cn:eks:us-east-1:123456789012:cluster/acme"), "clusterArn"));
    }

    static Stream<Arguments> numbersAndSizes() {
        return Stream.of(
                bad("quota of a billion", k -> k.json("iam", Map.of("trustPolicyQuota", 1_000_000_000)),
                        "iam.trustPolicyQuota"),
                bad("negative quota", k -> k.json("iam", Map.of("trustPolicyQuota", -1)), "iam.trustPolicyQuota"),
                bad("quota beyond int", k -> k.set("iam", "{\"trustPolicyQuota\": 99999999999999999999}"),
                        "iam.trustPolicyQuota"),
                bad("quota of 1e400", k -> k.set("iam", "{\"trustPolicyQuota\": 1e400}"), "iam"),
                bad("session of 1e300", k -> k.set("role", "{\"maxSessionDuration\": 1e300}"),
                        "role.maxSessionDuration"),
                bad("cron step of 30 digits", k -> k.backup(Map.of("schedule", Map.of("cron",
                        "0/" + "9".repeat(30) + " * * * *"))), "backup.schedule.cron"),
                bad("cron of 1000 characters", k -> k.backup(Map.of("schedule", Map.of("cron",
                        "1,".repeat(500) + " * * * *"))), "backup.schedule.cron"),
                bad("ttl of 1000 characters", k -> k.backup(Map.of("schedule", Map.of("cron", "@daily",
                        "ttl", "1h".repeat(500)))), "backup.schedule.ttl"),
                bad("ttl beyond Go's duration", k -> k.backup(Map.of("schedule", Map.of("cron", "@daily",
                        "ttl", "9999999999999999h"))), "backup.schedule.ttl"),
                bad("values nested 200 deep", k -> k.set("spaces", "{\"version\": \"1.14.1\", \"values\": "
                        + "{\"a\":".repeat(200) + "1" + "}".repeat(200) + "}"), "spaces"),
                bad("a label of a megabyte", k -> k.json("podLabels", Map.of("team", "x".repeat(1 << 20))),
                        "podLabels.team"),
                bad("an unknown key of 10,000 characters", k -> k.json("role", Map.of("n".repeat(10_000), "x")),
                        "role.'" + "n".repeat(100) + "'... (10000 characters in all)"),
                bad("5,001 Pod Identity control planes", k -> k.identityMode("podIdentity").set("clusterName", "acme")
                        .controlPlanes(StackConfig.controlPlanes(5001)), "controlPlanes"));
    }

    static Stream<Arguments> files() {
        return Stream.of(
                bad("absolute path", k -> withSpaces(k, Map.of("valuesFiles", List.of("/etc/passwd"))),
                        "spaces.valuesFiles[0]"),
                bad("path out of the project", k -> withSpaces(k, Map.of("valuesFiles", List.of("../outside.yaml"))),
                        "spaces.valuesFiles[0]"),
                bad("deep path out of the project", k -> withSpaces(k, Map.of("valuesFiles",
                        List.of("values/../../../../etc/passwd"))), "spaces.valuesFiles[0]"),
                bad("symlink out of the project", k -> withSpaces(k, Map.of("valuesFiles",
                        List.of("values/escape.yaml"))), "spaces.valuesFiles[0]"),
                bad("/dev/zero", k -> withSpaces(k, Map.of("valuesFiles", List.of("/dev/zero"))),
                        "spaces.valuesFiles[0]"),
                bad("a FIFO", k -> withSpaces(k, Map.of("valuesFiles", List.of("values/fifo.yaml"))),
                        "spaces.valuesFiles[0]"),
                bad("a directory", k -> withSpaces(k, Map.of("valuesFiles", List.of("values/a-directory"))),
                        "spaces.valuesFiles[0]"),
                bad("NaN in a values file", k -> withSpaces(k, Map.of("valuesFiles", List.of("values/nan.yaml"))),
                        "spaces.valuesFiles[0]"),
                bad("a recursive alias", k -> withSpaces(k, Map.of("valuesFiles",
                        List.of("values/recursive.yaml"))), "spaces.valuesFiles[0]"),
                bad("an alias bomb", k -> withSpaces(k, Map.of("valuesFiles", List.of("values/bomb.yaml"))),
                        "spaces.valuesFiles[0]"),
                bad("values nested 200 deep in a file", k -> withSpaces(k, Map.of("valuesFiles",
                        List.of("values/deep.yaml"))), "spaces.valuesFiles[0]"),
                bad("broken YAML holding a secret-looking line", k -> withSpaces(k, Map.of("valuesFiles",
                        List.of("values/secret-text.yaml"))), "spaces.valuesFiles[0]"));
    }

    /**
     * Each key that holds secrets, given each wrong type and shape with the canary (or a canary
     * number) inside, set with --secret and without: the key is a secret either way, so no message
     * quotes it, at any depth, its JSON text included.
     */
    static Stream<Arguments> secretShapes() {
        var shapes = new LinkedHashMap<String, List<List<String>>>();
        shapes.put("registry", List.of(
                List.of("text", CANARY, "registry"),
                List.of("a JSON string", GSON.toJson(CANARY), "registry"),
                List.of("an integer", NUMBER_CANARY, "registry"),
                List.of("a decimal", DECIMAL_CANARY, "registry"),
                List.of("a list", GSON.toJson(List.of(CANARY)), "registry"),
                List.of("broken JSON", "{\"username\": \"robot\", \"password\": \"" + CANARY, "registry"),
                List.of("JSON nested too deep", "{\"password\": " + "[".repeat(70) + GSON.toJson(CANARY)
                        + "]".repeat(70) + "}", "registry"),
                List.of("a list for the username", GSON.toJson(Map.of("username", List.of(CANARY), "password", CANARY)),
                        "registry.username"),
                List.of("an object for the username", GSON.toJson(Map.of("username", Map.of(CANARY, CANARY),
                        "password", CANARY)), "registry.username"),
                List.of("a decimal for the password", "{\"username\": \"robot\", \"password\": " + DECIMAL_CANARY + "}",
                        "registry.password"),
                List.of("a list of numbers for the password", "{\"username\": \"robot\", \"password\": ["
                        + NUMBER_CANARY + "]}", "registry.password"),
                List.of("a username without its password", GSON.toJson(Map.of("username", CANARY)),
                        "registry.password"),
                List.of("the credential as a key", GSON.toJson(Map.of(CANARY, CANARY)), "registry"),
                List.of("a third key", GSON.toJson(Map.of("username", "robot", "password", CANARY, "token", CANARY)),
                        "registry")));
        var annotations = List.of("controlPlanes", "mxpController", "serviceAccount", "annotations");
        shapes.put("spacesSecretValues", List.of(
                List.of("text", CANARY, "spacesSecretValues"),
                List.of("a JSON string", GSON.toJson(CANARY), "spacesSecretValues"),
                List.of("an integer", NUMBER_CANARY, "spacesSecretValues"),
                List.of("a decimal", DECIMAL_CANARY, "spacesSecretValues"),
                List.of("a list", GSON.toJson(List.of(CANARY, Map.of("a", CANARY))), "spacesSecretValues"),
                List.of("broken JSON", "{\"license\": {\"token\": \"" + CANARY + "\"}", "spacesSecretValues"),
                List.of("JSON nested too deep", "{\"a\": " + "[".repeat(70) + GSON.toJson(CANARY) + "]".repeat(70) + "}",
                        "spacesSecretValues"),
                List.of("text where a map goes", GSON.toJson(nested(annotations.subList(0, 1), CANARY)),
                        "spacesSecretValues"),
                List.of("a decimal where a map goes", "{\"controlPlanes\": {\"mxpController\": " + DECIMAL_CANARY
                        + "}}", "spacesSecretValues"),
                List.of("a list where a map goes deep down", GSON.toJson(nested(annotations, List.of(CANARY))),
                        "spacesSecretValues"),
                List.of("the role annotation", GSON.toJson(nested(annotations, Map.of("eks.amazonaws.com/role-arn",
                        CANARY))), "spacesSecretValues"),
                List.of("another audience", GSON.toJson(nested(annotations, Map.of("eks.amazonaws.com/audience",
                        CANARY))), "spacesSecretValues"),
                List.of("a null beside a secret", "{\"license\": {\"token\": \"" + CANARY + "\", \"edition\": null}}",
                        "spacesSecretValues")));
        shapes.put("kubeconfig", List.of(
                List.of("one line, read as a path", CANARY, "kubeconfig"),
                List.of("a decimal", DECIMAL_CANARY, "kubeconfig"),
                List.of("a list", "[" + CANARY + "]", "kubeconfig"),
                List.of("users as text", "users: " + CANARY + "\n", "kubeconfig"),
                List.of("a user as text", "users: [" + CANARY + "]\n", "kubeconfig"),
                List.of("a command", "users:\n- user:\n    exec: {command: " + CANARY + "}\n", "kubeconfig"),
                List.of("an argument", "users:\n- user:\n    exec: {command: aws, args: [" + CANARY + "]}\n",
                        "kubeconfig"),
                List.of("an environment variable", "users:\n- user:\n    exec: {command: aws, args: [eks, get-token],"
                        + " env: [{name: " + CANARY + ", value: " + CANARY + "}]}\n", "kubeconfig"),
                List.of("an auth provider", "users:\n- user: {auth-provider: {name: " + CANARY + "}}\n", "kubeconfig"),
                List.of("a token file sent elsewhere", "clusters:\n- cluster: {server: 'https://" + CANARY
                        + ".example.com'}\nusers:\n- user:\n    tokenFile: /var/run/secrets/" + CANARY + "\n", "kubeconfig"),
                List.of("a field nobody checks", "users:\n- user:\n    " + CANARY + ": x\n", "kubeconfig"),
                List.of("a server elsewhere for an EKS token", "clusters:\n- cluster: {server: 'https://" + CANARY
                        + ".example.com'}\nusers:\n- user:\n    exec: {command: aws, args: [eks, get-token]}\n", "kubeconfig"),
                List.of("a server without https", "clusters:\n- cluster: {server: " + CANARY + "}\n", "kubeconfig"),
                List.of("a proxy", "clusters:\n- cluster: {server: 'https://x', proxy-url: " + CANARY + "}\n",
                        "kubeconfig"),
                List.of("broken YAML", "users: [" + CANARY + "\n", "kubeconfig"),
                List.of("a mistyped value", "users: !!int " + CANARY + "\n", "kubeconfig"),
                List.of("a key twice", CANARY + ": 1\n" + CANARY + ": 2\n", "kubeconfig"),
                List.of("an alias inside itself", "users: &" + CANARY + " [*" + CANARY + "]\n", "kubeconfig"),
                List.of("over a megabyte", "# " + CANARY + "\n" + "#".repeat(1 << 20) + "\n", "kubeconfig")));
        var cases = new ArrayList<Arguments>();
        shapes.forEach((key, keyShapes) -> {
            for (var shape : keyShapes) {
                for (var marked : List.of(true, false)) {
                    UnaryOperator<StackConfig> change = k -> {
                        k.remove(key).set(key, shape.get(1));
                        return marked ? k.secret(key) : k;
                    };
                    cases.add(bad(key + ", " + shape.get(0) + (marked ? ", set with --secret" : ", in plain text"),
                            change, shape.get(2)));
                }
            }
        });
        return cases.stream();
    }

    /** {@code value} under the maps named by {@code path}. */
    static Map<String, Object> nested(List<String> path, Object value) {
        Object inner = value;
        for (int i = path.size() - 1; i >= 0; i--) {
            inner = Map.of(path.get(i), inner);
        }
        @SuppressWarnings("unchecked")
        var outer = (Map<String, Object>) inner;
        return outer;
    }

    /**
     * Local charts as Helm's loader would read them, each refused: symbolic links anywhere in the
     * chart (out of the project, within it, to a directory, to a parent), FIFOs, sockets, files and
     * charts over their bounds, a directory that is no chart, and a chart path that is neither a
     * directory nor a .tgz archive.
     */
    static Stream<Arguments> charts() {
        return Stream.of("link-out", "link-in", "link-to-a-directory", "link-to-the-parent", "chart-yaml-link",
                        "fifo", "helmignore-fifo", "socket", "big-file", "many-files", "many-bytes", "deep",
                        "no-chart-yaml", "fifo.tgz", "big.tgz", "chart.zip", "link-out.tgz")
                .map(chart -> bad("chart " + chart, k -> withSpaces(k, Map.of("chart", "charts/" + chart)),
                        "spaces.chart"));
    }

    static final String EKS_SERVER = "https://0123456789ABCDEF0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com";

    static String eksKubeconfig(String server) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: acme
                  cluster: {server: '%s'}
                users:
                - name: acme
                  user:
                    exec: {command: aws, args: [--region, us-east-1, eks, get-token, --cluster-name, acme]}
                """.formatted(server);
    }

    /** A region no partition lists, in each place the stack takes a region from. */
    static Stream<Arguments> regionsThatAreNoRegion() {
        var cases = new ArrayList<Arguments>();
        for (var region : List.of("us-east-1x", "us-east-0", "us-west-9", "xx-east-1", "us-gov-east-9", "cn-east-1",
                "aws-global", "eu-isoe-west-9")) {
            cases.add(bad("clusterArn in " + region, k -> k.identityMode("both")
                    .set("clusterArn", "arn:aws:eks:" + region + ":123456789012:cluster/acme"), "clusterArn"));
            cases.add(bad("EKS issuer in " + region, k -> k.set("oidcProviderArn",
                    "arn:aws:iam::123456789012:oidc-provider/oidc.eks." + region + ".amazonaws.com/id/ABCDEF"),
                    "oidcProviderArn"));
            cases.add(bad("backup.region " + region, k -> k.backup(Map.of("region", region)), "backup.region"));
            cases.add(bad("aws:region " + region, k -> k.set("aws:region", region), "aws:region"));
            cases.add(bad("KMS key in " + region, k -> k.backup(Map.of("kmsKeyArn", "arn:aws:kms:" + region
                    + ":123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")), "backup.kmsKeyArn"));
        }
        return cases.stream();
    }

    /** A kubeconfig that obtains the deploy role's EKS token and names a server that is not that region's EKS API. */
    static Stream<Arguments> eksTokenElsewhere() {
        var cases = new ArrayList<Arguments>();
        for (var server : List.of("https://attacker.example", "https://127.0.0.1:6443", EKS_SERVER + ":8443",
                EKS_SERVER.replace("us-east-1", "us-west-2"), EKS_SERVER + ".attacker.example",
                EKS_SERVER.replace("amazonaws.com", "amazonaws.com.cn"), "https://user@" + EKS_SERVER.substring(8))) {
            cases.add(bad("EKS token to " + server, k -> k.set("kubeconfig", eksKubeconfig(server)).secret("kubeconfig"),
                    "kubeconfig"));
        }
        cases.add(bad("EKS token with no region known", k -> k.set("oidcProviderArn",
                        "arn:aws:iam::123456789012:oidc-provider/oidc.acme.example/id/ABCDEF")
                .set("kubeconfig", eksKubeconfig(EKS_SERVER)).secret("kubeconfig"), "kubeconfig"));
        return cases.stream();
    }

    static Map<String, Object> schedule(String cron, String... ttl) {
        return ttl.length == 0 ? Map.of("schedule", Map.of("cron", cron))
                : Map.of("schedule", Map.of("cron", cron, "ttl", ttl[0]));
    }

    /** Schedules and TTLs that do not do what they say, as Spaces' parser (robfig/cron) reads them. */
    static Stream<Arguments> schedulesThatDoNotDoWhatTheySay() {
        var cases = new ArrayList<Arguments>();
        for (var cron : List.of("@daily ", " @daily", "@daily\n", "@every 6h ", "@every  6h", "@every 1m", "@every -6h",
                "* * * * *", "*/5 * * * *", "0 2 30 2 *", "0 2 31 4 *", "0 2 , * *", "0 2 1,,15 * *", "*-5 2 * * *",
                "CRON_TZ=UTC 0 2 * * *", "0\u00a02 * * *", "0\u200b2 * * *", "0 2 * * 7", "@DAILY")) {
            cases.add(bad("cron " + cron.replaceAll("\\p{C}|\\p{Z}", "?"), k -> k.backup(schedule(cron)),
                    "backup.schedule.cron"));
        }
        for (var pair : List.of(List.of("@daily", "1m"), List.of("@daily", "24h"), List.of("@monthly", "720h"),
                List.of("@every 6h", "6h"), List.of("@yearly", "8760h"), List.of("0 2 29 2 *", "26280h"))) {
            cases.add(bad("ttl " + pair.get(1) + " for " + pair.get(0), k -> k.backup(schedule(pair.get(0),
                    pair.get(1))), "backup.schedule.ttl"));
        }
        return cases.stream();
    }

    /** Ports where AWS serves no S3, role tags IAM would merge, ARNs from another partition than the role's. */
    static Stream<Arguments> portsTagsAndPartitions() {
        var cases = new ArrayList<Arguments>();
        for (var port : List.of("0", "80", "8443", "65536", "99999", "")) {
            cases.add(bad("endpoint port '" + port + "'", k -> k.backup(Map.of("endpoint",
                    "s3.us-east-1.amazonaws.com:" + port)), "backup.endpoint"));
        }
        cases.add(bad("tags Team and team", k -> k.json("role", Map.of("tags", Map.of("Team", "a", "team", "b"))),
                "role.tags"));
        cases.add(bad("tags owner and OWNER", k -> k.json("role", Map.of("tags", Map.of("owner", "a", "OWNER", "a"))),
                "role.tags"));
        for (var partition : List.of("aws-cn", "aws-us-gov", "aws-iso")) {
            cases.add(bad("permissions boundary in " + partition, k -> k.json("role", Map.of("permissionsBoundary",
                    "arn:" + partition + ":iam::123456789012:policy/boundary")), "role.permissionsBoundary"));
        }
        cases.add(bad("KMS key in aws-cn", k -> k.backup(Map.of("kmsKeyArn",
                "arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")), "backup.kmsKeyArn"));
        return cases.stream();
    }

    static Stream<Arguments> hostileInputs() {
        return Stream.of(arnFormingValues(), reservedNamespaces(), prefixes(), lookAlikes(), contradictions(),
                numbersAndSizes(), files(), secretShapes(), charts(), regionsThatAreNoRegion(), eksTokenElsewhere(),
                schedulesThatDoNotDoWhatTheySay(), portsTagsAndPartitions()).flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileInputs")
    void isRefusedWithOneMessageNamingItsKey(String what, UnaryOperator<StackConfig> change, String key) {
        var run = timed(what, () -> StackRun.of(change.apply(base()), Map.of(), List.of(), project));

        assertRefused(what, run, key);
        assertThat(run.result().registrations()).as(what).isEmpty();
    }

    /** The cluster stack's outputs for identity.mode both, which reads every one of them; each case changes one. */
    static Map<String, Object> clusterOutputs() {
        var outputs = new LinkedHashMap<String, Object>();
        outputs.put("oidcProviderArn", StackConfig.OIDC_ARN);
        outputs.put("oidcProviderUrl", "https://" + StackConfig.ISSUER);
        outputs.put("clusterName", "acme");
        outputs.put("clusterArn", "arn:aws:eks:us-east-1:" + StackConfig.ACCOUNT + ":cluster/acme");
        outputs.put("kubeconfig", StackConfig.KUBECONFIG);
        return outputs;
    }

    static StackConfig fromClusterStack(StackConfig config) {
        return config.fromClusterStack().identityMode("both");
    }

    /**
     * Each output a cross-check or an ARN is read from, of each wrong type: refused naming the output
     * and what it must be, never passed by as if absent (a list where the issuer URL goes would turn
     * its check off). Each one secret, with the canary: described by kind and size. Each name that
     * clusterStackOutputs gives and the stack lacks: refused, whether or not this mode reads it.
     */
    static Stream<Arguments> clusterOutputCases() {
        var cases = new ArrayList<Arguments>();
        var wrong = new LinkedHashMap<String, Object>();
        wrong.put("a list", List.of(CANARY));
        wrong.put("an object", Map.of("value", CANARY));
        wrong.put("a number", 4815.1623);
        wrong.put("a boolean", true);
        wrong.put("an empty string", "");
        wrong.put("a blank string", "   ");
        for (var output : List.of("oidcProviderArn", "oidcProviderUrl", "clusterName", "clusterArn")) {
            var key = "clusterStack output '" + output + "'";
            wrong.forEach((kind, value) -> {
                var outputs = clusterOutputs();
                outputs.put(output, value);
                cases.add(Arguments.of(output + " as " + kind, (UnaryOperator<StackConfig>) HostileInputTest::fromClusterStack,
                        outputs, List.of("kubeconfig"), key));
            });
            var outputs = clusterOutputs();
            outputs.put(output, CANARY);
            cases.add(Arguments.of(output + " secret", (UnaryOperator<StackConfig>) HostileInputTest::fromClusterStack,
                    outputs, List.of(output, "kubeconfig"), key));
        }
        for (var field : List.of("oidcProviderArn", "oidcProviderUrl", "clusterName", "clusterArn", "kubeconfig")) {
            UnaryOperator<StackConfig> renamed = k -> fromClusterStack(k).json("clusterStackOutputs",
                    Map.of(field, "renamed-" + field));
            cases.add(Arguments.of("clusterStackOutputs." + field + " names a missing output", renamed, clusterOutputs(),
                    List.of("kubeconfig"), "clusterStackOutputs." + field));
        }
        UnaryOperator<StackConfig> unread = k -> k.fromClusterStack().json("clusterStackOutputs",
                Map.of("clusterArn", "renamed-clusterArn"));
        cases.add(Arguments.of("with irsa, clusterStackOutputs.clusterArn names a missing output", unread,
                clusterOutputs(), List.of("kubeconfig"), "clusterStackOutputs.clusterArn"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clusterOutputCases")
    void aClusterOutputOfTheWrongTypeOrMissingIsRefusedNamingIt(String what, UnaryOperator<StackConfig> change,
                                                                Map<String, Object> outputs, List<String> secret,
                                                                String key) {
        var run = timed(what, () -> StackRun.of(change.apply(base()), outputs, secret, project));

        assertRefused(what, run, key);
        assertThat(run.result().registrations()).as(what).extracting(r -> r.type())
                .containsExactly(Declared.STACK_REFERENCE);
    }

    /** The valid outputs the cases above change one at a time: every case fails for its change alone. */
    @org.junit.jupiter.api.Test
    void theClusterOutputsTheCasesStartFromAreValid() {
        var result = StackRun.of(fromClusterStack(base()), clusterOutputs(), List.of("kubeconfig"), project);

        assertThat(result.error()).isEmpty();
        assertThat(result.registrations()).extracting(r -> r.type()).contains(Declared.ASSOCIATION);
    }

    /** A run, and what it printed to standard output and error while it ran. */
    record Run(OfflineRun.Result result, String printed) {
    }

    private static Run timed(String what, java.util.function.Supplier<OfflineRun.Result> program) {
        var start = System.nanoTime();
        var printed = new ByteArrayOutputStream();
        var out = System.out;
        var err = System.err;
        var capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        OfflineRun.Result result;
        try {
            result = assertTimeoutPreemptively(HANG_GUARD, program::get, what + ": still running, so taken for hung");
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        var millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        synchronized (HostileInputTest.class) {
            cases++;
            if (millis > slowestMillis) {
                slowestMillis = millis;
                slowestCase = what;
            }
        }
        return new Run(result, printed.toString(StandardCharsets.UTF_8));
    }

    private static void assertRefused(String what, Run run, String key) {
        var result = run.result();
        assertThat(result.error()).as(what).get().isInstanceOf(InvalidConfigException.class);
        // Naming the key is saying it first: a key as short as "iam" is in nearly any message.
        assertThat(((InvalidConfigException) result.error().get()).problems()).as(what)
                .anySatisfy(problem -> assertThat(problem).startsWith(key + ": "));
        var message = result.error().get().getMessage();
        assertThat(message).as(what).contains(key).doesNotContain("\tat ")
                .doesNotContain("Exception").doesNotContain("root:x:0:0");
        assertThat(message.lines()).as(what).allSatisfy(line -> assertThat(line.length()).isLessThan(700));
        // Whatever reaches a reader: the message, what the engine would log, what the run printed.
        for (var said : Stream.concat(Stream.of(message, run.printed()), result.engineErrors().stream()).toList()) {
            assertThat(said).as(what).doesNotContain(CANARY).doesNotContain(NUMBER_CANARY_DIGITS);
        }
    }
}
