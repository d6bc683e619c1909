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

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command, such as render");
    }

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
                        + "--assume-role-policy-document), permissions (the S3 policy), or values (YAML for helm "
                        + "upgrade -f; refused when the values hold secrets, which an offline render cannot print).")
        String only;

        @Option(names = "--project-dir", paramLabel = "DIR", defaultValue = ".",
                description = "The directory with Pulumi.yaml (default: the current directory).")
        Path projectDir;

        @Override
        public Integer call() {
            var document = Optional.ofNullable(only).map(RenderCommand::only);
            var text = Render.render(projectDir, stack, Optional.ofNullable(clusterOutputs), document);
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
