package spacesbackupidentity.stack;

import com.pulumi.Context;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.helm.v3.Release;
import spacesbackupidentity.plan.BackupObjects;
import spacesbackupidentity.plan.IdentityPlan;
import spacesbackupidentity.plan.WorkloadPlan;
import spacesbackupidentity.settings.Settings;
import spacesbackupidentity.settings.Workload;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What other stacks and people reference: each role, its policies' sizes and its room to grow, the
 * release. Control-plane backups' are top-level outputs, as they were before other workloads came;
 * every other workload's are one object output named after it ({@code sharedSecrets}, ...).
 */
public final class StackOutputs {
    /** Where the release is installed; the next update reads them ({@link PreviousDeployment}). */
    public static final String RELEASE_NAME = "releaseName";
    public static final String RELEASE_NAMESPACE = "releaseNamespace";
    private StackOutputs() {
    }

    public static void export(Context ctx, Settings settings, IdentityPlan plan, Map<Workload, WorkloadRole> roles,
                              Release release, List<BackupObjects.SpacesObject> backupObjects) {
        var namespaces = new TreeMap<String, String>();
        settings.controlPlanes().forEach(cp -> namespaces.put(cp.label(), cp.namespace()));
        plan.workload(Workload.CONTROL_PLANE_BACKUPS).ifPresent(backups -> {
            var role = roles.get(Workload.CONTROL_PLANE_BACKUPS);
            ctx.export("roleArn", role.role().arn());
            ctx.export("roleName", role.role().name());
            var size = backups.trustPolicySize();
            ctx.export("trustPolicy", Output.of(backups.trustPolicy()));
            ctx.export("permissionsPolicy", Output.of(backups.permissionsPolicy()));
            ctx.export("trustPolicySize", Output.of(size.size()));
            ctx.export("trustPolicyQuota", Output.of(size.quota()));
            ctx.export("trustPolicyRemainingCharacters", Output.of(size.remainingCharacters()));
            ctx.export("remainingControlPlanes", Output.of(plan.remainingControlPlanes(backups).orElseThrow()));
            ctx.export("identityDigest", Output.of(backups.rolloutDigest()));
        });
        ctx.export("controlPlaneNamespaces", Output.of(namespaces));
        ctx.export("identityMode", Output.of(plan.mode().configValue()));
        for (var workload : plan.workloads()) {
            if (!workload.workload().equals(Workload.CONTROL_PLANE_BACKUPS)) {
                var facts = facts(plan, workload, backupObjects);
                ctx.export(workload.workload().configKey(), roles.get(workload.workload()).role().arn()
                        .applyValue(arn -> {
                            var withArn = new LinkedHashMap<String, Object>();
                            withArn.put("roleArn", arn);
                            withArn.putAll(facts);
                            return withArn;
                        }));
            }
        }
        ctx.export("sharedBackupConfigs", Output.of(references(backupObjects, BackupObjects.CONFIG_KIND)));
        ctx.export("sharedBackupSchedules", Output.of(references(backupObjects, BackupObjects.SCHEDULE_KIND)));
        ctx.export(RELEASE_NAME, release.name().applyValue(name -> name.orElse(null)));
        ctx.export(RELEASE_NAMESPACE, release.namespace().applyValue(namespace -> namespace.orElse(null)));
    }

    /** One workload's figures: the role and its policies, their size and room, what it rolls. */
    private static Map<String, Object> facts(IdentityPlan plan, WorkloadPlan workload,
                                             List<BackupObjects.SpacesObject> backupObjects) {
        var size = workload.trustPolicySize();
        var facts = new LinkedHashMap<String, Object>();
        facts.put("roleName", workload.role().name());
        facts.put("serviceAccount", workload.serviceAccount());
        facts.put("trustPolicy", workload.trustPolicy());
        facts.put("permissionsPolicy", workload.permissionsPolicy());
        facts.put("trustPolicySize", size.size());
        facts.put("trustPolicyQuota", size.quota());
        facts.put("trustPolicyRemainingCharacters", size.remainingCharacters());
        plan.remainingControlPlanes(workload).ifPresent(n -> facts.put("remainingControlPlanes", n));
        facts.put("identityDigest", workload.rolloutDigest());
        facts.put("rollout", (workload.rollout().kind() == WorkloadPlan.RolloutTarget.Kind.STATEFUL_SET
                ? "StatefulSet " : "Deployment ") + workload.rollout().name());
        if (workload.workload().equals(Workload.SPACE_BACKUPS)) {
            references(backupObjects, BackupObjects.SPACE_CONFIG_KIND).forEach(r -> facts.put("spaceBackupConfig", r));
        }
        return facts;
    }

    /** {@code namespace/name} of each object of a kind (the name alone when cluster-scoped). */
    private static List<String> references(List<BackupObjects.SpacesObject> objects, String kind) {
        return objects.stream().filter(o -> o.kind().equals(kind)).map(BackupObjects.SpacesObject::reference).toList();
    }
}
