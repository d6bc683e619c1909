package spacesbackupidentity.settings;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A Spaces workload that needs AWS workload identity, as data: where it runs, the service account it
 * runs as, the Helm values that put the role on that service account and labels on its pods, and the
 * workload to roll once the service account says so. Every planner and declarer serves all of them
 * from this description; a new workload is a new constant and its tests.
 * <p>
 * Sources (upbound/docs at 61fd2cbfae6d, {@code self-hosted-spaces-docs/howtos/workload-id/}; the Spaces
 * chart's value reference {@code docs/reference/spaces-helm-reference.md}, whose keys
 * {@code src/test/resources/spaces/chart-values-keys.tsv} lists):
 * <ul>
 *   <li>control-plane backups: {@code backup-restore-config.md}, service account {@code mxp-controller}
 *       in each control plane's host namespace, {@code kubectl rollout restart deployment mxp-controller};</li>
 *   <li>shared secrets: {@code eso-config.md} ("ESO runs in each control plane's host namespace as
 *       {@code external-secrets-controller}"; "{@code kubectl rollout restart deployment external-secrets}");</li>
 *   <li>Space backups: the published page docs.upbound.io/self-hosted-spaces/howtos/workload-id/space-backup-config
 *       (version 1.18): "The Deployment and the service account are both {@code <release>-controller}", in the
 *       release's namespace; the chart's {@code controller.serviceAccount.annotations};</li>
 *   <li>billing: {@code billing-config.md}, service account {@code vector} in each host namespace,
 *       "{@code kubectl rollout restart deployment vector}".</li>
 * </ul>
 *
 * @param configKey        its key under {@code workloads}
 * @param title            how messages and the README name it
 * @param perControlPlane  whether it runs once per control plane (in each host namespace), or once per
 *                         Space, in the release's namespace
 * @param serviceAccount   its service account; {@value #RELEASE} stands for the release's name
 * @param annotationsPath  the Helm value (a map) that Spaces or the chart copies onto the service account
 * @param podLabelsPath    the Helm value (a map) of labels for its pods, when the chart has one
 * @param deployment       the Deployment to roll by default; {@value #RELEASE} stands for the release's name
 * @param resourcePrefix   what its Pulumi resources' names start with (none for control-plane backups,
 *                         whose names predate the others and never change)
 * @param roleResource     its role's logical name
 * @param policyName       its inline policy's name on the role
 * @param defaultRoleSuffix appended to {@code <project>-<stack>} for its role's default name; none for
 *                         control-plane backups, whose default name predates the others
 * @param roleDescription  what its role is for, in the role's description
 */
public record Workload(String configKey, String title, boolean perControlPlane, String serviceAccount,
                       List<String> annotationsPath, Optional<List<String>> podLabelsPath, String deployment,
                       String resourcePrefix, String roleResource, String policyName, String defaultRoleSuffix,
                       String roleDescription) {
    /** In {@link #serviceAccount} and {@link #deployment}: the Spaces release's name. */
    public static final String RELEASE = "<release>";

    public static final Workload CONTROL_PLANE_BACKUPS = new Workload("controlPlaneBackups", "control-plane backups",
            true, "mxp-controller", List.of("controlPlanes", "mxpController", "serviceAccount", "annotations"),
            Optional.of(List.of("controlPlanes", "mxpController", "pod", "customLabels")), "mxp-controller", "",
            "backup-role", "spaces-backup-objects", "", "mxp-controller backups of Spaces control planes");
    public static final Workload SHARED_SECRETS = new Workload("sharedSecrets", "shared secrets", true,
            "external-secrets-controller",
            List.of("controlPlanes", "sharedSecrets", "serviceAccount", "customAnnotations"),
            Optional.of(List.of("controlPlanes", "sharedSecrets", "pod", "customLabels")), "external-secrets",
            "shared-secrets-", "shared-secrets-role", "spaces-shared-secrets", "shared-secrets",
            "external-secrets-controller shared secrets of Spaces control planes");
    public static final Workload SPACE_BACKUPS = new Workload("spaceBackups", "Space backups", false,
            RELEASE + "-controller", List.of("controller", "serviceAccount", "annotations"), Optional.empty(),
            RELEASE + "-controller", "space-backups-", "space-backups-role", "spaces-space-backup-objects",
            "space-backups", "spaces-controller backups of the Space (disaster recovery)");
    public static final Workload BILLING = new Workload("billing", "billing", true, "vector",
            List.of("controlPlanes", "vector", "serviceAccount", "customAnnotations"),
            Optional.of(List.of("controlPlanes", "vector", "pod", "customLabels")), "vector", "billing-",
            "billing-role", "spaces-billing-objects", "billing", "vector billing data of Spaces control planes");

    /** Every workload, in the order the stack declares them. */
    public static final List<Workload> ALL = List.of(CONTROL_PLANE_BACKUPS, SHARED_SECRETS, SPACE_BACKUPS, BILLING);

    public Workload {
        annotationsPath = List.copyOf(annotationsPath);
        podLabelsPath = podLabelsPath.map(List::copyOf);
    }

    public static Optional<Workload> byKey(String configKey) {
        return ALL.stream().filter(w -> w.configKey.equals(configKey)).findFirst();
    }

    /** Its service account, for a release of this name. */
    public String serviceAccount(String releaseName) {
        return serviceAccount.replace(RELEASE, releaseName);
    }

    /** Its default Deployment, for a release of this name. */
    public String deployment(String releaseName) {
        return deployment.replace(RELEASE, releaseName);
    }

    /** Its role's permissions resource: the role's name and {@code -permissions}. */
    public String permissionsResource() {
        return roleResource + "-permissions";
    }

    /** The Helm path of its service-account annotations, as messages write it. */
    public String annotationsKey() {
        return String.join(".", annotationsPath);
    }

    @Override
    public String toString() {
        return configKey;
    }

    static String keys() {
        return String.join(", ", Arrays.stream(ALL.toArray(Workload[]::new)).map(Workload::configKey).toList());
    }
}
