package spacesbackupidentity.stack;

import com.pulumi.kubernetes.helm.v3.Release;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import spacesbackupidentity.plan.BackupObjects;
import spacesbackupidentity.settings.Workload;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The SharedBackupConfigs, SharedBackupSchedules and the SpaceBackupConfig, applied to the Spaces host
 * cluster after the release (whose CRDs they need) and after the role they name and its permissions
 * exist, so the first backup can write.
 */
public final class BackupWiring {
    private BackupWiring() {
    }

    /** Declares each object as the plan describes it; objects it needs first come earlier in the list. */
    public static List<KubernetesObject> declare(List<BackupObjects.SpacesObject> objects, KubernetesProvider kubernetes,
                                                 Release release, Map<Workload, WorkloadRole> roles) {
        var declared = new ArrayList<KubernetesObject>();
        var byName = new HashMap<String, KubernetesObject>();
        for (var object : objects) {
            var role = roles.get(object.workload());
            var dependsOn = new ArrayList<Resource>(List.of(release, role.role(), role.permissions()));
            object.after().map(name -> Objects.requireNonNull(byName.get(name), name)).ifPresent(dependsOn::add);
            var options = CustomResourceOptions.builder().provider(kubernetes).dependsOn(dependsOn)
                    .retainOnDelete(object.retainOnDelete());
            if (object.adopt()) {
                options.importId(object.reference());
            }
            var resource = new KubernetesObject(object.resourceName(), object.apiVersion(), object.kind(),
                    new KubernetesObject.Args(object.apiVersion(), object.kind(), object.metadata(), object.spec()),
                    options.build());
            byName.put(object.resourceName(), resource);
            declared.add(resource);
        }
        return declared;
    }
}
