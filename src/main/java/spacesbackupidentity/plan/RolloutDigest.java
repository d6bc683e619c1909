package spacesbackupidentity.plan;

import spacesbackupidentity.digest.Sha256;

import java.util.Map;
import java.util.TreeMap;

/**
 * A digest of what an mxp-controller pod's identity depends on. The EKS webhook injects
 * credentials only when a pod is created, so the pod template carries this digest: when it
 * changes, the Deployment rolls; when it does not, nothing happens. Never a timestamp, which
 * would roll every controller on every {@code pulumi up}.
 */
public final class RolloutDigest {
    /** The pod-template annotation that carries the digest. */
    public static final String ANNOTATION = "spaces-backup-identity/identity-digest";

    private RolloutDigest() {
    }

    /** SHA-256 over {@code name=value} lines in name order, as lowercase hex. */
    public static String of(Map<String, String> identityFacts) {
        var canonical = new StringBuilder();
        new TreeMap<>(identityFacts).forEach((k, v) -> canonical.append(k).append('=').append(v).append('\n'));
        return Sha256.hex(canonical.toString());
    }
}
