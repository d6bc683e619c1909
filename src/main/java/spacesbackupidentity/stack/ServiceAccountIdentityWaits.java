package spacesbackupidentity.stack;

import com.pulumi.kubernetes.core.v1.ServiceAccountPatch;
import com.pulumi.kubernetes.core.v1.ServiceAccountPatchArgs;
import com.pulumi.kubernetes.helm.v3.Release;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaPatchArgs;
import com.pulumi.resources.CustomResourceOptions;
import spacesbackupidentity.plan.IdentityPlan;
import spacesbackupidentity.plan.ServiceAccountIdentity;
import spacesbackupidentity.plan.ResourceNames;
import spacesbackupidentity.settings.ControlPlane;
import spacesbackupidentity.settings.Settings;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One wait per control plane, after the release: a patch of the {@code mxp-controller} service
 * account that sets only the Kubernetes provider's await annotations and ends when the service
 * account carries the identity its pods must get ({@link ServiceAccountIdentity}),
 * written there by Spaces from the release's values. Its rollout waits for it. When Spaces does not
 * write it within {@code spaces.propagationTimeout}, the provider fails the wait ("timed out waiting
 * for the condition") and nothing rolls.
 */
public final class ServiceAccountIdentityWaits {
    private ServiceAccountIdentityWaits() {
    }

    public static Map<ControlPlane, ServiceAccountPatch> declare(Settings settings, IdentityPlan plan,
                                                                 KubernetesProvider kubernetes, Release release) {
        var annotations = Map.of(
                ServiceAccountIdentity.WAIT_FOR_ANNOTATION, plan.serviceAccountIdentity().waitFor(),
                ServiceAccountIdentity.TIMEOUT_ANNOTATION, String.valueOf(settings.spaces().propagationTimeout().toSeconds()),
                "pulumi.com/patchFieldManager", ResourceNames.FIELD_MANAGER);
        var waits = new LinkedHashMap<ControlPlane, ServiceAccountPatch>();
        for (var controlPlane : settings.controlPlanes()) {
            var args = ServiceAccountPatchArgs.builder()
                    .metadata(ObjectMetaPatchArgs.builder()
                            .name(ControlPlane.SERVICE_ACCOUNT)
                            .namespace(controlPlane.namespace())
                            .annotations(annotations)
                            .build())
                    .build();
            // Kept on delete, as the rollouts are: giving the annotations back needs the namespace.
            waits.put(controlPlane, new ServiceAccountPatch(ResourceNames.serviceAccountIdentity(controlPlane), args,
                    CustomResourceOptions.builder()
                            .provider(kubernetes)
                            .dependsOn(release)
                            .retainOnDelete(true)
                            .build()));
        }
        return waits;
    }
}
