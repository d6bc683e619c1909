package spacesbackupidentity.stack;

import com.pulumi.kubernetes.helm.v3.Release;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import spacesbackupidentity.plan.BackupObjects;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * The SharedBackupConfigs and SharedBackupSchedules, applied to the Spaces host cluster after the
 * release (whose CRDs they need) and after the role's permissions exist, so the first backup can
 * write.
 */
public final class BackupWiring {
    private BackupWiring() {
    }

    /**
     * @param deleteOnDestroy {@code backup.deleteOnDestroy}; otherwise every object is kept on
     *                        destroy: once {@code adoptExisting} is off, nothing tells an adopted
     *                        object from a created one
     */
    public static List<KubernetesObject> declare(List<BackupObjects.SpacesObject> objects, boolean deleteOnDestroy,
                                                 KubernetesProvider kubernetes, Release release, BackupRole role) {
        var declared = new ArrayList<KubernetesObject>();
        var configsByGroup = new HashMap<String, KubernetesObject>();
        for (var object : objects) {
            var dependsOn = new ArrayList<Resource>(List.of(release, role.role(), role.permissions()));
            if (object.kind().equals(BackupObjects.SCHEDULE_KIND)) {
                dependsOn.add(configsByGroup.get(object.namespace()));
            }
            var options = CustomResourceOptions.builder().provider(kubernetes).dependsOn(dependsOn)
                    .retainOnDelete(!deleteOnDestroy);
            if (object.adopt()) {
                // Adopted, not created: the stack takes it over on the next up (settings refuse deleteOnDestroy).
                options.importId(object.reference());
            }
            var resource = new KubernetesObject(object.resourceName(), BackupObjects.API_VERSION, object.kind(),
                    new KubernetesObject.Args(BackupObjects.API_VERSION, object.kind(), object.metadata(), object.spec()),
                    options.build());
            if (object.kind().equals(BackupObjects.CONFIG_KIND)) {
                configsByGroup.put(object.namespace(), resource);
            }
            declared.add(resource);
        }
        return declared;
    }
}
