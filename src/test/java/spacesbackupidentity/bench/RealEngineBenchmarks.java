package spacesbackupidentity.bench;

import com.google.gson.Gson;
import spacesbackupidentity.realtier.AwsStandIn;
import spacesbackupidentity.realtier.JarLanguageHost;
import spacesbackupidentity.realtier.RealEngine;
import spacesbackupidentity.realtier.RealTier;
import spacesbackupidentity.realtier.RealTierWorld;
import spacesbackupidentity.realtier.TestProject;
import spacesbackupidentity.plan.RolloutDigest;
import spacesbackupidentity.runtime.ProgramRuntime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The program under the real engine: wall time of {@code pulumi preview} and {@code pulumi up} at 1,
 * 100 and 1,000 control planes (EKS Pod Identity, Pulumi.prod.yaml's shape) against the real API
 * server, with the program's own runner and with the SDK's ({@code SPACES_BACKUP_IDENTITY_RUNTIME=sdk}),
 * and where the machine's CPU went meanwhile. The real tier's harness runs it: the real CLI with a file
 * backend, the real Kubernetes provider plugin, kube-apiserver, etcd and kube-controller-manager, the
 * stand-in kubelet, the AWS stand-in, and the packaged jar started by {@link JarLanguageHost} as the
 * Java language host starts it. A program, not a test: {@code mvn -B verify -Preal-engine-bench}.
 * <p>
 * Each run is on one stack per size, from nothing: {@code preview}, then {@code up --skip-preview},
 * then a second {@code preview} with nothing changed, then {@code destroy} (the stack file asks it to
 * uninstall the release and delete the SharedBackup objects), the rollout annotation taken off the
 * Deployments (the patches are kept on destroy), and the cluster left to settle (every roll done,
 * every pod running) before the next run. The runners take turns, the one
 * that goes first alternating by round, on the same stack, namespaces, CLI, provider and cluster.
 * Every run is appended to {@code target/real-tier/bench/runs.tsv} as it ends; the report is made
 * from that file ({@code -Dbench.reportOnly=true} makes it again without running anything).
 */
public final class RealEngineBenchmarks {
    static final String BEGIN = "<!-- real-engine: written by RealEngineBenchmarks; Benchmarks keeps this part -->";
    static final String END = "<!-- real-engine: end -->";
    private static final Gson GSON = new Gson();
    private static final String ACCOUNT = "444455556666";
    private static final Path DIR = RealTierWorld.ROOT.resolve("bench");
    private static final Path RUNS = DIR.resolve("runs.tsv");
    private static final Pattern CREATED = Pattern.compile("\\+ (\\d+) (?:to create|created)");
    private static final Pattern UPDATED = Pattern.compile("~ (\\d+) to update");
    private static final long IDLE_MS = 10_000;
    private static final long QUIET_MS = 250;
    private static final long QUIET_WAIT_S = 20;
    /**
     * From this many control planes on, only the first {@code preview} of each runner is run
     * ({@code -Dbench.previewOnlyFrom=N}; off by default): on two cores one round of the whole cycle at
     * 1,000 control planes took about 75 minutes for both runners (setup included; 2026-12-03), the preview
     * from nothing alone a few minutes.
     */
    static final int PREVIEW_ONLY_FROM = Integer.getInteger("bench.previewOnlyFrom", Integer.MAX_VALUE);
    static final List<String> OPERATIONS = List.of("preview", "up", "preview again", "destroy");

    /** Which runner the program's process uses, and the environment that selects it. */
    enum Runner {
        PROGRAM("program's runner", Map.of()),
        SDK("SDK's runner", Map.of(ProgramRuntime.SWITCH, "sdk"));

        final String title;
        final Map<String, String> environment;

        Runner(String title, Map<String, String> environment) {
            this.title = title;
            this.environment = environment;
        }
    }

    /** One operation of one run, as the TSV file keeps it. */
    record Measurement(int controlPlanes, Runner runner, int round, String operation, long wallMs, long programMs,
                       int resources, int parallel, Map<String, Long> cpuMs, double load) {
        String tsv() {
            return controlPlanes + "\t" + runner + "\t" + round + "\t" + operation + "\t" + wallMs + "\t" + programMs
                    + "\t" + resources + "\t" + parallel + "\t" + String.format(Locale.ROOT, "%.2f", load) + "\t"
                    + cpuMs.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
        }

        static Measurement parse(String line) {
            var f = line.split("\t");
            var cpu = new LinkedHashMap<String, Long>();
            for (var part : f[9].split(",")) {
                var at = part.lastIndexOf('=');
                cpu.put(part.substring(0, at), Long.parseLong(part.substring(at + 1)));
            }
            return new Measurement(Integer.parseInt(f[0]), Runner.valueOf(f[1]), Integer.parseInt(f[2]), f[3],
                    Long.parseLong(f[4]), Long.parseLong(f[5]), Integer.parseInt(f[6]), Integer.parseInt(f[7]), cpu,
                    Double.parseDouble(f[8]));
        }
    }

    public static void main(String[] args) throws Exception {
        var projectDir = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        if (!Boolean.getBoolean("bench.reportOnly")) {
            var sizes = ints(System.getProperty("bench.sizes", "1,100,1000"));
            var rounds = ints(System.getProperty("bench.rounds", "1,1,1"));
            if (sizes.size() != rounds.size()) {
                throw new IllegalArgumentException("bench.sizes and bench.rounds must have as many entries");
            }
            measure(projectDir, sizes, rounds);
        }
        var report = Report.of(Files.readAllLines(RUNS).stream().filter(l -> !l.isBlank()).map(Measurement::parse)
                .toList(), Files.readString(DIR.resolve("setup.txt")),
                buildTimes(Files.readString(projectDir.resolve(REAL_TIER_README))));
        var file = projectDir.resolve("BENCHMARKS.md");
        Files.writeString(file, withSection(Files.exists(file) ? Files.readString(file) : "", report));
        System.out.println(report);
        System.out.println("wrote " + file);
        System.exit(0);   // the world's daemons are stopped by its shutdown hook
    }

    /** Where the real tier's build times are recorded, by hand, from the runs that measured them. */
    static final String REAL_TIER_README = "tools/real-tier/README.md";

    /**
     * The body of the "## Times" section of the real tier's README: the cold and warm build times, measured by
     * {@code tools/real-tier/build}'s own clock in separate runs (a cold build needs empty Go caches, which a
     * benchmark run must not throw away), kept in one place and quoted here.
     */
    static String buildTimes(String realTierReadme) {
        var lines = realTierReadme.lines().toList();
        var start = -1;
        for (var i = 0; i < lines.size() && start < 0; i++) {
            if (lines.get(i).startsWith("## Times")) {
                start = i;
            }
        }
        if (start < 0) {
            throw new IllegalStateException(REAL_TIER_README + " has no \"## Times\" section to quote");
        }
        var body = new StringBuilder("From " + REAL_TIER_README + ", " + lines.get(start).substring(3).strip()
                + ":\n");
        for (var i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            body.append(lines.get(i)).append('\n');
        }
        return body.toString().strip();
    }

    private static List<Integer> ints(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).map(Integer::parseInt).toList();
    }

    /** The file with its real-engine section replaced by {@code section}, or added at its end. */
    static String withSection(String file, String section) {
        var begin = file.indexOf(BEGIN);
        var end = file.indexOf(END);
        if (begin >= 0 && end > begin) {
            return file.substring(0, begin) + section + file.substring(end + END.length());
        }
        return file + (file.isEmpty() || file.endsWith("\n\n") ? "" : file.endsWith("\n") ? "\n" : "\n\n") + section
                + "\n";
    }

    /** The real-engine section of {@code file}, with its markers, or nothing. */
    static String section(String file) {
        var begin = file.indexOf(BEGIN);
        var end = file.indexOf(END);
        return begin >= 0 && end > begin ? file.substring(begin, end + END.length()) : "";
    }

    @SuppressWarnings("unchecked")
    private static void measure(Path projectDir, List<Integer> sizes, List<Integer> rounds) throws Exception {
        var jar = projectDir.resolve("target/spaces-backup-identity.jar");
        RealTierWorld.deleteTree(DIR.toAbsolutePath());
        Files.createDirectories(DIR);
        Files.writeString(RUNS, "");
        var started = System.nanoTime();
        var world = RealTierWorld.get();
        var worldMs = (System.nanoTime() - started) / 1_000_000;
        world.registry().push("1.14.1");
        var clusterOutputs = new LinkedHashMap<String, Object>(GSON.fromJson(Files.readString(
                projectDir.resolve("examples/eks-cluster-prod.outputs.json")), Map.class));
        clusterOutputs.put("kubeconfig", world.cluster().kubeconfig());
        var region = "eu-central-1";
        try (var aws = new AwsStandIn(ACCOUNT, Set.of((String) clusterOutputs.get("oidcProviderArn")),
                Set.of(new AwsStandIn.Cluster(region, (String) clusterOutputs.get("clusterName"))), 2048);
             var cpu = new ProcessCpu()) {
            var environment = new HashMap<>(world.registry().helmEnvironment("bench-provider", true));
            environment.put("SSL_CERT_FILE", world.cluster().certificates().ca().toString());
            var engine = new RealEngine(DIR.resolve("pulumi").toAbsolutePath(), aws, environment);
            engine.clusterStack("eks-cluster", "bench", clusterOutputs, Set.of("kubeconfig"));
            Files.writeString(DIR.resolve("setup.txt"), String.join("\n",
                    "date=" + LocalDate.now(),
                    "world=" + worldMs,
                    "versions=Pulumi CLI " + RealTier.version("pulumi") + ", Kubernetes provider plugin "
                            + RealTier.version("pulumi-resource-kubernetes") + ", Kubernetes "
                            + RealTier.version("kubernetes") + ", etcd " + RealTier.version("etcd"),
                    "cpu=" + Runtime.getRuntime().availableProcessors()) + "\n");
            for (int s = 0; s < sizes.size(); s++) {
                var n = sizes.get(s);
                var stack = "bench" + n;
                var project = TestProject.of(DIR.resolve("project-" + n).toAbsolutePath(), stack,
                        projectDir.resolve("Pulumi.prod.yaml"), "organization/eks-cluster/bench", world.registry(),
                        config -> {
                            config.put(TestProject.KEY_PREFIX + "controlPlanes", controlPlanes(n));
                            // Control-plane backups alone: what this benchmark compares is the runners on the
                            // program's biggest loop, per control plane, not the other workloads prod adds.
                            config.remove(TestProject.KEY_PREFIX + "workloads");
                            // Each run from nothing: destroy uninstalls the release and deletes the SharedBackup objects.
                            ((Map<String, Object>) config.get(TestProject.KEY_PREFIX + "spaces"))
                                    .put("uninstallOnDestroy", true);
                            ((Map<String, Object>) config.get(TestProject.KEY_PREFIX + "backup"))
                                    .put("deleteOnDestroy", true);
                        });
                var namespacesStarted = System.nanoTime();
                for (var group : project.groups()) {
                    world.cluster().namespace(group);
                }
                world.cluster().controlPlaneNamespaces(project.namespaces());
                world.cluster().awaitSettled(Duration.ofMinutes(20));
                System.out.printf("%d control planes: namespaces, service accounts and mxp-controller deployments"
                        + " ready in %,d ms%n", n, (System.nanoTime() - namespacesStarted) / 1_000_000);
                var idle = cpu.begin();
                Thread.sleep(IDLE_MS);
                var idleCpu = idle.end();
                Files.writeString(DIR.resolve("setup.txt"), "idle" + n + "=" + idleCpu.entrySet().stream()
                        .map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(",")) + "\n",
                        StandardOpenOption.APPEND);
                System.out.printf("%d control planes: the settled cluster for %,d ms: CPU %s; other processes: %s%n", n,
                        IDLE_MS, idleCpu, idle.others());
                var program = engine.program(project.dir(), stack);
                for (int round = 0; round < rounds.get(s); round++) {
                    var order = round % 2 == 0 ? List.of(Runner.PROGRAM, Runner.SDK) : List.of(Runner.SDK, Runner.PROGRAM);
                    for (var runner : order) {
                        world.cluster().awaitSettled(Duration.ofMinutes(20));
                        try (var host = new JarLanguageHost(jar, runner.environment,
                                DIR.resolve("program-" + n + "-" + runner).toAbsolutePath())) {
                            var client = new ArrayList<>(List.of("--client", host.address()));
                            // e.g. --profiling=PREFIX, to see where the CLI's time goes (not for the figures).
                            client.addAll(Arrays.stream(System.getProperty("bench.pulumiArgs", "").split(" "))
                                    .filter(arg -> !arg.isBlank()).toList());
                            operation(cpu, host, n, runner, round, "preview", program, client, "preview");
                            if (n >= PREVIEW_ONLY_FROM) {
                                continue;   // the runners' decision needs only this preview; see PREVIEW_ONLY_FROM
                            }
                            operation(cpu, host, n, runner, round, "up", program, client, "up", "--yes",
                                    "--skip-preview");
                            // Not --expect-no-changes: the Kubernetes provider may record a service-account
                            // wait from before its own patch, and the next preview then re-applies it
                            // (docs/workloads.md); the Resources column counts those updates.
                            operation(cpu, host, n, runner, round, "preview again", program, client, "preview");
                            operation(cpu, host, n, runner, round, "destroy", program, List.of(), "destroy", "--yes",
                                    "--skip-preview");
                        }
                        if (n < PREVIEW_ONLY_FROM) {
                            // The rollout patches are kept on destroy: their annotation goes too, as if never applied.
                            world.cluster().removePodAnnotation(project.namespaces(), RolloutDigest.ANNOTATION);
                        }
                    }
                }
                world.cluster().awaitSettled(Duration.ofMinutes(20));
            }
            engine.close();
        }
    }

    private static void operation(ProcessCpu cpu, JarLanguageHost host, int n, Runner runner, int round,
                                  String name, RealEngine.ProgramStack program, List<String> client, String... args)
            throws Exception {
        var command = new ArrayList<>(List.of(args));
        command.addAll(client);
        awaitQuiet(cpu);
        var programRuns = host.runs().size();
        var window = cpu.begin();
        var started = System.nanoTime();
        var result = program.run(command.toArray(String[]::new));
        var wallMs = (System.nanoTime() - started) / 1_000_000;
        var cpuMs = window.end();
        var load = Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        if (result.exitCode() != 0) {
            throw new AssertionError("pulumi " + String.join(" ", command) + " at " + n + " control planes with the "
                    + runner.title + " exited " + result.exitCode() + ":\n" + tail(result.out()) + "\n" + tail(result.err()));
        }
        var started2 = host.runs().subList(programRuns, host.runs().size());
        var programMs = started2.stream().mapToLong(run -> run.wall().toMillis()).sum();
        var parallel = started2.isEmpty() ? 0 : started2.get(0).parallel();
        var matcher = (name.equals("preview again") ? UPDATED : CREATED).matcher(result.out());
        var resources = matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
        var measurement = new Measurement(n, runner, round, name, wallMs, programMs, resources, parallel, cpuMs, load);
        Files.writeString(RUNS, measurement.tsv() + "\n", StandardOpenOption.APPEND);
        System.out.printf("%5d control planes  %-17s round %d  %-13s %,9d ms  program process %,9d ms  CPU %s;"
                + " other processes: %s%n", n, runner.title, round, name, wallMs, programMs, cpuMs, window.others());
    }

    /**
     * Other sessions share the machine: waits (up to {@value #QUIET_WAIT_S} s) until processes that are
     * not this benchmark's took under {@value #QUIET_MS} ms of CPU in a second, so that a run does not
     * start in the middle of someone's build. What they took during the run is recorded all the same.
     */
    private static void awaitQuiet(ProcessCpu cpu) throws InterruptedException {
        var deadline = System.nanoTime() + QUIET_WAIT_S * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            var window = cpu.begin();
            Thread.sleep(1000);
            var other = window.end().get("other processes");
            if (other < QUIET_MS) {
                return;
            }
            System.out.printf("waiting: other processes took %,d ms of CPU in the last second: %s%n", other,
                    window.others());
        }
    }

    private static String tail(String text) {
        var lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** {@code n} control planes: one group for one, five (as Pulumi.prod.yaml has) for more. */
    static List<Map<String, Object>> controlPlanes(int n) {
        var list = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < n; i++) {
            var entry = new LinkedHashMap<String, Object>();
            entry.put("name", String.format(Locale.ROOT, "cp-%04d", i));
            entry.put("group", n == 1 ? "bench-a" : "bench-" + (char) ('a' + i % 5));
            entry.put("id", String.format(Locale.ROOT, "b3c00000-0000-4000-8000-%012d", i));
            list.add(entry);
        }
        return list;
    }

    /** BENCHMARKS.md's real-engine section, from the runs. */
    static final class Report {
        private final StringBuilder out = new StringBuilder();

        static String of(List<Measurement> runs, String setupText, String buildTimes) {
            var setup = new TreeMap<String, String>();
            setupText.lines().filter(l -> l.contains("=")).forEach(l -> setup.put(l.substring(0, l.indexOf('=')),
                    l.substring(l.indexOf('=') + 1)));
            var report = new Report();
            report.write(runs, setup, buildTimes);
            return report.out.toString();
        }

        private void line(String text) {
            out.append(text).append('\n');
        }

        private void write(List<Measurement> runs, Map<String, String> setup, String buildTimes) {
            line(BEGIN);
            line("## 6. Under the real engine");
            line("");
            line("Written by `mvn -B verify -Preal-engine-bench` (`" + RealEngineBenchmarks.class.getName() + "`), "
                    + setup.get("date") + "; every figure below comes from that one run. " + setup.get("versions")
                    + "; the stand-in kubelet and the AWS stand-in (`src/test/java/spacesbackupidentity/realtier`).");
            line("");
            line("A stack of Pulumi.prod.yaml's shape (EKS Pod Identity), control-plane backups alone (without"
                    + " prod's other workloads), with 1, 100 or 1,000 control planes (five"
                    + " groups; one for one), each with its namespace, `mxp-controller` service account and one-pod"
                    + " Deployment made first. The real CLI runs the packaged jar as the Java language host does"
                    + " (`java -jar`, a fresh JVM per operation) with the program's own runner (`ProgramRuntime`) or the"
                    + " SDK's (`" + ProgramRuntime.SWITCH + "=sdk`). One run, on the size's one stack: `pulumi preview`"
                    + " from nothing; `pulumi up --yes --skip-preview` from nothing (a plain `pulumi up --yes` is about"
                    + " the two together), which rolls every `mxp-controller`; `pulumi preview` again with nothing"
                    + " changed, what reviewers run on a pull request (its Resources column counts the service-account"
                    + " waits the provider re-applies, docs/workloads.md); `pulumi destroy --yes --skip-preview`, which does not run"
                    + " the program (the stack sets `spaces.uninstallOnDestroy` and `backup.deleteOnDestroy`, so the"
                    + " release and the SharedBackup objects go; the rollout patches are kept on destroy, so their"
                    + " annotation is then taken off the Deployments by the harness, as if never applied). Before each"
                    + " run the cluster settles (every roll done, every pod running), and before each operation the"
                    + " benchmark waits (up to " + QUIET_WAIT_S + " s) until other sessions' processes, which share"
                    + " the machine's two cores, take under a quarter of a core; what they took during the operation"
                    + " is in the last table. The runners take turns on the same stack, namespaces and cluster, the"
                    + " one that goes first alternating by round: the same CLI, provider, API server and stand-ins,"
                    + " and a cluster in the same state, so the runner is the only difference. The engine's default"
                    + " parallelism, " + runs.stream().mapToInt(Measurement::parallel).filter(p -> p > 0).findFirst()
                    .orElse(0) + ".");
            line("");
            wallTimes(runs);
            rule(runs);
            whereTimeGoes(runs);
            atRest(runs, setup);
            line("### Building the real tier");
            line("");
            line(buildTimes);
            line("");
            line("Starting the cluster and the registry (etcd, kube-apiserver, kube-controller-manager, the"
                    + " registry with the chart pushed by Helm) took " + String.format(Locale.ROOT, "%,d", Long.parseLong(
                    setup.getOrDefault("world", "0"))) + " ms in this run.");
            out.append(END);
        }

        private void wallTimes(List<Measurement> runs) {
            line("### Wall time");
            line("");
            line("Median, then every run in order; *program / SDK* is the ratio of the medians.");
            line("");
            line("| Control planes | Resources | Operation | Program's runner | SDK's runner | Program / SDK |"
                    + " Runs, program's runner (ms) | Runs, SDK's runner (ms) |");
            line("|---:|---:|---|---:|---:|---:|---|---|");
            for (var n : sizes(runs)) {
                // What the stack declares: the first preview's and the up's "+ N to create"/"created" (a run
                // from PREVIEW_ONLY_FROM on has no up).
                var resources = runs.stream().filter(r -> r.controlPlanes() == n
                        && (r.operation().equals("up") || r.operation().equals("preview")))
                        .mapToInt(Measurement::resources).max().orElse(0);
                for (var operation : OPERATIONS) {
                    var program = walls(runs, n, Runner.PROGRAM, operation);
                    var sdk = walls(runs, n, Runner.SDK, operation);
                    if (program.isEmpty() && sdk.isEmpty()) {
                        continue;
                    }
                    line("| " + fmt(n) + " | " + fmt(resources) + " | `" + operation + "` | " + ms(median(program))
                            + " | " + ms(median(sdk)) + " | " + ratio(median(program), median(sdk)) + " | "
                            + list(program) + " | " + list(sdk) + " |");
                }
            }
            line("");
        }

        private void rule(List<Measurement> runs) {
            var program = median(walls(runs, 1000, Runner.PROGRAM, "preview"));
            var sdk = median(walls(runs, 1000, Runner.SDK, "preview"));
            line("### Which runner under the engine");
            line("");
            if (program < 0 || sdk < 0) {
                line("No `preview` at 1,000 control planes in this run: no decision.");
                line("");
                return;
            }
            var saved = 100.0 * (sdk - program) / sdk;
            var kept = saved >= 20.0;
            line(String.format(Locale.ROOT, "The rule (issue 16): the program's own runner stays the default under the"
                    + " engine only if it saves at least 20 %% of a real `preview` at 1,000 control planes. Median"
                    + " `preview` at 1,000: %s with the program's runner, %s with the SDK's: it saves %.1f %%, so %s.",
                    ms(program), ms(sdk), saved, kept ? "the program's runner stays the default under the engine"
                            : "the SDK's runner is the default under the engine, and the program's runner stays for the"
                            + " render and the tests"));
            line("");
        }

        private void whereTimeGoes(List<Measurement> runs) {
            var n = sizes(runs).stream().mapToInt(Integer::intValue).max().orElse(0);
            line("### Where the time goes at " + fmt(n) + " control planes");
            line("");
            line("Median over the runs of the wall time, of the program's process (JVM start to exit; in `up` it"
                    + " waits for the engine to finish every resource), and of the CPU time each kind of process"
                    + " spent meanwhile (`/proc/PID/stat`, read every " + ProcessCpu.PERIOD_MS + " ms: a floor;"
                    + " *bench JVM* is the language host, the stand-in kubelet and the AWS stand-in; *other processes*"
                    + " are those this benchmark did not start: other sessions'). Two cores give at most twice the"
                    + " wall time.");
            line("");
            var header = new StringBuilder("| Operation | Runner | Wall | Program's process |");
            var rule = new StringBuilder("|---|---|---:|---:|");
            for (var kind : ProcessCpu.KINDS) {
                header.append(" CPU: ").append(kind).append(" |");
                rule.append("---:|");
            }
            header.append(" CPU: all |");
            rule.append("---:|");
            line(header.toString());
            line(rule.toString());
            for (var operation : OPERATIONS) {
                for (var runner : Runner.values()) {
                    var these = runs.stream().filter(r -> r.controlPlanes() == n && r.runner() == runner
                            && r.operation().equals(operation)).toList();
                    if (these.isEmpty()) {
                        continue;
                    }
                    var row = new StringBuilder("| `" + operation + "` | " + runner.title + " | "
                            + ms(median(these.stream().map(Measurement::wallMs).toList())) + " | "
                            + (operation.equals("destroy") ? "—" : ms(median(these.stream().map(Measurement::programMs)
                            .toList()))) + " |");
                    for (var kind : ProcessCpu.KINDS) {
                        row.append(' ').append(ms(median(these.stream().map(r -> r.cpuMs().getOrDefault(kind, 0L))
                                .toList()))).append(" |");
                    }
                    row.append(' ').append(ms(median(these.stream().map(r -> r.cpuMs().values().stream()
                            .mapToLong(Long::longValue).sum()).toList()))).append(" |");
                    line(row.toString());
                }
            }
            line("");
        }

        private void atRest(List<Measurement> runs, Map<String, String> setup) {
            line("### The cluster at rest");
            line("");
            line("CPU time over " + fmt(IDLE_MS) + " ms with the size's namespaces and pods made and settled, before its"
                    + " first run: what the cluster and the stand-ins cost while nothing happens.");
            line("");
            var header = new StringBuilder("| Control planes |");
            var rule = new StringBuilder("|---:|");
            for (var kind : ProcessCpu.KINDS) {
                header.append(' ').append(kind).append(" |");
                rule.append("---:|");
            }
            line(header.toString());
            line(rule.toString());
            for (var n : sizes(runs)) {
                var idle = new LinkedHashMap<String, Long>();
                for (var part : setup.getOrDefault("idle" + n, "").split(",")) {
                    if (part.contains(":")) {
                        idle.put(part.substring(0, part.lastIndexOf(':')), Long.parseLong(part.substring(
                                part.lastIndexOf(':') + 1)));
                    }
                }
                var row = new StringBuilder("| " + fmt(n) + " |");
                ProcessCpu.KINDS.forEach(kind -> row.append(' ').append(ms(idle.getOrDefault(kind, -1L))).append(" |"));
                line(row.toString());
            }
            line("");
        }

        private static List<Integer> sizes(List<Measurement> runs) {
            return runs.stream().map(Measurement::controlPlanes).distinct().sorted().toList();
        }

        private static List<Long> walls(List<Measurement> runs, int n, Runner runner, String operation) {
            return runs.stream().filter(r -> r.controlPlanes() == n && r.runner() == runner
                    && r.operation().equals(operation)).map(Measurement::wallMs).toList();
        }

        static long median(List<Long> values) {
            if (values.isEmpty()) {
                return -1;
            }
            var sorted = values.stream().sorted().toList();
            var middle = sorted.size() / 2;
            return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
        }

        private static String ms(long value) {
            return value < 0 ? "—" : String.format(Locale.ROOT, "%,d ms", value);
        }

        private static String fmt(long value) {
            return String.format(Locale.ROOT, "%,d", value);
        }

        private static String ratio(long a, long b) {
            return a < 0 || b <= 0 ? "—" : String.format(Locale.ROOT, "%.2fx", (double) a / b);
        }

        private static String list(List<Long> values) {
            return values.isEmpty() ? "—" : values.stream().map(v -> String.format(Locale.ROOT, "%,d", v))
                    .collect(Collectors.joining(", "));
        }
    }

    private RealEngineBenchmarks() {
    }
}
