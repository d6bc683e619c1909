package spacesbackupidentity.render;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;
import spacesbackupidentity.BugReport;
import spacesbackupidentity.rules.Quote;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The jar's command line. Without arguments the jar is the Pulumi program (Pulumi's
 * {@code runtime.options.binary} runs it so); with them, these commands.
 */
@Command(name = "spaces-backup-identity", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Workload identity for Upbound Spaces backups. Pulumi runs the jar without arguments as "
                + "the program; these commands work without Pulumi.",
        subcommands = Cli.RenderCommand.class)
public final class Cli implements Runnable {
    /** Bad input: a clear message on standard error and nothing on standard output. */
    public static final int BAD_INPUT = 2;

    @Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Without arguments and outside Pulumi (no engine to talk to: {@code PULUMI_MONITOR} unset), say
     * what the jar is and what to run, then the usage.
     */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), NOT_UNDER_PULUMI);
    }

    static final String NOT_UNDER_PULUMI = "this jar is the spaces-backup-identity Pulumi program: `pulumi preview` and"
            + " `pulumi up` run it without arguments (with runtime.options.binary pointing at it, see README), and it"
            + " found no Pulumi engine to talk to (PULUMI_MONITOR is not set). To see what it would deploy without"
            + " Pulumi, run it with a command, in the project directory:\n"
            + "  java -jar target/spaces-backup-identity.jar render dev --cluster-outputs"
            + " examples/eks-cluster-dev.outputs.json\n"
            + "  java -jar target/spaces-backup-identity.jar render dev --cluster-outputs"
            + " examples/eks-cluster-dev.outputs.json --summary";

    /** Runs the command line; answers the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        var commandLine = new CommandLine(new Cli())
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler((e, cmd, parsed) -> fail(err, e instanceof RenderException
                        ? e.getMessage() : BugReport.line(e)));
        try {
            return commandLine.execute(args);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // Whatever the input, one line and exit status 2, never a stack trace.
            return fail(err, BugReport.line(e));
        }
    }

    private static int fail(PrintWriter err, String message) {
        err.println("error: " + message);
        err.flush();
        return BAD_INPUT;
    }

    /** The version the jar's manifest carries. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            var version = Cli.class.getPackage().getImplementationVersion();
            return new String[] {"spaces-backup-identity " + (version == null ? "(unpackaged)" : version)};
        }
    }

    @Command(name = "render", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = Cli.Version.class,
            description = {
                    "Runs the stack's own code offline, in Pulumi's in-memory engine, and prints what it would "
                            + "declare as JSON: no cloud credentials, cluster or Pulumi CLI needed.",
                    "Reads Pulumi.yaml and Pulumi.<stack>.yaml from the project directory. Encrypted values are "
                            + "not decrypted and print as [secret]."},
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {"0:rendered", "2:bad input (unknown stack, unreadable file, invalid config, missing "
                    + "cluster outputs); one message on standard error"})
    static final class RenderCommand implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "STACK", description = "The stack whose Pulumi.<STACK>.yaml to render, e.g. dev.")
        String stack;

        @Option(names = "--cluster-outputs", paramLabel = "FILE",
                description = "JSON object of the cluster stack's outputs (pulumi stack output --stack S --json, "
                        + "which prints secret ones as \"[secret]\"; never --show-secrets), for stacks that set "
                        + "clusterStack.")
        Path clusterOutputs;

        @Option(names = "--only", paramLabel = "DOCUMENT",
                description = "Print just one document: trust-policy (for aws iam create-role "
                        + "--assume-role-policy-document), permissions (the role's policy), or values (YAML for helm "
                        + "upgrade -f; refused when the values hold secrets, which an offline render cannot print).")
        String only;

        @Option(names = "--workload", paramLabel = "WORKLOAD",
                description = "With --only trust-policy or permissions: whose role, one of the workloads the stack "
                        + "manages (controlPlaneBackups, the default; sharedSecrets, spaceBackups, billing).")
        String workload;

        @Option(names = "--summary",
                description = "Print the review summary instead, as Markdown for a pull-request comment: for each role"
                        + " who may assume it and what it may do, the rollouts, the Spaces values, the backup objects,"
                        + " the provider settings and the files it was made from.")
        boolean summary;

        @Option(names = "--against", paramLabel = "FILE",
                description = "With --summary: start with what changed since FILE, a full render of the same stack"
                        + " saved earlier (render STACK ... > FILE), such as the base of a pull request.")
        Path against;

        @Option(names = "--organization", paramLabel = "ORG", defaultValue = "organization",
                description = "The stack's Pulumi organization, as pulumi stack ls shows it (default: organization,"
                        + " a DIY backend's); the stack reads its own last outputs as ORG/PROJECT/STACK.")
        String organization;

        @Option(names = "--project-dir", paramLabel = "DIR", defaultValue = ".",
                description = "The directory with Pulumi.yaml (default: the current directory).")
        Path projectDir;

        @Override
        public Integer call() {
            if (against != null && !summary) {
                throw new RenderException("--against: compares summaries; use it with --summary");
            }
            if (summary && only != null) {
                throw new RenderException("--summary and --only: choose one; the summary covers every document");
            }
            if (summary && workload != null) {
                throw new RenderException("--summary and --workload: choose one; the summary covers every workload");
            }
            var document = Optional.ofNullable(only).map(RenderCommand::only);
            var text = summary
                    ? Render.summary(projectDir, stack, organization, Optional.ofNullable(clusterOutputs),
                            Optional.ofNullable(against))
                    : Render.render(projectDir, stack, organization, Optional.ofNullable(clusterOutputs), document,
                            Optional.ofNullable(workload));
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
            return 0;
        }

        private static Render.Only only(String option) {
            for (var candidate : Render.Only.values()) {
                if (candidate.option.equals(option)) {
                    return candidate;
                }
            }
            throw new RenderException("--only: " + Quote.of(option) + " is not a document; expected trust-policy,"
                    + " permissions or values");
        }
    }
}
