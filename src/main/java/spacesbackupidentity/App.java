package spacesbackupidentity;

import com.pulumi.Context;
import spacesbackupidentity.config.EngineConfig;
import spacesbackupidentity.plan.BackupObjects;
import spacesbackupidentity.plan.IdentityPlan;
import spacesbackupidentity.render.Cli;
import spacesbackupidentity.runtime.ProgramRuntime;
import spacesbackupidentity.settings.InvalidConfigException;
import spacesbackupidentity.settings.Settings;
import spacesbackupidentity.stack.BackupWiring;
import spacesbackupidentity.stack.ClusterStack;
import spacesbackupidentity.stack.DeployingIdentity;
import spacesbackupidentity.stack.PodIdentityAssociations;
import spacesbackupidentity.stack.PreviousDeployment;
import spacesbackupidentity.stack.ServiceAccountIdentityWaits;
import spacesbackupidentity.stack.SpacesCluster;
import spacesbackupidentity.stack.SpacesRelease;
import spacesbackupidentity.stack.StackOutputs;
import spacesbackupidentity.stack.WorkloadRole;
import spacesbackupidentity.stack.WorkloadRollout;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Workload identity for Spaces: one IAM role per workload (control-plane backups, and on request shared
 * secrets, Space backups and billing), the Spaces release carrying each role, and a rollout of each
 * workload wherever it runs.
 */
public final class App {
    private App() {
    }

    /** Without arguments, the Pulumi program; with them, the offline commands (see README). */
    public static void main(String[] args) {
        ProgramRuntime.prepareProcess();
        if (args.length > 0 || System.getenv("PULUMI_MONITOR") == null) {
            // Outside the Pulumi engine there is no program to run: show the commands instead.
            System.exit(Cli.run(args, new PrintWriter(System.out), new PrintWriter(System.err)));
        }
        ProgramRuntime.run(ctx -> program(ctx, Path.of("")));
    }

    /**
     * The program for the Automation API, as a platform team's own tooling embeds it:
     * {@code LocalWorkspace.createOrSelectStack(ProjectSettings, stack, App.inlineProgram(dir))}. It reads
     * its config from the engine as {@code pulumi up} does, and runs on the SDK's runner (the
     * Automation API runs inline programs itself).
     *
     * @param projectDir the directory holding Pulumi.yaml, where relative paths (values files) are resolved
     */
    public static Consumer<Context> inlineProgram(Path projectDir) {
        return ctx -> program(ctx, projectDir);
    }

    /**
     * The program as {@code pulumi up} runs it: settings parsed from the config the engine handed to
     * the SDK, then the stack. The tests run exactly this, with the config built from a stack file;
     * the offline render parses the same config the same way first and runs the same stack.
     *
     * @param projectDir where relative paths (values files) are resolved
     */
    public static void program(Context ctx, Path projectDir) {
        program(ctx, projectDir, true);
    }

    /**
     * @param online false only for the offline render: its encrypted values are stand-in text, so a
     *               kubeconfig's content is left to {@code pulumi up} to check, and no AWS account is
     *               asked who deploys
     */
    public static void program(Context ctx, Path projectDir, boolean online) {
        Settings settings;
        try {
            var config = EngineConfig.ofRunningDeployment();
            settings = Settings.parse(config.lookup(ctx.projectName()), ctx.projectName(), ctx.stackName(), projectDir);
        } catch (RuntimeException | Error e) {
            throw reported(e);
        }
        program(ctx, settings, online);
    }

    /** The program on settings parsed already (the offline render parses them first, to say what it needs). */
    public static void program(Context ctx, Settings settings, boolean online) {
        try {
            stack(ctx, settings, online);
        } catch (RuntimeException | Error e) {
            throw reported(e);
        }
    }

    /**
     * Invalid config as it is; anything else, Errors too, as the one-line bug report: an
     * OutOfMemoryError or a StackOverflowError would otherwise reach the SDK's runner, which prints
     * it as an "unexpected throwable" with its stack trace.
     */
    private static RuntimeException reported(Throwable e) {
        return e instanceof InvalidConfigException invalid ? invalid : BugReport.of(e);
    }

    /** The whole stack, from validated settings, as {@code pulumi up} declares it; the benchmarks call this. */
    public static void stack(Context ctx, Settings settings) {
        stack(ctx, settings, true);
    }

    private static void stack(Context ctx, Settings settings, boolean online) {
        var cluster = ClusterStack.read(settings.cluster(), online);   // config, else the cluster stack
        var plan = IdentityPlan.of(settings, cluster);          // policies, values, digest: decided, not declared
        if (online) {
            DeployingIdentity.check(plan, cluster);             // the credentials' account; offline has none
        }
        PreviousDeployment.checkReleaseStays(ctx, settings.spaces());   // no second Spaces beside the first
        var backupObjects = BackupObjects.of(settings);         // SharedBackupConfigs (and schedules), SpaceBackupConfig
        var roles = WorkloadRole.declare(settings, plan);       // one role per workload
        var associations = PodIdentityAssociations.declare(plan, roles);   // none with IRSA alone
        var kubernetes = SpacesCluster.provider(cluster);
        var release = SpacesRelease.declare(settings, plan, kubernetes, roles);
        var serviceAccounts = ServiceAccountIdentityWaits.declare(settings, plan, kubernetes, release);
        WorkloadRollout.declare(plan, kubernetes, release, roles, associations, serviceAccounts);
        BackupWiring.declare(backupObjects, kubernetes, release, roles);
        StackOutputs.export(ctx, settings, plan, roles, release, backupObjects);
    }
}
