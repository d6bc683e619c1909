package spacesbackupidentity.bench;

import spacesbackupidentity.StackRun;

import com.google.gson.Gson;
import spacesbackupidentity.App;
import spacesbackupidentity.config.ConfigLookup;
import spacesbackupidentity.config.EngineConfig;
import spacesbackupidentity.offline.OfflineCloud;
import spacesbackupidentity.offline.OfflineRun;
import spacesbackupidentity.plan.IdentityPlan;
import spacesbackupidentity.plan.TrustPolicy;
import spacesbackupidentity.plan.TrustPolicySize;
import spacesbackupidentity.runtime.ProgramRuntime;
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
 *   <li>Evaluation: the stack in the in-memory engine with 1 to 1,000 control planes, against a
 *       Node.js program declaring the same resources under {@code @pulumi/pulumi}'s mocks
 *       (bench/node-peer), and the fresh-process render with the SDK's runner and with this
 *       program's ({@link ProgramRuntime}), wall time and peak memory.</li>
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
        // As App.main does, before anything starts the common pool.
        ProgramRuntime.prepareProcess();
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
        evaluation(projectDir);
        perProcess(projectDir);
        startup(projectDir);
        changeImpact();
        // Section 6, the real engine's, is written by RealEngineBenchmarks (profile real-engine-bench): kept as it is.
        var file = projectDir.resolve("BENCHMARKS.md");
        var realEngine = Files.exists(file) ? RealEngineBenchmarks.section(Files.readString(file)) : "";
        Files.writeString(file, realEngine.isEmpty() ? report.toString()
                : RealEngineBenchmarks.withSection(report.toString(), realEngine));
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
        var settings = Settings.parse(lookup(config(controlPlanes, "irsa", Map.of("trustPolicyQuota", quota))),
                "spaces-backup-identity", "bench", Path.of("."));
        try {
            IdentityPlan.of(settings, ClusterFacts.resolve(settings.cluster(), name -> Optional.empty()));
            return true;
        } catch (InvalidConfigException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------------------------------------

    private void evaluation(Path projectDir) throws Exception {
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
        var node = nodePeer(projectDir, sizes);
        line("## 2. Evaluation in the in-memory engine, against Pulumi's Node.js SDK");
        line("");
        line("The whole program in Pulumi's in-memory engine (`com.pulumi.test`, with this program's runtime,"
                + " `ProgramRuntime`), from the first declaration to the last output, in this JVM after two warm-up"
                + " rounds: EKS Pod Identity, control planes spread over three groups. The peer is"
                + " `bench/node-peer/peer.js`:"
                + " the same resources, inputs and dependencies declared with `@pulumi/pulumi` "
                + NODE_SDK + " under `pulumi.runtime.setMocks`, measured in the same run (Node.js "
                + nodeVersion() + "). Median of " + RUNS + " runs each, interleaved.");
        line("");
        line("| Control planes | Resources (Java / Node.js) | Java | Java per resource | Node.js | Node.js per resource"
                + " | Java / Node.js per resource |");
        line("|---:|---:|---:|---:|---:|---:|---:|");
        double ratioAt1000 = 0;
        for (var n : sizes) {
            var javaMs = median(samples.get(n)) / 1e6;
            var nodeMs = node.get(n).medianMs();
            var resources = resources(n);
            var ratio = (javaMs / resources) / (nodeMs / node.get(n).resources());
            if (n == 1000) {
                ratioAt1000 = ratio;
            }
            line(String.format("| %d | %d / %d | %,.0f ms | %.3f ms | %,.0f ms | %.3f ms | %.2fx |", n, resources,
                    node.get(n).resources(), javaMs, javaMs / resources, nodeMs, nodeMs / node.get(n).resources(),
                    ratio));
            System.out.printf("evaluate  %4d control planes: java %.0f ms, node %.0f ms (%.2fx)%n", n, javaMs, nodeMs,
                    ratio);
        }
        line("");
        line(String.format("Target: per resource at 1,000 control planes, at most 1.0x the Node.js peer's — %s"
                + " (%.2fx).", ratioAt1000 <= 1.0 ? "met" : "**missed**", ratioAt1000));
        line("");
        planning();
        profile();
    }

    static final String NODE_SDK = "3.248.0";

    /** One size as the Node.js peer measured it. */
    record NodeRun(double medianMs, int resources) {
    }

    /** The Node.js peer's medians, by control planes; bench/node-peer is installed by the bench profile. */
    private static Map<Integer, NodeRun> nodePeer(Path projectDir, List<Integer> sizes) throws Exception {
        var sizeList = String.join(",", sizes.stream().map(String::valueOf).toList());
        var process = new ProcessBuilder("node", "peer.js", sizeList, String.valueOf(RUNS))
                .directory(projectDir.resolve("bench/node-peer").toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the Node.js peer failed: " + out);
        }
        var medians = new LinkedHashMap<Integer, NodeRun>();
        for (var row : GSON.fromJson(out.strip(), Map[].class)) {
            medians.put(((Number) row.get("controlPlanes")).intValue(), new NodeRun(
                    ((Number) row.get("medianMs")).doubleValue(), ((Number) row.get("resources")).intValue()));
        }
        return medians;
    }

    private static String nodeVersion() throws Exception {
        var process = new ProcessBuilder("node", "--version").start();
        var version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        process.waitFor();
        return version;
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
        line("Where the time of 1,000 control planes goes now (JFR execution samples of two evaluations, " + total
                + " samples): " + percent(logStrings, total) + " in the Pulumi Java SDK building text it then does not"
                + " use (RegisterResource formats each request and response with `String.format` and protobuf's"
                + " `TextFormat` before it calls its logger, which drops SDK debug messages unless"
                + " `PULUMI_EXCESSIVE_DEBUG_OUTPUT` is set; that formatting is inside the SDK and stays), "
                + percent(ours, total) + " in this program's own code, " + percent(total - logStrings - ours, total)
                + " in the rest of the SDK and the JVM (reflection over resource arguments, serialization, the mock"
                + " engine).");
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
                var config = lookup(config(n, mode(n), Map.of()));
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

    /** Pod Identity throughout, as the Node.js peer declares it: two resources per control plane. */
    private static String mode(int controlPlanes) {
        return "podIdentity";
    }

    private static int resources(int controlPlanes) {
        var result = OfflineRun.run("spaces-backup-identity", "bench", EngineConfig.fromHandOff("{}", "[]"),
                StackRun.cloud(),
                ctx -> App.stack(ctx, settings(controlPlanes)));
        return result.registrations().size();
    }

    private static long evaluate(int controlPlanes) {
        var start = System.nanoTime();
        var result = OfflineRun.run("spaces-backup-identity", "bench", EngineConfig.fromHandOff("{}", "[]"),
                StackRun.cloud(),
                ctx -> App.stack(ctx, settings(controlPlanes)));
        var elapsed = System.nanoTime() - start;
        if (result.error().isPresent()) {
            throw new IllegalStateException("the stack failed", result.error().get());
        }
        return elapsed;
    }

    private static Settings settings(int controlPlanes) {
        return Settings.parse(lookup(config(controlPlanes, mode(controlPlanes), Map.of())),
                "spaces-backup-identity", "bench", Path.of("."));
    }

    // ---------------------------------------------------------------------------------------------

    /** One fresh-process render: wall time from start to exit, and the process's peak resident memory. */
    record ProcessRun(long nanos, long peakKiB) {
    }

    /**
     * What a user waits for in a fresh process: the offline render, JVM start to exit, with the
     * SDK's own runner (before, {@code SPACES_BACKUP_IDENTITY_RUNTIME=sdk}) and with this program's.
     */
    private void perProcess(Path projectDir) throws Exception {
        var dir = Files.createTempDirectory("bench-render");
        Files.copy(projectDir.resolve("Pulumi.yaml"), dir.resolve("Pulumi.yaml"));
        var java = ProcessHandle.current().info().command().orElse("java");
        var jar = projectDir.resolve("target/spaces-backup-identity.jar").toAbsolutePath().toString();
        var sizes = List.of(1, 100, 1000, 4999);
        for (var n : sizes) {
            var stackConfig = new LinkedHashMap<String, Object>();
            config(n, mode(n), Map.of()).forEach((key, raw) -> stackConfig.put(fullKey(key),
                    raw.startsWith("{") || raw.startsWith("[") ? GSON.fromJson(raw, Object.class) : raw));
            Files.writeString(dir.resolve("Pulumi.bench" + n + ".yaml"), GSON.toJson(Map.of("config", stackConfig)));
        }
        var before = new LinkedHashMap<Integer, List<ProcessRun>>();
        var after = new LinkedHashMap<Integer, List<ProcessRun>>();
        for (int round = -1; round < RUNS; round++) {
            for (var n : sizes) {
                if (n == 4999 && round >= 3) {
                    continue;   // three runs of the largest are enough to see it
                }
                for (var sdk : List.of(true, false)) {
                    var run = render(java, jar, dir, n, sdk);
                    if (round >= 0) {
                        (sdk ? before : after).computeIfAbsent(n, k -> new ArrayList<>()).add(run);
                    }
                }
            }
        }
        line("## 3. The render in a fresh process");
        line("");
        line("`java -jar target/spaces-backup-identity.jar render` of a Pod Identity stack, JVM start to exit, as a"
                + " user waits for it; *before* with the SDK's own runner (`" + ProgramRuntime.SWITCH + "=sdk`), *after*"
                + " with this program's (`ProgramRuntime`: a runner that waits instead of polling, no SDK debug"
                + " messages, a common pool of at least two workers). Peak memory is the process's peak resident set"
                + " (`VmHWM`). Median of " + RUNS + " runs (3 for 4,999), interleaved.");
        line("");
        line("| Control planes | Resources | Before | After | After / before | Peak memory before | Peak memory after |");
        line("|---:|---:|---:|---:|---:|---:|---:|");
        for (var n : sizes) {
            var b = medianRun(before.get(n));
            var a = medianRun(after.get(n));
            line(String.format("| %,d | %,d | %s | %s | %.2fx | %s | %s |", n, resources(n), ms(b.nanos()), ms(a.nanos()),
                    (double) a.nanos() / b.nanos(), mib(b.peakKiB()), mib(a.peakKiB())));
            System.out.printf("process   %4d: before %s %s, after %s %s%n", n, ms(b.nanos()), mib(b.peakKiB()),
                    ms(a.nanos()), mib(a.peakKiB()));
        }
        var b1000 = medianRun(before.get(1000));
        var a1000 = medianRun(after.get(1000));
        var a4999 = medianRun(after.get(4999));
        var ratio = (double) a1000.nanos() / b1000.nanos();
        line("");
        line(String.format("Targets: 1,000 control planes in at most 0.55x the time before — %s (%.2fx); in at most"
                        + " 1 GB — %s (%s); 4,999 control planes in under 30 s — %s (%s).",
                ratio <= 0.55 ? "met" : "**missed**", ratio, a1000.peakKiB() <= 1024 * 1024 ? "met" : "**missed**",
                mib(a1000.peakKiB()), a4999.nanos() < 30_000_000_000L ? "met" : "**missed**", ms(a4999.nanos())));
        line("");
    }

    private static ProcessRun render(String java, String jar, Path dir, int controlPlanes, boolean sdkRunner)
            throws Exception {
        var builder = new ProcessBuilder(java, "-jar", jar, "render", "bench" + controlPlanes, "--project-dir",
                dir.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        if (sdkRunner) {
            builder.environment().put(ProgramRuntime.SWITCH, "sdk");
        } else {
            builder.environment().remove(ProgramRuntime.SWITCH);
        }
        var start = System.nanoTime();
        var process = builder.start();
        var status = Path.of("/proc/" + process.pid() + "/status");
        long peak = 0;
        // The kernel's high-water mark only grows; the last reading before exit is the peak.
        while (process.isAlive()) {
            try {
                for (var line : Files.readAllLines(status)) {
                    if (line.startsWith("VmHWM:")) {
                        peak = Math.max(peak, Long.parseLong(line.replaceAll("\\D+", "")));
                    }
                }
            } catch (IOException exited) {
                break;
            }
            Thread.sleep(5);
        }
        if (process.waitFor() != 0) {
            throw new IllegalStateException("render of " + controlPlanes + " control planes failed");
        }
        return new ProcessRun(System.nanoTime() - start, peak);
    }

    private static ProcessRun medianRun(List<ProcessRun> runs) {
        var byTime = runs.stream().sorted(java.util.Comparator.comparingLong(ProcessRun::nanos)).toList();
        var byMemory = runs.stream().mapToLong(ProcessRun::peakKiB).sorted().toArray();
        return new ProcessRun(byTime.get(byTime.size() / 2).nanos(), byMemory[byMemory.length / 2]);
    }

    private static String mib(long kib) {
        return String.format("%,d MiB", kib / 1024);
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
        line("## 4. Start-up");
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
        line("## 5. Change impact");
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
        var settings = Settings.parse(lookup(config), "spaces-backup-identity", "bench", Path.of("."));
        var result = OfflineRun.run("spaces-backup-identity", "bench", EngineConfig.fromHandOff("{}", "[]"),
                StackRun.cloud(),
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

    /** A bare key of this project as the engine names it; other namespaces' keys as they are. */
    static String fullKey(String key) {
        return key.contains(":") ? key : "spaces-backup-identity:" + key;
    }

    /** The config as the engine hands it over ({@link EngineConfig}), looked up as the program does. */
    static ConfigLookup lookup(Map<String, String> bareKeys) {
        var values = new java.util.TreeMap<String, String>();
        bareKeys.forEach((key, raw) -> values.put(fullKey(key), raw));
        return new EngineConfig(values, new java.util.TreeSet<>()).lookup("spaces-backup-identity");
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
