package spacesbackupidentity.stack;

import com.pulumi.Context;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.helm.v3.Release;
import spacesbackupidentity.plan.BackupObjects;
import spacesbackupidentity.plan.IdentityPlan;
import spacesbackupidentity.settings.ControlPlane;
import spacesbackupidentity.settings.Settings;

import java.util.List;
import java.util.TreeMap;

/** What other stacks and people reference: the role, its policies' sizes, the release. */
public final class StackOutputs {
    /** Where the release is installed; the next update reads them ({@link PreviousDeployment}). */
    public static final String RELEASE_NAME = "releaseName";
    public static final String RELEASE_NAMESPACE = "releaseNamespace";
    private StackOutputs() {
    }

    public static void export(Context ctx, Settings settings, IdentityPlan plan, BackupRole role,
                              Release release, List<BackupObjects.SpacesObject> backupObjects) {
        var namespaces = new TreeMap<String, String>();
        settings.controlPlanes().forEach(cp -> namespaces.put(cp.label(), cp.namespace()));
        ctx.export("roleArn", role.role().arn());
        ctx.export("roleName", role.role().name());
        var size = plan.trustPolicySize();
        ctx.export("trustPolicy", Output.of(plan.trustPolicy()));
        ctx.export("permissionsPolicy", Output.of(plan.permissionsPolicy()));
        ctx.export("controlPlaneNamespaces", Output.of(namespaces));
        ctx.export("trustPolicySize", Output.of(size.size()));
        ctx.export("trustPolicyQuota", Output.of(size.quota()));
        ctx.export("trustPolicyRemainingCharacters", Output.of(size.remainingCharacters()));
        ctx.export("identityMode", Output.of(plan.mode().configValue()));
        ctx.export("remainingControlPlanes", Output.of(plan.remainingControlPlanes(settings.controlPlanes().size())));
        ctx.export("identityDigest", Output.of(plan.rolloutDigest()));
        ctx.export("sharedBackupConfigs", Output.of(references(backupObjects, BackupObjects.CONFIG_KIND)));
        ctx.export("sharedBackupSchedules", Output.of(references(backupObjects, BackupObjects.SCHEDULE_KIND)));
        ctx.export(RELEASE_NAME, release.name().applyValue(name -> name.orElse(null)));
        ctx.export(RELEASE_NAMESPACE, release.namespace().applyValue(namespace -> namespace.orElse(null)));
    }

    /** {@code namespace/name} of each object of a kind. */
    private static List<String> references(List<BackupObjects.SpacesObject> objects, String kind) {
        return objects.stream().filter(o -> o.kind().equals(kind)).map(BackupObjects.SpacesObject::reference).toList();
    }
}
