package spacesbackupidentity.settings;

import java.util.Comparator;

/**
 * One Spaces control plane: its group and name (unique together, not alone) and the host
 * namespace where Spaces runs its {@code mxp-controller}.
 */
public record ControlPlane(String group, String name, String namespace) {
    public static final String SERVICE_ACCOUNT = "mxp-controller";
    public static final Comparator<ControlPlane> BY_GROUP_AND_NAME =
            Comparator.comparing(ControlPlane::group).thenComparing(ControlPlane::name);

    /** Spaces' default host namespace for a control plane ID. */
    public static String namespaceFor(String controlPlaneId) {
        return "mxp-" + controlPlaneId + "-system";
    }

    /** The Kubernetes service-account subject that EKS puts into the web identity token. */
    public static String serviceAccountSubject(String namespace) {
        return "system:serviceaccount:" + namespace + ":" + SERVICE_ACCOUNT;
    }

    public String subject() {
        return serviceAccountSubject(namespace);
    }

    /** How messages and resource names refer to it: group and name together. */
    public String label() {
        return group + "/" + name;
    }
}
