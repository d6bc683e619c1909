package spacesbackupidentity.plan;

import spacesbackupidentity.settings.ControlPlane;

import java.util.Optional;

/**
 * Where one copy of a workload runs: a control plane's host namespace, or, for a workload that runs
 * once per Space, the Spaces release's namespace.
 */
public record Target(Optional<ControlPlane> controlPlane, String namespace) {
    public static Target of(ControlPlane controlPlane) {
        return new Target(Optional.of(controlPlane), controlPlane.namespace());
    }

    public static Target space(String releaseNamespace) {
        return new Target(Optional.empty(), releaseNamespace);
    }

    /** What a resource name adds for it: {@code -<group>/<name>}, or nothing for the Space's one copy. */
    String nameSuffix() {
        return controlPlane.map(cp -> "-" + cp.label()).orElse("");
    }

    /** How messages name it: the control plane, or the Space. */
    public String label() {
        return controlPlane.map(ControlPlane::label).orElse("the Space");
    }
}
