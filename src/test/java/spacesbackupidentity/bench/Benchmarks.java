package spacesbackupidentity.bench;

import com.google.gson.Gson;
import spacesbackupidentity.App;
import spacesbackupidentity.config.ConfigLookup;
import spacesbackupidentity.config.EngineConfig;
import spacesbackupidentity.offline.OfflineCloud;
import spacesbackupidentity.offline.OfflineRun;
import spacesbackupidentity.plan.IdentityPlan;
import spacesbackupidentity.plan.TrustPolicy;
import spacesbackupidentity.plan.TrustPolicySize;
import spacesbackupidentity.settings.ClusterFacts;
import spacesbackupidentity.settings.ControlPlane;
import spacesbackupidentity.settings.InvalidConfigException;
import spacesbackupidentity.settings.OidcProvider;
import spacesbackupidentity.settings.Settings;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Measures what users feel, as ratios taken in one run so they hold on a noisy machine, prints a
 * table and writes BENCHMARKS.md. A program, not a test: {@code mvn -B -Pbench -DskipTests verify}.
 *
 * <ol>
 *   <li>Capacity: control planes the program accepts per trust-policy quota, against the maximum
 *       computed independently from the policy's fixed part and its per-subject cost.</li>
 *   <li>Evaluation: the stack in the in-memory engine with 1 to 1,000 control planes.</li>
 *   <li>Start-up: process start to the first registered resource, {@code java -jar} against
 *       {@code mvn compile exec:java} (Pulumi's Maven executor).</li>
 *   <li>Change impact: which resources' inputs change, and how many controllers roll.</li>
 * </ol>
 */
public final class Benchmarks {
    static final String ACCOUNT = "210987654321";
    static final String ISSUER = "oidc.eks.us-east-1.amazonaws.com/id/" + "8F3A1C5E7B9D2F4A6C8E0B1D3F5A7C9E";
    static final String OIDC_ARN = "arn:aws:iam::" + ACCOUNT + ":oidc-provider/" + ISSUER;
    static final String CLUSTER_ARN = "arn:aws:eks:us-east-1:" + ACCOUNT + ":cluster/bench";
    static final int RUNS = 5;
    static final Gson GSON = new Gson();

    private final StringBuilder report = new StringBuilder();

    public static void main(String[] args) throws Exception {
        var projectDir = Path.of(args.length > 0 ? args[0] : ".");
        new Benchmarks().run(projectDir);
    }

    void run(Path projectDir) throws Exception {
        line("# Benchmarks");
        line("");
        line("Written by `mvn -B -Pbench -DskipTests verify` (`" + Benchmarks.class.getName() + "`), "
                + LocalDate.now() + ". Every figure comes from the one run that wrote this file.");
        line("");
        machine();
        capacity();
        evaluation();
        perProcess(projectDir);
        startup(projectDir);
        changeImpact();
        Files.writeString(projectDir.resolve("BENCHMARKS.md"), report.toString());
        System.out.println("wrote " + projectDir.resolve("BENCHMARKS.md").toAbsolutePath().normalize());
    }

    // ---------------------------------------------------------------------------------------------

    private void machine() throws IOException {
        var cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
        var memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .findFirst().map(l -> l.replaceAll("\\D+", "")).map(kb -> Long.parseLong(kb) / 1024 / 1024 + " GiB")
                .orElse("unknown");
        line("## Machine");
        line("");
        line("| | |");
        line("|---|---|");
        line("| CPU | " + cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores available |");
        line("| Memory | " + memory + " |");
        line("| OS | " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " |");
        line("| JVM | " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + " |");
        line("| JVM options | " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()) + " |");
        line("");
    }

    // ---------------------------------------------------------------------------------------------

    private void capacity() {
        var oidc = OidcProvider.parse("oidcProviderArn", OIDC_ARN);
        var namespace = ControlPlane.namespaceFor(uuid(0));
        var subject = ControlPlane.serviceAccountSubject(namespace);
        // The policy's fixed part: everything but the one subject and its quotes.
        var one = TrustPolicySize.nonWhitespaceLength(TrustPolicy.json(TrustPolicy.irsa(oidc, List.of(namespace))));
        var fixed = one - (subject.length() + 2);
        var perSubject = subject.length() + 3; // quotes and a comma
        line("## 1. Capacity of one IRSA role");
        line("");
        line("Control planes with UUID namespaces (`mxp-<uuid>-system`), account " + ACCOUNT + ", issuer `" + ISSUER
                + "`. *Accepted*: the largest count for which the program's own pre-flight (`Settings.parse` and"
                + " `IdentityPlan.of`) passes, found by bisection. *Theoretical*: computed from the policy's fixed part ("
                + fixed + " characters) and the cost of each subject (" + perSubject + " characters: "
                + subject.length() + " for `" + subject + "`, two quotes and a comma; two more for the brackets"
                + " once there are two): `floor((quota - " + fixed + " - 2 + 1) / " + perSubject + ")`.");
        line("");
        line("| Quota | Accepted | Theoretical | Target: equal |");
        line("|---:|---:|---:|---|");
        for (var quota : List.of(2048, 4096, 8192)) {
            var accepted = acceptedControlPlanes(quota);
            var theoretical = Math.max(one <= quota ? 1 : 0, (quota - fixed - 2 + 1) / perSubject);
            line("| " + quota + " | " + accepted + " | " + theoretical + " | " + (accepted == theoretical ? "met" : "MISSED")
                    + " |");
            System.out.printf("capacity  quota %5d: accepted %3d, theoretical %3d%n", quota, accepted, theoretical);
        }
        line("");
    }

    private static int acceptedControlPlanes(int quota) {
        int low = 0;
        int high = 1000;
        while (high - low > 1) {
            int mid = (low + high) >>> 1;
            if (accepts(mid, quota)) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static boolean accepts(int controlPlanes, int quota) {
        var settings = Settings.parse(ConfigLookup.of(config(controlPlanes, "irsa", Map.of("trustPolicyQuota", quota))),
                "spaces-backup-identity", "bench", Path.of("."));
        try {
            IdentityPlan.of(settings, ClusterFacts.resolve(settings.cluster(), name -> Optional.empty()));
            return true;
        } catch (InvalidConfigException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------------------------------------

    private void evaluation() throws Exception {
        var sizes = List.of(1, 10, 100, 1000);
        var samples = new LinkedHashMap<Integer, List<Long>>();
        sizes.forEach(n -> samples.put(n, new ArrayList<>()));
        // Two warm-up rounds, then RUNS measured rounds; sizes interleave so noise hits them alike.
        for (int round = -2; round < RUNS; round++) {
            for (var n : sizes) {
                var nanos = evaluate(n);
                if (round >= 0) {
                    samples.get(n).add(nanos);
                }
            }
        }
        var base = median(samples.get(1));
        line("## 2. Evaluation in the in-memory engine");
        line("");
        line("The whole stack (`App.stack`) in Pulumi's in-memory engine (`com.pulumi.test`), from settings to the"
                + " last output, in this JVM after two warm-up rounds; IRSA where it fits the default quota, EKS Pod"
                + " Identity (one association per control plane) beyond. Median of " + RUNS + " runs, interleaved.");
        line("");
        line("| Control planes | Mode | Resources | Median | Ratio to 1 |");
        line("|---:|---|---:|---:|---:|");
        for (var n : sizes) {
            var median = median(samples.get(n));
            line("| " + n + " | " + mode(n) + " | " + resources(n) + " | " + ms(median) + " | "
                    + String.format("%.1fx", (double) median / base) + " |");
            System.out.printf("evaluate  %4d control planes: median %s (%.1fx)%n", n, ms(median), (double) median / base);
        }
        var ratio = (double) median(samples.get(1000)) / base;
        line("");
        line("Target: 1,000 control planes in at most 2x the time of 1 — " + (ratio <= 2 ? "met" : "**missed** ("
                + String.format("%.1fx", ratio) + ")") + ".");
        line("");
        planning();
        profile();
    }

    /**
     * Where the time of 1,000 control planes goes: a JFR recording of two evaluations, its
     * execution samples sorted into the SDK building log strings, this program's own code, and the rest.
     */
    private void profile() throws Exception {
        var file = Files.createTempFile("bench", ".jfr");
        try (var recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"))) {
            recording.start();
            evaluate(1000);
            evaluate(1000);
            recording.stop();
            recording.dump(file);
        }
        int total = 0;
        int logStrings = 0;
        int ours = 0;
        for (var event : jdk.jfr.consumer.RecordingFile.readAllEvents(file)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            var frames = event.getStackTrace().getFrames().stream()
                    .map(f -> f.getMethod().getType().getName() + "." + f.getMethod().getName()).toList();
            total++;
            var sdk = frames.stream().anyMatch(f -> f.startsWith("com.pulumi."));
            var formatting = frames.stream().anyMatch(f -> f.startsWith("java.util.Formatter.")
                    || f.endsWith("AbstractCollection.toString") || f.endsWith("CompletableFuture.toString")
                    || f.endsWith("ConcurrentHashMap.toString") || f.contains("protobuf.TextFormat"));
            // Attribute a sample to the innermost frame that is the SDK's or this program's.
            var owner = frames.stream().filter(f -> f.startsWith("com.pulumi.") || f.startsWith("spacesbackupidentity."))
                    .findFirst().orElse("");
            if (sdk && formatting) {
                logStrings++;
            } else if (owner.startsWith("spacesbackupidentity.") && !owner.startsWith("spacesbackupidentity.bench.")) {
                ours++;
            }
        }
        Files.deleteIfExists(file);
        line("Where the time of 1,000 control planes goes (JFR execution samples of two evaluations, " + total
                + " samples): " + percent(logStrings, total) + " in the Pulumi Java SDK building strings for log lines"
                + " it does not print (its runner formats its whole table of pending tasks on every turn of its"
                + " polling loop, and request messages as text), " + percent(ours, total) + " in this program's own"
                + " code, " + percent(total - logStrings - ours, total) + " in the rest of the SDK and the JVM"
                + " (reflection over resource arguments, serialization, the mock engine). The cost per resource is"
                + " the SDK's, so the time follows the resource count: " + resources(1000) + " resources for 1,000"
                + " control planes against " + resources(1) + " for one. At that cost per resource no change within"
                + " this program reaches 2x; the SDK would come closer by guarding those log calls with `isLoggable`.");
        line("");
        System.out.printf("profile   %d samples: %s log strings, %s our code%n", total, percent(logStrings, total),
                percent(ours, total));
    }

    private static String percent(int part, int total) {
        return total == 0 ? "n/a" : Math.round(100.0 * part / total) + "%";
    }

    /** The program's own decisions, without the engine: settings, cluster facts, plan, backup objects. */
    private void planning() {
        var sizes = List.of(1, 1000);
        var samples = new LinkedHashMap<Integer, List<Long>>();
        sizes.forEach(n -> samples.put(n, new ArrayList<>()));
        for (int round = -2; round < RUNS; round++) {
            for (var n : sizes) {
                var config = ConfigLookup.of(config(n, mode(n), Map.of()));
                var start = System.nanoTime();
                var settings = Settings.parse(config, "spaces-backup-identity", "bench", Path.of("."));
                IdentityPlan.of(settings, ClusterFacts.resolve(settings.cluster(), name -> Optional.empty()));
                spacesbackupidentity.plan.BackupObjects.of(settings);
                if (round >= 0) {
                    samples.get(n).add(System.nanoTime() - start);
                }
            }
        }
        var one = median(samples.get(1));
        var thousand = median(samples.get(1000));
        line("Of that, the program's own decisions — `Settings.parse`, `ClusterFacts`, `IdentityPlan.of`,"
                + " `BackupObjects.of` — take " + micros(one) + " for 1 control plane and " + micros(thousand)
                + " for 1,000 (median of " + RUNS + "). The rest is the Pulumi Java SDK registering resources.");
        line("");
        System.out.printf("planning  1: %s, 1000: %s%n", micros(one), micros(thousand));
    }

    private static String micros(long nanos) {
        return nanos < 10_000_000 ? String.format("%.2f ms", nanos / 1e6) : ms(nanos);
    }

    private static String mode(int controlPlanes) {
        return controlPlanes <= 18 ? "irsa" : "podIdentity";
    }

    private static int resources(int controlPlanes) {
        var result = OfflineRun.run("spaces-backup-identity", "bench", EngineConfig.fromHandOff("{}", "[]"),
                new OfflineCloud(Map.of(), List.of()),
                ctx -> App.stack(ctx, settings(controlPlanes)));
        return result.registrations().size();
    }

    private static long evaluate(int controlPlanes) {
        var start = System.nanoTime();
        var result = OfflineRun.run("spaces-backup-identity", "bench", EngineConfig.fromHandOff("{}", "[]"),
                new OfflineCloud(Map.of(), List.of()),
                ctx -> App.stack(ctx, settings(controlPlanes)));
        var elapsed = System.nanoTime() - start;
        if (result.error().isPresent()) {
            throw new IllegalStateException("the stack failed", result.error().get());
        }
        return elapsed;
    }

    private static Settings settings(int controlPlanes) {
        return Settings.parse(ConfigLookup.of(config(controlPlanes, mode(controlPlanes), Map.of())),
                "spaces-backup-identity", "bench", Path.of("."));
    }

    // ---------------------------------------------------------------------------------------------

    /** What a user waits for in a fresh process: the offline render of 1 and 1,000 control planes. */
    private void perProcess(Path projectDir) throws Exception {
        var dir = Files.createTempDirectory("bench-render");
        Files.copy(projectDir.resolve("Pulumi.yaml"), dir.resolve("Pulumi.yaml"));
        var java = ProcessHandle.current().info().command().orElse("java");
        var jar = projectDir.resolve("target/spaces-backup-identity.jar").toAbsolutePath().toString();
        var samples = new LinkedHashMap<Integer, List<Long>>();
        for (var n : List.of(1, 1000)) {
            var stackConfig = new LinkedHashMap<String, Object>();
            config(n, mode(n), Map.of()).forEach((key, raw) -> stackConfig.put(
                    key.contains(":") ? key : "spaces-backup-identity:" + key,
                    raw.startsWith("{") || raw.startsWith("[") ? GSON.fromJson(raw, Object.class) : raw));
            Files.writeString(dir.resolve("Pulumi.bench" + n + ".yaml"), GSON.toJson(Map.of("config", stackConfig)));
            samples.put(n, new ArrayList<>());
        }
        for (int round = -1; round < RUNS; round++) {
            for (var n : samples.keySet()) {
                var start = System.nanoTime();
                var process = new ProcessBuilder(java, "-jar", jar, "render", "bench" + n, "--project-dir", dir.toString())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (process.waitFor() != 0) {
                    throw new IllegalStateException("render of " + n + " control planes failed");
                }
                if (round >= 0) {
                    samples.get(n).add(System.nanoTime() - start);
                }
            }
        }
        var one = median(samples.get(1));
        var thousand = median(samples.get(1000));
        line("In a fresh process — `java -jar target/spaces-backup-identity.jar render`, JVM start to exit, as a"
                + " user waits for it — 1 control plane takes " + ms(one) + " and 1,000 take " + ms(thousand) + " ("
                + String.format("%.1fx", (double) thousand / one) + ", median of " + RUNS + ").");
        line("");
        System.out.printf("process   1: %s, 1000: %s (%.1fx)%n", ms(one), ms(thousand), (double) thousand / one);
    }

    private void startup(Path projectDir) throws Exception {
        var java = ProcessHandle.current().info().command().orElse("java");
        var renderArgs = "render dev --cluster-outputs examples/eks-cluster-dev.outputs.json";
        var jar = new ArrayList<>(List.of(java, "-jar", "target/spaces-backup-identity.jar"));
        jar.addAll(Arrays.asList(renderArgs.split(" ")));
        // What Pulumi's Maven executor runs, with the program's arguments.
        var maven = List.of("mvn", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "--no-transfer-progress",
                "compile", "exec:java", "-DmainArgs=" + renderArgs);
        var jarSamples = new ArrayList<Long>();
        var mavenSamples = new ArrayList<Long>();
        untilFirstRegistration(jar, projectDir); // warm the file cache
        untilFirstRegistration(maven, projectDir);
        for (int i = 0; i < RUNS; i++) {
            jarSamples.add(untilFirstRegistration(jar, projectDir));
            mavenSamples.add(untilFirstRegistration(maven, projectDir));
        }
        var jarMedian = median(jarSamples);
        var mavenMedian = median(mavenSamples);
        var ratio = (double) jarMedian / mavenMedian;
        line("## 3. Start-up");
        line("");
        line("From process start to the first resource registered (the program announces it on standard error when"
                + " `" + OfflineCloud.TRACE_STARTUP + "` is set), running `" + renderArgs + "`: the packaged jar against"
                + " `mvn compile exec:java`, the command Pulumi's Maven executor runs. Median of " + RUNS
                + " runs each, interleaved, after one warm-up each.");
        line("");
        line("| Launcher | Median | Runs |");
        line("|---|---:|---|");
        line("| `java -jar target/spaces-backup-identity.jar` | " + ms(jarMedian) + " | " + list(jarSamples) + " |");
        line("| `mvn compile exec:java` | " + ms(mavenMedian) + " | " + list(mavenSamples) + " |");
        line("");
        line("Ratio jar / Maven: " + String.format("%.2f", ratio) + "x. Target: at most 0.3x — "
                + (ratio <= 0.3 ? "met" : "**missed**") + ".");
        line("");
        System.out.printf("startup   jar %s, maven %s, ratio %.2fx%n", ms(jarMedian), ms(mavenMedian), ratio);
    }

    private static long untilFirstRegistration(List<String> command, Path projectDir) throws Exception {
        var builder = new ProcessBuilder(command).directory(projectDir.toFile()).redirectErrorStream(true);
        builder.environment().put(OfflineCloud.TRACE_STARTUP, "1");
        var start = System.nanoTime();
        var process = builder.start();
        long seen = -1;
        try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (seen < 0 && line.contains(OfflineCloud.FIRST_REGISTRATION)) {
                    seen = System.nanoTime() - start;
                }
            }
        }
        var status = process.waitFor();
        if (seen < 0 || status != 0) {
            throw new IllegalStateException(command + " exited " + status + " without registering a resource");
        }
        return seen;
    }

    // ---------------------------------------------------------------------------------------------

    private void changeImpact() {
        var quota = Map.<String, Object>of("trustPolicyQuota", 4096);
        var base = config(20, "irsa", quota);
        var added = config(21, "irsa", quota);
        var renamed = new HashMap<>(base);
        renamed.put("role", GSON.toJson(Map.of("name", "spaces-backups-v2")));
        var before = declare(base);
        line("## 4. Change impact");
        line("");
        line("A stack of 20 control planes (IRSA, quota 4,096 so they fit; a SharedBackupConfig per group, no"
                + " schedule): which resources get different inputs, compared by type and name with the first run, and"
                + " how many existing mxp-controllers roll (their patch's digest changes).");
        line("");
        line("| Change | Resources changed | Which | Existing controllers rolled | Target |");
        line("|---|---:|---|---:|---|");
        impactRow("nothing", before, declare(base), "0 resources, 0 rolls");
        impactRow("one control plane added", before, declare(added), "the trust policy and the new rollout, 0 rolls");
        impactRow("role name changed", before, declare(renamed), "every controller rolls");
        line("");
    }

    private void impactRow(String change, Map<String, Map<String, Object>> before, Map<String, Map<String, Object>> after,
                           String target) {
        var changed = new ArrayList<String>();
        var rolled = 0;
        for (var key : union(before, after)) {
            if (!Objects.equals(before.get(key), after.get(key))) {
                changed.add(key.substring(key.indexOf("::") + 2) + (before.containsKey(key) ? after.containsKey(key)
                        ? "" : " (removed)" : " (new)"));
                if (key.startsWith("kubernetes:apps/v1:DeploymentPatch::") && before.containsKey(key)
                        && after.containsKey(key)) {
                    rolled++;
                }
            }
        }
        var which = changed.size() > 6 ? String.join(", ", changed.subList(0, 4)) + ", … (" + (changed.size() - 4)
                + " more)" : String.join(", ", changed);
        line("| " + change + " | " + changed.size() + " | " + (which.isEmpty() ? "—" : which) + " | " + rolled + " | "
                + target + " |");
        System.out.printf("impact    %-24s %2d changed, %2d rolled: %s%n", change, changed.size(), rolled, which);
    }

    private static List<String> union(Map<String, ?> a, Map<String, ?> b) {
        var keys = new java.util.TreeSet<String>(a.keySet());
        keys.addAll(b.keySet());
        return List.copyOf(keys);
    }

    private static Map<String, Map<String, Object>> declare(Map<String, String> config) {
        var settings = Settings.parse(ConfigLookup.of(config), "spaces-backup-identity", "bench", Path.of("."));
        var result = OfflineRun.run("spaces-backup-identity", "bench", EngineConfig.fromHandOff("{}", "[]"),
                new OfflineCloud(Map.of(), List.of()),
                ctx -> App.stack(ctx, settings));
        var byKey = new java.util.TreeMap<String, Map<String, Object>>();
        result.registrations().forEach(r -> byKey.put(r.type() + "::" + r.name(), r.inputs()));
        return byKey;
    }

    // ---------------------------------------------------------------------------------------------

    /** A stack's raw config, as Pulumi hands it over. */
    static Map<String, String> config(int controlPlanes, String mode, Map<String, Object> iam) {
        var planes = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < controlPlanes; i++) {
            planes.add(Map.of("name", "ctp-" + i, "group", "group-" + (i % 3), "id", uuid(i)));
        }
        var config = new HashMap<String, String>();
        config.put("controlPlanes", GSON.toJson(planes));
        config.put("identity", GSON.toJson(Map.of("mode", mode)));
        config.put("oidcProviderArn", OIDC_ARN);
        config.put("clusterArn", CLUSTER_ARN);
        config.put("kubeconfig", "apiVersion: v1\nkind: Config\n");
        config.put("aws:region", "us-east-1");
        config.put("backup", GSON.toJson(Map.of("bucket", "acme-spaces-backups")));
        config.put("spaces", GSON.toJson(Map.of("version", "1.14.1")));
        config.put("iam", GSON.toJson(iam));
        return config;
    }

    static String uuid(int i) {
        return new UUID(0x9a3c5e7f_1b2d_4f60L, 0x8000_0000_0000_0000L | (i * 7919L)).toString();
    }

    private static long median(List<Long> samples) {
        var sorted = samples.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String ms(long nanos) {
        return String.format("%,d ms", Math.round(nanos / 1e6));
    }

    private static String list(List<Long> samples) {
        return String.join(", ", samples.stream().map(s -> String.valueOf(Math.round(s / 1e6))).toList());
    }

    private void line(String text) {
        report.append(text).append('\n');
    }
}
