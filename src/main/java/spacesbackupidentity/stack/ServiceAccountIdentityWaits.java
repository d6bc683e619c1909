package spacesbackupidentity.stack;

import com.pulumi.kubernetes.core.v1.ServiceAccountPatch;
import com.pulumi.kubernetes.core.v1.ServiceAccountPatchArgs;
import com.pulumi.kubernetes.helm.v3.Release;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaPatchArgs;
import com.pulumi.resources.CustomResourceOptions;
import spacesbackupidentity.plan.IdentityPlan;
import spacesbackupidentity.plan.ServiceAccountIdentity;
import spacesbackupidentity.plan.ResourceNames;
import spacesbackupidentity.plan.Target;
import spacesbackupidentity.settings.Settings;
import spacesbackupidentity.settings.Workload;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One wait per workload and namespace it runs in, after the release: a patch of the workload's
 * service account that sets only the Kubernetes provider's await annotations and ends when the
 * service account carries the identity its pods must get
 * ({@link ServiceAccountIdentity}), written there from the release's values
 * by Spaces (a workload of every control plane) or by the chart itself (the Spaces controller's). Its
 * rollout waits for it. When the identity does not arrive within {@code spaces.propagationTimeout},
 * the provider fails the wait ("timed out waiting for the condition") and nothing rolls.
 */
public final class ServiceAccountIdentityWaits {
    private ServiceAccountIdentityWaits() {
    }

    public static Map<Workload, Map<Target, ServiceAccountPatch>> declare(Settings settings, IdentityPlan plan,
                                                                         KubernetesProvider kubernetes, Release release) {
        var waits = new LinkedHashMap<Workload, Map<Target, ServiceAccountPatch>>();
        for (var workload : plan.workloads()) {
            var annotations = Map.of(
                    ServiceAccountIdentity.WAIT_FOR_ANNOTATION, workload.serviceAccountIdentity().waitFor(),
                    ServiceAccountIdentity.TIMEOUT_ANNOTATION, String.valueOf(settings.spaces().propagationTimeout().toSeconds()),
                    "pulumi.com/patchFieldManager", ResourceNames.FIELD_MANAGER);
            var byTarget = new LinkedHashMap<Target, ServiceAccountPatch>();
            for (var target : workload.targets()) {
                var args = ServiceAccountPatchArgs.builder()
                        .metadata(ObjectMetaPatchArgs.builder()
                                .name(workload.serviceAccount())
                                .namespace(target.namespace())
                                .annotations(annotations)
                                .build())
                        .build();
                // Kept on delete, as the rollouts are: giving the annotations back needs the namespace.
                byTarget.put(target, new ServiceAccountPatch(ResourceNames.serviceAccountIdentity(workload.workload(),
                        target), args, CustomResourceOptions.builder()
                        .provider(kubernetes)
                        .dependsOn(release)
                        .retainOnDelete(true)
                        .build()));
            }
            waits.put(workload.workload(), byTarget);
        }
        return waits;
    }
}
