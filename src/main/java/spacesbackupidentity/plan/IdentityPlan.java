package spacesbackupidentity.plan;

import software.amazon.awssdk.policybuilder.iam.IamPolicyWriter;
import spacesbackupidentity.rules.AwsPartitions;
import spacesbackupidentity.rules.Quote;
import spacesbackupidentity.settings.BackupSettings;
import spacesbackupidentity.settings.ClusterFacts;
import spacesbackupidentity.settings.ConfigProblems;
import spacesbackupidentity.settings.ControlPlane;
import spacesbackupidentity.settings.EksCluster;
import spacesbackupidentity.settings.IdentityMode;
import spacesbackupidentity.settings.InvalidConfigException;
import spacesbackupidentity.settings.RoleSettings;
import spacesbackupidentity.settings.Settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Every decision the stack makes, computed from settings and the cluster facts alone: the role
 * ARN (predicted the way IAM forms it), both policies, the Helm values and the rollout digest.
 * Declarers only turn this into resources.
 *
 * @param eksCluster             the cluster Pod Identity associations go into; empty in IRSA mode
 * @param serviceAccountIdentity what each control plane's service account must carry before its pods roll
 */
public record IdentityPlan(IdentityMode mode, Optional<EksCluster> eksCluster, String roleArn, String trustPolicy,
                           TrustPolicySize trustPolicySize, String permissionsPolicy,
                           SortedMap<String, Object> helmValues, String rolloutDigest,
                           ServiceAccountIdentity serviceAccountIdentity) {
    /** EKS Pod Identity associations per cluster: 5,000 (Amazon EKS User Guide, Pod Identity considerations). */
    public static final int MAX_POD_IDENTITY_ASSOCIATIONS = 5000;

    /**
     * @throws InvalidConfigException when the trust policy is over the quota, the cluster cannot
     *                                hold the associations, or the user's Helm values contradict
     *                                the identity values
     */
    public static IdentityPlan of(Settings settings, ClusterFacts cluster) {
        var mode = settings.identityMode();
        settings.aws().checkCluster(mode, settings.cluster(), cluster);
        var namespaces = settings.controlPlanes().stream().map(ControlPlane::namespace).toList();
        if (mode.usesPodIdentity() && namespaces.size() > MAX_POD_IDENTITY_ASSOCIATIONS) {
            throw new InvalidConfigException(List.of("controlPlanes: " + namespaces.size() + " control planes need "
                    + namespaces.size() + " Pod Identity associations in cluster '" + cluster.eksCluster()
                    .map(EksCluster::name).orElse("") + "', but EKS supports up to " + MAX_POD_IDENTITY_ASSOCIATIONS
                    + " per cluster (not adjustable in Service Quotas); serve the rest from another cluster"));
        }
        var oidc = cluster.oidcProvider().orElse(null);
        var eks = cluster.eksCluster().orElse(null);
        java.util.function.Function<List<String>, String> policyFor =
                ns -> TrustPolicy.json(TrustPolicy.forMode(mode, oidc, eks, ns));
        var trustPolicy = policyFor.apply(namespaces);
        var size = TrustPolicySize.measure(policyFor, namespaces, settings.trustPolicyQuota(), mode.usesIrsa());
        if (!size.fits()) {
            throw overQuota(settings, size);
        }
        var account = cluster.account();
        checkPartitions(settings, account);
        var roleArn = "arn:" + account.partition() + ":iam::" + account.id() + ":role" + settings.role().path()
                + settings.role().name();
        var permissions = IamPolicyWriter.create().writeToString(
                PermissionsPolicy.forBackups(account.partition(), settings.backup()));
        var values = SpacesValues.merge(settings.spaces().values(),
                SpacesValues.identityOverlay(mode, roleArn, settings.podLabels()));
        var digest = RolloutDigest.of(identityFacts(mode, roleArn, settings));
        return new IdentityPlan(mode, cluster.eksCluster(), roleArn, trustPolicy, size, permissions, values, digest,
                ServiceAccountIdentity.of(mode, roleArn));
    }

    /**
     * The role lives in the cluster account's partition and can use only that partition's buckets,
     * keys and policies: a bucket region, KMS key or permissions boundary elsewhere is a mistake.
     */
    private static void checkPartitions(Settings settings, ClusterFacts.AwsAccount account) {
        var problems = new ConfigProblems();
        var backup = settings.backup();
        backup.region().flatMap(AwsPartitions::ofRegion).filter(p -> !p.id().equals(account.partition()))
                .ifPresent(p -> problems.add(backup.regionKey(), Quote.of(backup.region().get()) + " is in partition "
                        + p.id() + ", but the cluster's account is in partition " + account.partition() + "; the"
                        + " bucket must be in the role's partition"));
        backup.kmsKeyArn().filter(arn -> !arn.split(":")[1].equals(account.partition()))
                .ifPresent(arn -> problems.add(BackupSettings.KMS_KEY, Quote.of(arn) + " is in partition "
                        + arn.split(":")[1] + ", but the role is in partition " + account.partition() + " (the"
                        + " cluster's account); the role can use a key of its own partition only, arn:"
                        + account.partition() + ":kms:..."));
        settings.role().permissionsBoundary().filter(arn -> !arn.split(":")[1].equals(account.partition()))
                .ifPresent(arn -> problems.add(RoleSettings.BOUNDARY_KEY, Quote.of(arn) + " is in partition "
                        + arn.split(":")[1] + ", but the role is in partition " + account.partition() + " (the"
                        + " cluster's account); a permissions boundary must be a policy of the role's own partition,"
                        + " arn:" + account.partition() + ":iam::..."));
        problems.throwIfAny();
    }

    /** How many more control planes this stack can take before a limit: the trust policy's or the cluster's. */
    /** What messages about the deploying credentials name: not a config key, but what to fix. */
    public static final String DEPLOYING_CREDENTIALS = "AWS credentials";

    /**
     * Refuses credentials of another account than the role's: a role made there is one nobody's pods
     * can use, in an account nobody reviewed.
     *
     * @param callerAccount the account {@code sts:GetCallerIdentity} names for the deploying credentials
     * @param callerArn     their ARN, for the message
     * @param account       the account of the OIDC provider (IRSA) or cluster (Pod Identity)
     * @throws InvalidConfigException naming both accounts and what to change
     */
    public void checkDeployingAccount(String callerAccount, String callerArn, String account) {
        if (!callerAccount.equals(account)) {
            throw InvalidConfigException.of(DEPLOYING_CREDENTIALS, "of account " + callerAccount + " ("
                    + Quote.of(callerArn) + "), but the role this stack makes is " + roleArn + ", in account " + account
                    + " of the " + (mode.usesIrsa() ? "cluster's OIDC provider" : "cluster") + "; deploy with"
                    + " credentials of account " + account + ", or point the stack at the cluster of account "
                    + callerAccount);
        }
    }

    public int remainingControlPlanes(int configured) {
        var limits = new ArrayList<Integer>();
        trustPolicySize.additionalUuidControlPlanes().ifPresent(limits::add);
        if (mode.usesPodIdentity()) {
            limits.add(MAX_POD_IDENTITY_ASSOCIATIONS - configured);
        }
        return limits.stream().mapToInt(Integer::intValue).min().orElseThrow();
    }

    /** What a pod's identity depends on; the control-plane list is not part of it. */
    static SortedMap<String, String> identityFacts(IdentityMode mode, String roleArn, Settings settings) {
        var facts = new TreeMap<String, String>();
        facts.put("identity-mode", mode.configValue());
        facts.put("role-arn", roleArn);
        if (mode.usesIrsa()) {
            facts.put("service-account-annotation/" + SpacesValues.ROLE_ARN_ANNOTATION, roleArn);
        }
        settings.podLabels().forEach((k, v) -> facts.put("pod-label/" + k, v));
        return facts;
    }

    private static InvalidConfigException overQuota(Settings settings, TrustPolicySize size) {
        var count = settings.controlPlanes().size();
        var fix = settings.identityMode().usesPodIdentity()
                ? "(2) finish the move to EKS Pod Identity (identity.mode podIdentity), whose trust policy does not"
                + " grow with control planes; "
                : "(2) move to EKS Pod Identity, whose trust policy does not grow with control planes (identity.mode"
                + " both, then podIdentity; see README); ";
        return new InvalidConfigException(List.of("controlPlanes: the " + settings.identityMode().configValue()
                + " trust policy for " + count + " control planes is " + size.size() + " characters (without"
                + " whitespace), over the role trust policy quota of " + size.quota() + " (" + Settings.QUOTA_KEY
                + "); " + size.controlPlanesThatFit() + " of these " + count + " control planes fit. Ways out: (1) ask"
                + " AWS to raise the quota (Service Quotas > IAM > 'Role trust policy length') and set "
                + Settings.QUOTA_KEY + " to the applied value; " + fix + "(3) split the control planes across stacks,"
                + " one role each."));
    }
}
