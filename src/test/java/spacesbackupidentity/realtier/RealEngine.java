package spacesbackupidentity.realtier;

import com.pulumi.Context;
import com.pulumi.automation.AutomationException;
import com.pulumi.automation.DestroyOptions;
import com.pulumi.automation.LocalWorkspace;
import com.pulumi.automation.LocalWorkspaceOptions;
import com.pulumi.automation.PreviewOptions;
import com.pulumi.automation.ProjectRuntimeName;
import com.pulumi.automation.ProjectSettings;
import com.pulumi.automation.UpOptions;
import com.pulumi.automation.WorkspaceStack;
import com.pulumi.automation.events.EngineEvent;
import com.pulumi.core.Output;
import spacesbackupidentity.App;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The real Pulumi CLI (the real tier's build) with a file backend and the passphrase secrets
 * provider, running this program as an Automation API inline program ({@link App#inlineProgram}):
 * the Java language host, pulumi-language-java, is not served by the Go module proxy, so the CLI
 * runs the program through the Automation API's language runtime server ({@code --client}) instead
 * of launching the jar. The engine launches the real Kubernetes provider plugin (found on
 * {@code PATH}, plugin acquisition off) and dials the AWS stand-in ({@code PULUMI_DEBUG_PROVIDERS}).
 */
public final class RealEngine implements AutoCloseable {
    public static final String PASSPHRASE = "real-tier passphrase";
    public static final String PROJECT = "spaces-backup-identity";
    private final Path dir;
    private final Map<String, String> environment;
    private final List<LocalWorkspace> workspaces = new ArrayList<>();

    /**
     * @param extraEnvironment what the engine and its plugins also get: the registry's CA, Helm's
     *                         directories, ...
     */
    public RealEngine(Path dir, AwsStandIn aws, Map<String, String> extraEnvironment) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir.resolve("backend"));
        Files.createDirectories(dir.resolve("pulumi-home"));
        var env = new LinkedHashMap<String, String>();
        env.put("PULUMI_BACKEND_URL", dir.resolve("backend").toUri().toString());
        env.put("PULUMI_CONFIG_PASSPHRASE", PASSPHRASE);
        env.put("PULUMI_DEBUG_PROVIDERS", aws.debugProviders());
        // Nothing is downloaded: the Kubernetes provider is the real tier's build, found on PATH.
        env.put("PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION", "true");
        env.put("PULUMI_SKIP_UPDATE_CHECK", "true");
        env.put("PULUMI_SKIP_CONFIRMATIONS", "true");
        env.put("PATH", RealTier.bin() + ":" + System.getenv("PATH"));
        // The provider gets the cluster from the program's kubeconfig only.
        env.put("KUBECONFIG", dir.resolve("no-ambient-kubeconfig").toString());
        env.putAll(extraEnvironment);
        this.environment = Map.copyOf(env);
    }

    public Map<String, String> environment() {
        return environment;
    }

    /**
     * The EKS cluster's stack as a platform team has it: a stack of its own in the same backend whose
     * outputs the program reads through a StackReference.
     */
    public WorkspaceStack clusterStack(String project, String stack, Map<String, Object> outputs,
                                       Set<String> secretOutputs) throws AutomationException {
        Consumer<Context> program = ctx -> outputs.forEach((name, value) -> ctx.export(name,
                secretOutputs.contains(name) ? Output.ofSecret(value) : Output.of(value)));
        var workspace = workspace(project, program, null);
        var workspaceStack = WorkspaceStack.createOrSelect(stack, workspace);
        workspaceStack.up(UpOptions.builder().build());
        return workspaceStack;
    }

    /**
     * This program's project in {@code projectDir} (Pulumi.yaml and the stack file written there),
     * with the stack selected or created.
     */
    public ProgramStack program(Path projectDir, String stack) throws AutomationException {
        var workspace = workspace(PROJECT, App.inlineProgram(projectDir.toAbsolutePath()), projectDir);
        return new ProgramStack(WorkspaceStack.createOrSelect(stack, workspace), environment, projectDir.toAbsolutePath());
    }

    private LocalWorkspace workspace(String project, Consumer<Context> program, Path projectDir)
            throws AutomationException {
        var options = LocalWorkspaceOptions.builder()
                .pulumiHome(dir.resolve("pulumi-home"))
                .environmentVariables(environment)
                .program(program);
        if (projectDir == null) {
            var workDir = dir.resolve("projects").resolve(project);
            try {
                Files.createDirectories(workDir);
            } catch (IOException e) {
                throw new AutomationException(e);
            }
            options.workDir(workDir).projectSettings(ProjectSettings.builder(project, ProjectRuntimeName.JAVA).build());
        } else {
            options.workDir(projectDir.toAbsolutePath());
        }
        var workspace = LocalWorkspace.create(options.build());
        workspaces.add(workspace);
        return workspace;
    }

    /** The program's stack, with what each operation's engine events said. */
    public static final class ProgramStack {
        private final WorkspaceStack stack;
        private final Map<String, String> environment;
        private final Path workDir;

        ProgramStack(WorkspaceStack stack, Map<String, String> environment, Path workDir) {
            this.stack = stack;
            this.environment = environment;
            this.workDir = workDir;
        }

        public WorkspaceStack stack() {
            return stack;
        }

        /** A preview, with its engine events. */
        public Run preview() throws AutomationException {
            var events = new CopyOnWriteArrayList<EngineEvent>();
            var result = stack.preview(PreviewOptions.builder().onEvent(events::add).build());
            return new Run(result.standardOutput(), result.standardError(), List.copyOf(events),
                    Map.copyOf(result.changeSummary()), null);
        }

        /**
         * An update, with its engine events. The SDK's {@code WorkspaceStack.up} reads the stack's
         * outputs afterwards as a map of strings (pulumi-java 1.36.1 LocalWorkspace.getStackOutputs),
         * so it throws after a successful update when an output is a number, a list or an object, as
         * this program's are; that one failure is taken for what it is, and the changes are read from
         * the engine's summary event instead of the result.
         */
        public Run up() throws AutomationException {
            var run = tryUp();
            if (run.failure() != null) {
                throw run.failure();
            }
            return run;
        }

        /** An update that may fail: the run says how ({@link Run#failure}), with the events up to then. */
        public Run tryUp() throws AutomationException {
            var events = new CopyOnWriteArrayList<EngineEvent>();
            var out = new StringBuilder();
            var err = new StringBuilder();
            com.pulumi.automation.CommandException failure = null;
            try {
                stack.up(UpOptions.builder().onEvent(events::add).onStandardOutput(line -> out.append(line).append('\n'))
                        .onStandardError(line -> err.append(line).append('\n')).build());
            } catch (com.pulumi.automation.CommandException e) {
                failure = e;
            } catch (AutomationException e) {
                if (!readingOutputsAsStrings(e)) {
                    throw e;
                }
            }
            return new Run(out.toString(), err.toString(), List.copyOf(events),
                    failure == null ? summary(events) : Map.of(), failure);
        }

        private static boolean readingOutputsAsStrings(Throwable e) {
            for (var cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof com.google.gson.JsonSyntaxException && java.util.Arrays.stream(cause.getStackTrace())
                        .anyMatch(frame -> frame.getMethodName().equals("getStackOutputs"))) {
                    return true;
                }
            }
            return false;
        }

        private static Map<com.pulumi.automation.OperationType, Integer> summary(List<EngineEvent> events) {
            return events.stream().map(EngineEvent::summaryEvent).filter(java.util.Objects::nonNull)
                    .map(summary -> Map.copyOf(summary.resourceChanges())).reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("the engine sent no summary event"));
        }

        /** The stack's outputs, secrets in plain text: {@code pulumi stack output --json --show-secrets}. */
        @SuppressWarnings("unchecked")
        public Map<String, Object> outputs() throws Exception {
            return new com.google.gson.Gson().fromJson(cli("stack", "output", "--json", "--show-secrets"), Map.class);
        }

        /** A {@code pulumi} command on this stack, as a user runs it in the project directory, however it ends. */
        public spacesbackupidentity.ChildProcess.Result run(String... args) throws Exception {
            var command = new ArrayList<String>();
            command.add(RealTier.binary("pulumi").toString());
            command.addAll(List.of(args));
            command.addAll(List.of("--stack", stack.name(), "--non-interactive"));
            var builder = new ProcessBuilder(command).directory(workDir.toFile());
            builder.environment().putAll(environment);
            return spacesbackupidentity.ChildProcess.run(builder, java.time.Duration.ofMinutes(30));
        }

        /** A {@code pulumi} command on this stack that must succeed; its standard output. */
        public String cli(String... args) throws Exception {
            var result = run(args);
            if (result.exitCode() != 0) {
                throw new AssertionError("pulumi " + String.join(" ", args) + " exited " + result.exitCode() + ": "
                        + result.err());
            }
            return result.out();
        }

        public Run destroy() throws AutomationException {
            var events = new CopyOnWriteArrayList<EngineEvent>();
            var out = new StringBuilder();
            var err = new StringBuilder();
            stack.destroy(DestroyOptions.builder().onEvent(events::add).onStandardOutput(line -> out.append(line)
                    .append('\n')).onStandardError(line -> err.append(line).append('\n')).build());
            return new Run(out.toString(), err.toString(), List.copyOf(events), summary(events), null);
        }
    }

    /** What one operation printed and the engine's events. */
    public record Run(String standardOutput, String standardError, List<EngineEvent> events,
                      Map<com.pulumi.automation.OperationType, Integer> changes,
                      com.pulumi.automation.CommandException failure) {
        /** The error diagnostics the engine reported for one resource, by its logical name. */
        public List<String> errorsOf(String name) {
            var messages = new ArrayList<String>();
            for (var event : events) {
                var diagnostic = event.diagnosticEvent();
                if (diagnostic != null && "error".equals(diagnostic.severity()) && diagnostic.urn() != null
                        && diagnostic.urn().endsWith("::" + name)) {
                    messages.add(diagnostic.message().strip());
                }
            }
            return messages;
        }

        /**
         * Each resource's step that did something, as {@code OP name} ({@code update backup-role}),
         * sorted; steps that changed nothing ({@code same}, the stack reference's {@code read}) and the
         * stack itself left out.
         */
        public java.util.SortedSet<String> steps() {
            var steps = new java.util.TreeSet<String>();
            for (var event : events) {
                var pre = event.resourcePreEvent();
                if (pre == null || pre.metadata() == null) {
                    continue;
                }
                var metadata = pre.metadata();
                if (metadata.op() == com.pulumi.automation.OperationType.SAME
                        || metadata.op() == com.pulumi.automation.OperationType.READ
                        || "pulumi:pulumi:Stack".equals(metadata.type())) {
                    continue;
                }
                var urn = metadata.urn();
                steps.add(metadata.op().name().toLowerCase(java.util.Locale.ROOT) + " "
                        + urn.substring(urn.lastIndexOf("::") + 2));
            }
            return steps;
        }

        /** The error and warning diagnostics the engine reported, one line each. */
        public List<String> diagnostics(String severity) {
            var messages = new ArrayList<String>();
            for (var event : events) {
                var diagnostic = event.diagnosticEvent();
                if (diagnostic != null && severity.equals(diagnostic.severity())) {
                    messages.add(diagnostic.message().strip());
                }
            }
            return messages;
        }
    }

    @Override
    public void close() throws Exception {
        for (var workspace : workspaces) {
            workspace.close();
        }
    }
}
