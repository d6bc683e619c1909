package spacesbackupidentity.stack;

import com.pulumi.aws.eks.PodIdentityAssociation;
import com.pulumi.kubernetes.apps.v1.DeploymentPatch;
import com.pulumi.kubernetes.apps.v1.DeploymentPatchArgs;
import com.pulumi.kubernetes.apps.v1.inputs.DeploymentSpecPatchArgs;
import com.pulumi.kubernetes.core.v1.inputs.PodTemplateSpecPatchArgs;
import com.pulumi.kubernetes.helm.v3.Release;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaPatchArgs;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import spacesbackupidentity.plan.IdentityPlan;
import spacesbackupidentity.plan.ResourceNames;
import spacesbackupidentity.plan.RolloutDigest;
import spacesbackupidentity.settings.ControlPlane;
import spacesbackupidentity.settings.Settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One patch per control plane that stamps the identity digest on the mxp-controller pod
 * template. The EKS webhook injects credentials only into new pods, so a changed digest is
 * what rolls them, and an unchanged one leaves them alone.
 */
public final class MxpRollout {
    public static final String DEPLOYMENT = "mxp-controller";

    private MxpRollout() {
    }

    /**
     * @param associations     each control plane's Pod Identity association, which must exist before
     *                         its pods restart; empty in IRSA mode
     * @param serviceAccounts  each control plane's wait for its service account to carry the identity
     */
    public static List<DeploymentPatch> declare(Settings settings, IdentityPlan plan, KubernetesProvider kubernetes,
                                                Release release, BackupRole role,
                                                Map<ControlPlane, PodIdentityAssociation> associations,
                                                Map<ControlPlane, ? extends Resource> serviceAccounts) {
        var podAnnotations = Map.of(RolloutDigest.ANNOTATION, plan.rolloutDigest());
        return settings.controlPlanes().stream()
                .map(controlPlane -> {
                    var dependsOn = new ArrayList<Resource>(List.of(release, role.role(), role.permissions(),
                            serviceAccounts.get(controlPlane)));
                    Optional.ofNullable(associations.get(controlPlane)).ifPresent(dependsOn::add);
                    return patch(controlPlane, podAnnotations, kubernetes, dependsOn);
                })
                .toList();
    }

    private static DeploymentPatch patch(ControlPlane controlPlane, Map<String, String> podAnnotations,
                                         KubernetesProvider kubernetes, List<Resource> dependsOn) {
        var args = DeploymentPatchArgs.builder()
                .metadata(ObjectMetaPatchArgs.builder()
                        .name(DEPLOYMENT)
                        .namespace(controlPlane.namespace())
                        // Spaces owns the Deployment; forcing takes over only the one annotation.
                        .annotations(Map.of(
                                "pulumi.com/patchForce", "true",
                                "pulumi.com/patchFieldManager", ResourceNames.FIELD_MANAGER))
                        .build())
                .spec(DeploymentSpecPatchArgs.builder()
                        .template(PodTemplateSpecPatchArgs.builder()
                                .metadata(ObjectMetaPatchArgs.builder().annotations(podAnnotations).build())
                                .build())
                        .build())
                .build();
        // Kept on delete: deleting a patch gives its field back (the annotation goes, so the pods roll
        // once more) and fails when the control plane's namespace is already gone. A control plane
        // removed from config, or a destroy, leaves the Deployment as Spaces made it plus one annotation.
        return new DeploymentPatch(ResourceNames.rollout(controlPlane), args, CustomResourceOptions.builder()
                .provider(kubernetes)
                .dependsOn(dependsOn)
                .retainOnDelete(true)
                .build());
    }
}
