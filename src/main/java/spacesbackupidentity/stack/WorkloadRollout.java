package spacesbackupidentity.stack;

import com.pulumi.aws.eks.PodIdentityAssociation;
import com.pulumi.kubernetes.apps.v1.DeploymentPatch;
import com.pulumi.kubernetes.apps.v1.DeploymentPatchArgs;
import com.pulumi.kubernetes.apps.v1.StatefulSetPatch;
import com.pulumi.kubernetes.apps.v1.StatefulSetPatchArgs;
import com.pulumi.kubernetes.apps.v1.inputs.DeploymentSpecPatchArgs;
import com.pulumi.kubernetes.apps.v1.inputs.StatefulSetSpecPatchArgs;
import com.pulumi.kubernetes.core.v1.inputs.PodTemplateSpecPatchArgs;
import com.pulumi.kubernetes.helm.v3.Release;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaPatchArgs;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import spacesbackupidentity.plan.IdentityPlan;
import spacesbackupidentity.plan.ResourceNames;
import spacesbackupidentity.plan.RolloutDigest;
import spacesbackupidentity.plan.Target;
import spacesbackupidentity.plan.WorkloadPlan;
import spacesbackupidentity.settings.Workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One patch per workload and namespace it runs in that stamps the workload's identity digest on its
 * pod template (mxp-controller's, external-secrets', the Spaces controller's, vector's). The EKS
 * webhook injects credentials only into new pods, so a changed digest is what rolls them, and an
 * unchanged one leaves them alone.
 */
public final class WorkloadRollout {
    private WorkloadRollout() {
    }

    /**
     * @param associations    each workload's Pod Identity association per target, which must exist before
     *                        its pods restart; none in IRSA mode
     * @param serviceAccounts each workload's wait per target for its service account to carry the identity
     */
    public static List<CustomResource> declare(IdentityPlan plan, KubernetesProvider kubernetes, Release release,
                                               Map<Workload, WorkloadRole> roles,
                                               Map<Workload, ? extends Map<Target, PodIdentityAssociation>> associations,
                                               Map<Workload, ? extends Map<Target, ? extends Resource>> serviceAccounts) {
        var patches = new ArrayList<CustomResource>();
        for (var workload : plan.workloads()) {
            var role = roles.get(workload.workload());
            var podAnnotations = Map.of(RolloutDigest.ANNOTATION, workload.rolloutDigest());
            for (var target : workload.targets()) {
                // Its own role, policy, association and wait only: another workload's never holds it up.
                var dependsOn = new ArrayList<Resource>(List.of(release, role.role(), role.permissions(),
                        serviceAccounts.get(workload.workload()).get(target)));
                Optional.ofNullable(associations.get(workload.workload())).map(a -> a.get(target))
                        .ifPresent(dependsOn::add);
                patches.add(patch(workload, target, podAnnotations, kubernetes, dependsOn));
            }
        }
        return patches;
    }

    private static CustomResource patch(WorkloadPlan workload, Target target, Map<String, String> podAnnotations,
                                        KubernetesProvider kubernetes, List<Resource> dependsOn) {
        var metadata = ObjectMetaPatchArgs.builder()
                .name(workload.rollout().name())
                .namespace(target.namespace())
                // Spaces (or its chart) owns the object; forcing takes over only the one annotation.
                .annotations(Map.of(
                        "pulumi.com/patchForce", "true",
                        "pulumi.com/patchFieldManager", ResourceNames.FIELD_MANAGER))
                .build();
        var template = PodTemplateSpecPatchArgs.builder()
                .metadata(ObjectMetaPatchArgs.builder().annotations(podAnnotations).build())
                .build();
        // Kept on delete: deleting a patch gives its field back (the annotation goes, so the pods roll
        // once more) and fails when the namespace is already gone. A control plane removed from config, or
        // a destroy, leaves the workload as Spaces made it plus one annotation.
        var options = CustomResourceOptions.builder()
                .provider(kubernetes)
                .dependsOn(dependsOn)
                .retainOnDelete(true)
                .build();
        var name = ResourceNames.rollout(workload.workload(), target);
        if (workload.rollout().kind() == WorkloadPlan.RolloutTarget.Kind.STATEFUL_SET) {
            return new StatefulSetPatch(name, StatefulSetPatchArgs.builder()
                    .metadata(metadata)
                    .spec(StatefulSetSpecPatchArgs.builder().template(template).build())
                    .build(), options);
        }
        return new DeploymentPatch(name, DeploymentPatchArgs.builder()
                .metadata(metadata)
                .spec(DeploymentSpecPatchArgs.builder().template(template).build())
                .build(), options);
    }
}
