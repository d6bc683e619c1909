package spacesbackupidentity.settings;

import spacesbackupidentity.config.ConfigLookup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything one stack deploys, parsed and validated once. Planners and declarers take this
 * record and never read config themselves, so tests and the offline render drive the same code.
 */
public record Settings(String project, String stack, IdentityMode identityMode, List<ControlPlane> controlPlanes,
                       ClusterSettings cluster, RoleSettings role, Optional<BackupSettings> backup,
                       SpacesSettings spaces, SortedMap<String, String> podLabels, int trustPolicyQuota,
                       AwsProviderSettings aws, List<WorkloadSettings> workloads,
                       Optional<SpaceBackupsSettings> spaceBackups) {
    public static final String POD_LABELS_KEY = "podLabels";
    public static final String IAM_KEY = "iam";
    public static final String QUOTA_KEY = IAM_KEY + ".trustPolicyQuota";
    /** Every top-level key this program reads; Pulumi.yaml declares exactly these. */
    public static final List<String> CONFIG_KEYS = List.of(IdentityMode.KEY, ControlPlanes.KEY,
            ClusterSettings.STACK_KEY, ClusterSettings.OUTPUTS_KEY, ClusterSettings.OIDC_KEY,
            ClusterSettings.CLUSTER_NAME_KEY, ClusterSettings.CLUSTER_ARN_KEY, ClusterSettings.KUBECONFIG_KEY,
            ClusterSettings.AMBIENT_KEY, RoleSettings.KEY, BackupSettings.KEY, SpacesSettings.KEY,
            RegistryCredentials.KEY, SpacesSettings.SECRET_VALUES_KEY, POD_LABELS_KEY, IAM_KEY, WorkloadsConfig.KEY);
    /** The keys of other namespaces this program reads, in plain text only: the AWS provider's it reviews. */
    public static final Set<String> OTHER_NAMESPACE_KEYS = AwsProviderSettings.reviewedKeys();
    /**
     * The keys that hold secrets, each passed on only as a Pulumi secret. Any other key the engine
     * marks secret is refused: it would hide from reviewers what they must read.
     */
    public static final Set<String> SECRET_KEYS = Set.of(ClusterSettings.KUBECONFIG_KEY, RegistryCredentials.KEY,
            SpacesSettings.SECRET_VALUES_KEY);
    /** Where the secret material of a key that must stay readable belongs instead. */
    private static final Map<String, String> WHERE_SECRETS_GO = Map.of(SpacesSettings.KEY,
            "put secret Helm values under " + SpacesSettings.SECRET_VALUES_KEY + " and the registry credentials under "
                    + RegistryCredentials.KEY);
    /** IAM's default size quota for a role trust policy, in non-whitespace characters. */
    public static final int DEFAULT_TRUST_POLICY_QUOTA = 2048;
    /**
     * The most AWS grants for "Role trust policy length" (Service Quotas code L-C07B4B0D): 8,192,
     * the maximum the IAM User Guide's "IAM and AWS STS quotas" page gives for it.
     */
    public static final int MAX_TRUST_POLICY_QUOTA = 8192;

    public Settings {
        controlPlanes = List.copyOf(controlPlanes);
        podLabels = Collections.unmodifiableSortedMap(new TreeMap<>(podLabels));
        workloads = List.copyOf(workloads);
    }

    /** The workload's settings, when this stack manages it. */
    public Optional<WorkloadSettings> workload(Workload workload) {
        return workloads.stream().filter(w -> w.workload().equals(workload)).findFirst();
    }

    /**
     * Reads and validates every key. Throws {@link InvalidConfigException} listing every problem
     * found, before anything is declared.
     *
     * @param projectDir where relative paths (values files) are resolved
     */
    public static Settings parse(ConfigLookup lookup, String project, String stack, Path projectDir) {
        var problems = new ConfigProblems();
        var root = new RootConfig(lookup, problems);
        root.checkKeys(Set.copyOf(CONFIG_KEYS), SECRET_KEYS, WHERE_SECRETS_GO, OTHER_NAMESPACE_KEYS);
        AwsProviderSettings.checkKeys(root, problems);
        // A key that is secret where it must not be, or unknown, is fixed first: reading on would
        // only add "required" noise for what was not read.
        problems.throwIfAny();

        var mode = IdentityMode.read(root.objectOrEmpty(IdentityMode.KEY, IdentityMode.FIELDS), problems);
        var aws = AwsProviderSettings.read(root, problems);
        if (mode.usesPodIdentity() && aws.region().isEmpty()) {
            // Unset, the provider takes AWS_REGION from whoever deploys (com.pulumi.aws.Config#region).
            problems.add(AwsProviderSettings.REGION_KEY, "required for identity.mode " + mode.configValue() + ": the"
                    + " AWS provider makes the Pod Identity associations in its region, which must be the cluster's;"
                    + " unset, it takes AWS_REGION from the environment of whoever deploys, which no review sees."
                    + " Set it: pulumi config set aws:region REGION");
        }
        var spaces = SpacesSettings.read(root.objectOrEmpty(SpacesSettings.KEY, SpacesSettings.FIELDS),
                root.objectOrEmpty(RegistryCredentials.KEY, RegistryCredentials.FIELDS),
                root.structured(SpacesSettings.SECRET_VALUES_KEY, "an object of Helm values"), projectDir, problems);
        var controlPlanes = ControlPlanes.read(root.structured(ControlPlanes.KEY, ControlPlanes.EXPECTED).orElse(null),
                problems);
        var cluster = ClusterSettings.read(root, mode, problems);
        var roleConfig = root.objectOrEmpty(RoleSettings.KEY, RoleSettings.FIELDS);
        var role = RoleSettings.read(roleConfig, project, stack, problems);
        if (mode.usesIrsa()) {
            RoleSettings.checkArnInWait(role, problems);
        }
        var selected = WorkloadsConfig.read(root, problems);
        Optional<BackupSettings> backup = Optional.empty();
        if (selected.manages(Workload.CONTROL_PLANE_BACKUPS)) {
            backup = Optional.of(BackupSettings.read(root.objectOrEmpty(BackupSettings.KEY, BackupSettings.FIELDS),
                    aws.region(), problems));
        }
        var podLabels = readPodLabels(root, problems);
        if (!selected.manages(Workload.CONTROL_PLANE_BACKUPS)) {
            refuseWithoutControlPlaneBackups(root, roleConfig, podLabels, problems);
        }
        var quota = readQuota(root, problems);

        var workloads = new ArrayList<WorkloadSettings>();
        Optional<SpaceBackupsSettings> spaceBackups = Optional.empty();
        for (var entry : selected.managed().entrySet()) {
            var config = entry.getValue();
            var workload = entry.getKey();
            if (workload.equals(Workload.CONTROL_PLANE_BACKUPS)) {
                backup.ifPresent(b -> workloads.add(WorkloadsConfig.controlPlaneBackups(role, podLabels, b)));
            } else if (workload.equals(Workload.SHARED_SECRETS)) {
                workloads.add(WorkloadsConfig.sharedSecrets(config, project, stack, role, aws.region(), problems));
            } else if (workload.equals(Workload.SPACE_BACKUPS)) {
                var read = WorkloadsConfig.spaceBackups(config, project, stack, role, aws.region(), problems);
                workloads.add(read.workload());
                spaceBackups = Optional.of(read.config());
            } else if (workload.equals(Workload.BILLING)) {
                workloads.add(WorkloadsConfig.billing(config, project, stack, role, aws.region(), problems));
            }
        }
        if (selected.managed().isEmpty()) {
            problems.add(WorkloadsConfig.KEY, "manages no workload: controlPlaneBackups is false and no other is"
                    + " named; name at least one of " + Workload.keys());
        }
        WorkloadsConfig.checkRoleNames(workloads, problems);
        if (mode.usesIrsa()) {
            workloads.stream().filter(w -> !w.workload().equals(Workload.CONTROL_PLANE_BACKUPS)).forEach(w ->
                    RoleSettings.checkArnInWait(w.role(), w.roleKey(), !w.role().path().equals(role.path()), problems));
        }

        problems.throwIfAny();
        return new Settings(project, stack, mode, controlPlanes, cluster, role, backup, spaces, podLabels, quota, aws,
                workloads, spaceBackups);
    }

    /**
     * With control-plane backups off, what only they use is a mistake: a bucket no role can reach,
     * labels for pods nothing rolls, a name for a role that is not made. The rest of {@code role}
     * stays the default of every workload's role.
     */
    private static void refuseWithoutControlPlaneBackups(RootConfig root, ConfigObject role,
                                                         SortedMap<String, String> podLabels, ConfigProblems problems) {
        var off = "; workloads.controlPlaneBackups is false, so no role for mxp-controller is made. Remove it, or"
                + " turn control-plane backups back on";
        if (root.object(BackupSettings.KEY, BackupSettings.FIELDS).isPresent()) {
            problems.add(BackupSettings.KEY, "set, but only control-plane backups use it" + off);
        }
        if (!podLabels.isEmpty()) {
            problems.add(POD_LABELS_KEY, "labels for the mxp-controller pods" + off);
        }
        if (role.has("name")) {
            problems.add(role.keyOf("name"), "names the control-plane backups' role" + off + " (the other keys of role"
                    + " are the defaults of every workload's role)");
        }
    }

    private static SortedMap<String, String> readPodLabels(RootConfig root, ConfigProblems problems) {
        var raw = root.structured(POD_LABELS_KEY, "an object of label names to values");
        return WorkloadsConfig.podLabels(POD_LABELS_KEY, raw.orElse(null), problems);
    }

    private static int readQuota(RootConfig root, ConfigProblems problems) {
        var iam = root.objectOrEmpty(IAM_KEY, Set.of("trustPolicyQuota"));
        var quota = iam.integer("trustPolicyQuota").orElse(DEFAULT_TRUST_POLICY_QUOTA);
        if (quota < DEFAULT_TRUST_POLICY_QUOTA || quota > MAX_TRUST_POLICY_QUOTA) {
            problems.add(QUOTA_KEY, quota + " is " + (quota < DEFAULT_TRUST_POLICY_QUOTA ? "below IAM's default of "
                    + DEFAULT_TRUST_POLICY_QUOTA : "above the most IAM grants, " + MAX_TRUST_POLICY_QUOTA)
                    + "; expected the account's applied 'Role trust policy length' quota (Service Quotas, IAM), from "
                    + DEFAULT_TRUST_POLICY_QUOTA + " to " + MAX_TRUST_POLICY_QUOTA);
        }
        return quota;
    }
}
