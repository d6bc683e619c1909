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
import spacesbackupidentity.settings.Secret;
import spacesbackupidentity.settings.Settings;
import spacesbackupidentity.settings.SpacesSettings;
import spacesbackupidentity.settings.Workload;
import spacesbackupidentity.settings.WorkloadSettings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Every decision the stack makes, computed from settings and the cluster facts alone: for each
 * workload it manages, the role ARN (predicted the way IAM forms it), both policies, where it runs,
 * what it rolls and the rollout digest; and the one set of Helm values that carries every workload's
 * identity. Declarers only turn this into resources.
 *
 * @param eksCluster the cluster Pod Identity associations go into; empty in IRSA mode
 * @param workloads  one plan per managed workload, in declaration order
 */
public record IdentityPlan(IdentityMode mode, Optional<EksCluster> eksCluster, List<WorkloadPlan> workloads,
                           SortedMap<String, Object> helmValues) {
    /** EKS Pod Identity associations per cluster: 5,000 (Amazon EKS User Guide, Pod Identity considerations). */
    public static final int MAX_POD_IDENTITY_ASSOCIATIONS = 5000;
    /** Where billing runs as a StatefulSet rather than a Deployment (the Spaces chart's value reference). */
    static final List<String> VECTOR_PERSISTENCE = List.of("controlPlanes", "vector", "persistence", "enabled");

    public IdentityPlan {
        workloads = List.copyOf(workloads);
    }

    /** The workload's plan, when the stack manages it. */
    public Optional<WorkloadPlan> workload(Workload workload) {
        return workloads.stream().filter(w -> w.workload().equals(workload)).findFirst();
    }

    /**
     * @throws InvalidConfigException when a trust policy is over the quota, the cluster cannot hold
     *                                the associations, two workloads would share a service account or
     *                                a rollout, or the user's Helm values contradict the identity values
     */
    public static IdentityPlan of(Settings settings, ClusterFacts cluster) {
        var mode = settings.identityMode();
        settings.aws().checkCluster(mode, settings.cluster(), cluster);
        var targets = new LinkedHashMap<WorkloadSettings, List<Target>>();
        for (var workload : settings.workloads()) {
            targets.put(workload, targetsOf(workload.workload(), settings));
        }
        if (mode.usesPodIdentity()) {
            checkAssociations(settings, cluster, targets);
        }
        var oidc = cluster.oidcProvider().orElse(null);
        var eks = cluster.eksCluster().orElse(null);
        var release = settings.spaces().releaseName();
        var trust = new LinkedHashMap<WorkloadSettings, Trust>();
        for (var entry : targets.entrySet()) {
            var description = entry.getKey().workload();
            var namespaces = entry.getValue().stream().map(Target::namespace).toList();
            var serviceAccount = description.serviceAccount(release);
            var podIdentityNamespace = description.perControlPlane() ? Optional.<String>empty()
                    : Optional.of(namespaces.get(0));
            java.util.function.Function<List<String>, String> policyFor = ns -> TrustPolicy.json(
                    TrustPolicy.forMode(mode, oidc, eks, serviceAccount, ns, podIdentityNamespace));
            var size = TrustPolicySize.measure(policyFor, namespaces, settings.trustPolicyQuota(),
                    mode.usesIrsa() && description.perControlPlane());
            if (!size.fits()) {
                throw overQuota(settings, entry.getKey(), size);
            }
            trust.put(entry.getKey(), new Trust(serviceAccount, policyFor.apply(namespaces), size));
        }
        var account = cluster.account();
        checkPartitions(settings, account);

        var owned = new ArrayList<SpacesValues.OwnedValue>();
        var decided = new ArrayList<Decided>();
        for (var entry : targets.entrySet()) {
            var workload = entry.getKey();
            var description = workload.workload();
            var serviceAccount = trust.get(workload).serviceAccount();
            var roleArn = "arn:" + account.partition() + ":iam::" + account.id() + ":role" + workload.role().path()
                    + workload.role().name();
            var permissions = IamPolicyWriter.create().writeToString(
                    workload.grant() instanceof WorkloadSettings.BucketGrant bucket
                            ? PermissionsPolicy.forBucket(account.partition(), bucket, PermissionsPolicy.Sids.of(description))
                            : SecretsPolicy.of(account.partition(), account.id(),
                            (WorkloadSettings.SecretsGrant) workload.grant()));
            owned.addAll(SpacesValues.identityOverlay(description, mode, roleArn, workload.podLabels(),
                    workload.podLabelsKey()));
            if (description.equals(Workload.BILLING)) {
                owned.addAll(SpacesValues.billingStorage(((WorkloadSettings.BucketGrant) workload.grant()).location()));
            }
            if (description.equals(Workload.SPACE_BACKUPS)) {
                owned.addAll(SpacesValues.spaceController(serviceAccount));
            }
            decided.add(new Decided(workload, entry.getValue(), serviceAccount, roleArn, trust.get(workload).policy(),
                    trust.get(workload).size(), permissions));
        }
        var values = SpacesValues.merge(settings.spaces().values(), owned);

        var plans = new ArrayList<WorkloadPlan>();
        for (var d : decided) {
            var rollout = rolloutOf(d.settings(), release, values);
            plans.add(new WorkloadPlan(d.settings().workload(), d.settings().role(), d.roleArn(), d.trustPolicy(),
                    d.size(), d.permissions(), d.targets(), d.serviceAccount(), rollout,
                    RolloutDigest.of(identityFacts(mode, d.roleArn(), d.settings().podLabels())),
                    ServiceAccountIdentity.of(mode, d.roleArn())));
        }
        checkNothingShared(settings, plans);
        return new IdentityPlan(mode, cluster.eksCluster(), plans, values);
    }

    /** A workload's trust: the service account, the policy and its size. */
    private record Trust(String serviceAccount, String policy, TrustPolicySize size) {
    }

    /** What is decided for a workload before the values are merged. */
    private record Decided(WorkloadSettings settings, List<Target> targets, String serviceAccount, String roleArn,
                           String trustPolicy, TrustPolicySize size, String permissions) {
    }

    private static List<Target> targetsOf(Workload workload, Settings settings) {
        if (!workload.perControlPlane()) {
            return List.of(Target.space(settings.spaces().namespace()));
        }
        return settings.controlPlanes().stream().map(Target::of).toList();
    }

    /**
     * Billing rolls {@code vector}, which the chart runs as a StatefulSet when
     * {@code controlPlanes.vector.persistence.enabled} and as a Deployment otherwise ("true to run
     * Vector as a statefulset ... When set to false, Vector is run as a deployment", the Spaces chart's
     * value reference); every other workload rolls a Deployment.
     */
    private static WorkloadPlan.RolloutTarget rolloutOf(WorkloadSettings workload, String release,
                                                        Map<String, Object> values) {
        var name = workload.rolloutName().orElse(workload.workload().deployment(release));
        if (!workload.workload().equals(Workload.BILLING)) {
            return new WorkloadPlan.RolloutTarget(WorkloadPlan.RolloutTarget.Kind.DEPLOYMENT, name);
        }
        Object persistence = values;
        for (var segment : VECTOR_PERSISTENCE) {
            persistence = persistence instanceof Map<?, ?> map ? map.get(segment) : null;
        }
        if (persistence instanceof Secret<?>) {
            // Fail closed: which kind to roll cannot be told from a value the program must not read.
            throw InvalidConfigException.of(SpacesSettings.SECRET_VALUES_KEY, String.join(".", VECTOR_PERSISTENCE)
                    + " is secret, and workloads.billing needs to read it: it decides whether vector runs as a"
                    + " StatefulSet or a Deployment, which the stack rolls; set it in spaces.values");
        }
        return new WorkloadPlan.RolloutTarget(Boolean.TRUE.equals(persistence)
                ? WorkloadPlan.RolloutTarget.Kind.STATEFUL_SET : WorkloadPlan.RolloutTarget.Kind.DEPLOYMENT, name);
    }

    /**
     * No two workloads share a service account or a rollout target: each role trusts its own
     * service account only, and two patches of one pod template would take the digest from each
     * other on every update.
     */
    private static void checkNothingShared(Settings settings, List<WorkloadPlan> plans) {
        var problems = new ConfigProblems();
        var accounts = new LinkedHashMap<String, WorkloadPlan>();
        var rollouts = new LinkedHashMap<String, WorkloadPlan>();
        for (var plan : plans) {
            for (var target : plan.targets()) {
                var account = target.namespace() + "/" + plan.serviceAccount();
                var first = accounts.putIfAbsent(account, plan);
                if (first != null && first != plan) {
                    problems.add(keyOf(settings, plan), "the " + plan.workload().title() + " service account "
                            + Quote.of(plan.serviceAccount()) + " in namespace " + Quote.of(target.namespace())
                            + " is also the service account of " + first.workload().title() + "; each workload's"
                            + " role must trust its own service account only. Choose another Spaces release name or"
                            + " namespace");
                }
                var rollout = target.namespace() + "/" + plan.rollout().kind() + "/" + plan.rollout().name();
                var rolledBy = rollouts.putIfAbsent(rollout, plan);
                if (rolledBy != null && rolledBy != plan) {
                    problems.add(settings.workload(plan.workload()).orElseThrow().rolloutKey(), Quote.of(
                            plan.rollout().name()) + " in namespace " + Quote.of(target.namespace()) + " is rolled"
                            + " for " + rolledBy.workload().title() + " already; each workload rolls its own pods (two"
                            + " digests on one pod template would roll it on every update). Name the workload's own");
                }
            }
        }
        problems.throwIfAny();
    }

    /** What messages about the deploying credentials name: not a config key, but what to fix. */
    public static final String DEPLOYING_CREDENTIALS = "AWS credentials";

    /**
     * Refuses credentials of another account than the roles': a role made there is one nobody's pods
     * can use, in an account nobody reviewed.
     *
     * @param callerAccount the account {@code sts:GetCallerIdentity} names for the deploying credentials
     * @param callerArn     their ARN, for the message
     * @param account       the account of the OIDC provider (IRSA) or cluster (Pod Identity)
     * @throws InvalidConfigException naming both accounts, every role and what to change
     */
    public void checkDeployingAccount(String callerAccount, String callerArn, String account) {
        if (!callerAccount.equals(account)) {
            var roles = workloads.stream().map(WorkloadPlan::roleArn).toList();
            throw InvalidConfigException.of(DEPLOYING_CREDENTIALS, "of account " + callerAccount + " ("
                    + Quote.of(callerArn) + "), but the role" + (roles.size() == 1 ? " this stack makes is "
                    : "s this stack makes are ") + String.join(", ", roles) + ", in account " + account + " of the "
                    + (mode.usesIrsa() ? "cluster's OIDC provider" : "cluster") + "; deploy with credentials of"
                    + " account " + account + ", or point the stack at the cluster of account " + callerAccount);
        }
    }

    private static String keyOf(Settings settings, WorkloadPlan plan) {
        return plan.workload().perControlPlane() ? "workloads." + plan.workload().configKey()
                : SpacesSettings.KEY + ".releaseName";
    }

    /**
     * Each workload of every control plane needs one association per control plane; a workload of the
     * Space, one.
     */
    private static void checkAssociations(Settings settings, ClusterFacts cluster,
                                          Map<WorkloadSettings, List<Target>> targets) {
        var total = targets.values().stream().mapToInt(List::size).sum();
        if (total <= MAX_POD_IDENTITY_ASSOCIATIONS) {
            return;
        }
        var count = settings.controlPlanes().size();
        var clusterName = cluster.eksCluster().map(EksCluster::name).orElse("");
        var perControlPlane = targets.keySet().stream().filter(w -> w.workload().perControlPlane())
                .map(w -> w.workload().title()).toList();
        var each = perControlPlane.size() == 1 ? perControlPlane.get(0) : String.join(", ",
                perControlPlane.subList(0, perControlPlane.size() - 1)) + " and " + perControlPlane.get(
                perControlPlane.size() - 1);
        var why = targets.size() == 1 ? "" : " (one per control plane for " + (perControlPlane.size() == 1 ? ""
                : "each of ") + each + (targets.keySet().stream().anyMatch(w -> !w.workload().perControlPlane())
                ? ", and one for Space backups" : "") + ")";
        throw new InvalidConfigException(List.of("controlPlanes: " + count + " control planes need " + total
                + " Pod Identity associations" + why + " in cluster '" + clusterName + "', but EKS supports up to "
                + MAX_POD_IDENTITY_ASSOCIATIONS + " per cluster (not adjustable in Service Quotas); serve the rest"
                + " from another cluster"));
    }

    /**
     * Every role lives in the cluster account's partition and can use only that partition's buckets,
     * keys, secrets and policies: a bucket region, KMS key or permissions boundary elsewhere is a mistake.
     */
    private static void checkPartitions(Settings settings, ClusterFacts.AwsAccount account) {
        var problems = new ConfigProblems();
        var boundaries = new java.util.LinkedHashSet<String>();
        for (var workload : settings.workloads()) {
            if (workload.grant() instanceof WorkloadSettings.BucketGrant bucket) {
                    var location = bucket.location();
                    location.region().flatMap(AwsPartitions::ofRegion).filter(p -> !p.id().equals(account.partition()))
                            .ifPresent(p -> problems.add(location.regionKey(), Quote.of(location.region().get())
                                    + " is in partition " + p.id() + ", but the cluster's account is in partition "
                                    + account.partition() + "; the bucket must be in the role's partition"));
                    var kmsKey = bucket.key().equals(BackupSettings.KEY) ? BackupSettings.KMS_KEY
                            : bucket.key() + ".kmsKeyArn";
                    location.kmsKeyArn().filter(arn -> !arn.split(":")[1].equals(account.partition()))
                            .ifPresent(arn -> problems.add(kmsKey, Quote.of(arn) + " is in partition "
                                    + arn.split(":")[1] + ", but the role is in partition " + account.partition()
                                    + " (the cluster's account); the role can use a key of its own partition only, arn:"
                                    + account.partition() + ":kms:..."));
            } else if (workload.grant() instanceof WorkloadSettings.SecretsGrant secrets) {
                AwsPartitions.ofRegion(secrets.region()).filter(p -> !p.id().equals(account.partition()))
                        .ifPresent(p -> problems.add(secrets.regionKey(), Quote.of(secrets.region()) + " is in"
                                + " partition " + p.id() + ", but the cluster's account is in partition "
                                + account.partition() + "; the secrets must be in the role's partition"));
            }
            var boundaryKey = workload.roleKey() + ".permissionsBoundary";
            workload.role().permissionsBoundary().filter(arn -> !arn.split(":")[1].equals(account.partition()))
                    .filter(arn -> boundaries.add(arn))
                    .ifPresent(arn -> problems.add(boundaryKey, Quote.of(arn) + " is in partition "
                            + arn.split(":")[1] + ", but the role is in partition " + account.partition() + " (the"
                            + " cluster's account); a permissions boundary must be a policy of the role's own partition,"
                            + " arn:" + account.partition() + ":iam::..."));
        }
        problems.throwIfAny();
    }

    /**
     * How many more control planes this stack can take before a limit for this workload: its trust
     * policy's, or the cluster's associations, shared with every other workload of every control plane;
     * empty for a workload of the Space, which does not grow with control planes.
     */
    public Optional<Integer> remainingControlPlanes(WorkloadPlan workload) {
        if (!workload.workload().perControlPlane()) {
            return Optional.empty();
        }
        var limits = new ArrayList<Integer>();
        workload.trustPolicySize().additionalUuidControlPlanes().ifPresent(limits::add);
        if (mode.usesPodIdentity()) {
            var used = workloads.stream().mapToInt(w -> w.targets().size()).sum();
            var perControlPlane = (int) workloads.stream().filter(w -> w.workload().perControlPlane()).count();
            limits.add((MAX_POD_IDENTITY_ASSOCIATIONS - used) / perControlPlane);
        }
        return limits.stream().min(Integer::compare);
    }

    /** What a pod's identity depends on; the control-plane list is not part of it. */
    static SortedMap<String, String> identityFacts(IdentityMode mode, String roleArn, Map<String, String> podLabels) {
        var facts = new TreeMap<String, String>();
        facts.put("identity-mode", mode.configValue());
        facts.put("role-arn", roleArn);
        if (mode.usesIrsa()) {
            facts.put("service-account-annotation/" + SpacesValues.ROLE_ARN_ANNOTATION, roleArn);
        }
        podLabels.forEach((k, v) -> facts.put("pod-label/" + k, v));
        return facts;
    }

    private static InvalidConfigException overQuota(Settings settings, WorkloadSettings workload, TrustPolicySize size) {
        var count = settings.controlPlanes().size();
        var fix = settings.identityMode().usesPodIdentity()
                ? "(2) finish the move to EKS Pod Identity (identity.mode podIdentity), whose trust policy does not"
                + " grow with control planes; "
                : "(2) move to EKS Pod Identity, whose trust policy does not grow with control planes (identity.mode"
                + " both, then podIdentity; see README); ";
        var whose = workload.workload().equals(Workload.CONTROL_PLANE_BACKUPS) ? "the "
                : "the " + workload.workload().title() + " role's ";
        return new InvalidConfigException(List.of("controlPlanes: " + whose + settings.identityMode().configValue()
                + " trust policy for " + count + " control planes is " + size.size() + " characters (without"
                + " whitespace), over the role trust policy quota of " + size.quota() + " (" + Settings.QUOTA_KEY
                + "); " + size.controlPlanesThatFit() + " of these " + count + " control planes fit. Ways out: (1) ask"
                + " AWS to raise the quota (Service Quotas > IAM > 'Role trust policy length') and set "
                + Settings.QUOTA_KEY + " to the applied value; " + fix + "(3) split the control planes across stacks,"
                + " one role each."));
    }
}
