package spacesbackupidentity.plan;

import spacesbackupidentity.settings.ControlPlane;
import spacesbackupidentity.settings.Workload;

/**
 * Pulumi logical names. They are part of each resource's URN: renaming one replaces the
 * resource, so they change only with an alias.
 */
public final class ResourceNames {
    public static final String CLUSTER_STACK = "cluster";
    /** This stack itself, read for what its last update installed where. */
    public static final String PREVIOUS_DEPLOYMENT = "previous-deployment";
    public static final String BACKUP_ROLE = "backup-role";
    public static final String BACKUP_PERMISSIONS = "backup-role-permissions";
    public static final String KUBERNETES_PROVIDER = "spaces-cluster";
    public static final String SPACES_RELEASE = "spaces-release";
    /** The inline policy's name on the role. */
    public static final String PERMISSIONS_POLICY_NAME = "spaces-backup-objects";
    /** The field manager of the rollout patches, as the API server records it. */
    public static final String FIELD_MANAGER = "spaces-backup-identity";

    private ResourceNames() {
    }

    /** Group and name together: control-plane names are unique only within a group. */
    public static String rollout(ControlPlane controlPlane) {
        return rollout(Workload.CONTROL_PLANE_BACKUPS, Target.of(controlPlane));
    }

    /** The wait for the control plane's service account to carry the identity its pods must get. */
    public static String serviceAccountIdentity(ControlPlane controlPlane) {
        return serviceAccountIdentity(Workload.CONTROL_PLANE_BACKUPS, Target.of(controlPlane));
    }

    public static String podIdentity(ControlPlane controlPlane) {
        return podIdentity(Workload.CONTROL_PLANE_BACKUPS, Target.of(controlPlane));
    }

    /**
     * A workload's rollout where it runs: {@code rollout-<group>/<name>} for control-plane backups, as
     * since the first version; {@code <workload>-rollout-<group>/<name>} for the others, and
     * {@code space-backups-rollout} for the Space's one.
     */
    public static String rollout(Workload workload, Target target) {
        return workload.resourcePrefix() + "rollout" + target.nameSuffix();
    }

    public static String serviceAccountIdentity(Workload workload, Target target) {
        return workload.resourcePrefix() + "service-account-identity" + target.nameSuffix();
    }

    public static String podIdentity(Workload workload, Target target) {
        return workload.resourcePrefix() + "pod-identity" + target.nameSuffix();
    }

    /** The Space backups' SpaceBackupConfig (cluster-scoped, one per Space). */
    public static final String SPACE_BACKUP_CONFIG = "space-backup-config";

    public static String sharedBackupConfig(String group) {
        return "shared-backup-config-" + group;
    }

    public static String sharedBackupSchedule(String group) {
        return "shared-backup-schedule-" + group;
    }
}
