package spacesbackupidentity.plan;

import spacesbackupidentity.settings.RoleSettings;
import spacesbackupidentity.settings.Workload;

import java.util.List;

/**
 * Everything decided for one workload's identity: its role (ARN predicted as IAM forms it, trust
 * and permissions), where it runs, the service account its role trusts, what it rolls, and the digest
 * and service-account condition each rollout waits on.
 *
 * @param targets                where it runs: each control plane's host namespace, or the release's
 * @param serviceAccount         the service account the role trusts in each target
 * @param rollout                the Deployment or StatefulSet each target rolls
 * @param serviceAccountIdentity what the service account must carry before its pods roll
 */
public record WorkloadPlan(Workload workload, RoleSettings role, String roleArn, String trustPolicy,
                           TrustPolicySize trustPolicySize, String permissionsPolicy, List<Target> targets,
                           String serviceAccount, RolloutTarget rollout, String rolloutDigest,
                           ServiceAccountIdentity serviceAccountIdentity) {
    public WorkloadPlan {
        targets = List.copyOf(targets);
    }

    /** The namespaces it runs in, as the trust policy and the associations name them. */
    public List<String> namespaces() {
        return targets.stream().map(Target::namespace).toList();
    }

    /** What one target rolls: a Deployment, or with billing's persistence a StatefulSet, by name. */
    public record RolloutTarget(Kind kind, String name) {
        public enum Kind { DEPLOYMENT, STATEFUL_SET }
    }
}
