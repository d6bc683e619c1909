package spacesbackupidentity.plan;

import spacesbackupidentity.settings.IdentityMode;

import java.util.Optional;

/**
 * What a control plane's {@code mxp-controller} service account must say before its pods restart.
 * The EKS pod identity webhook reads the service account when a pod is created and never again
 * (Upbound's guide: verify the service account carries the annotation, then restart the pod;
 * upbound/docs 61fd2cb, self-hosted-spaces-docs/howtos/workload-id/backup-restore-config.md), and
 * Spaces, not this stack, writes the Helm value
 * {@code controlPlanes.mxpController.serviceAccount.annotations} onto each control plane's service
 * account, at a time no Upbound document gives (not observed here: the real tier's Spaces is a
 * stand-in). So a rollout waits until the service account says it: with IRSA, the role-ARN annotation naming this
 * stack's role; with Pod Identity alone, no such annotation, so that no pod keeps IRSA credentials
 * the trust policy no longer accepts.
 * <p>
 * The condition is the Kubernetes provider's {@code pulumi.com/waitFor} annotation, JSONPath as RFC
 * 9535 reads it (pulumi-kubernetes 4.24.0 and later, provider/pkg/jsonpath): a key with dots and a
 * slash in brackets, compared as text; absence as a filter on the object's children that selects
 * {@code metadata} only while it lacks the key.
 *
 * @param waitFor the provider's {@code pulumi.com/waitFor} value
 * @param roleArn the role ARN the annotation must name; empty when the annotation must be absent
 */
public record ServiceAccountIdentity(String waitFor, Optional<String> roleArn) {
    /** The Kubernetes provider's annotation that holds the condition. */
    public static final String WAIT_FOR_ANNOTATION = "pulumi.com/waitFor";
    /** The Kubernetes provider's annotation that bounds the wait, in seconds. */
    public static final String TIMEOUT_ANNOTATION = "pulumi.com/timeoutSeconds";
    static final String KEY = "['" + SpacesValues.ROLE_ARN_ANNOTATION + "']";
    private static final String CARRIES = "jsonpath={.metadata.annotations" + KEY + "}=";
    private static final String LACKS = "jsonpath={$[?@.name && !@.annotations" + KEY + "].name}";

    static ServiceAccountIdentity of(IdentityMode mode, String roleArn) {
        return mode.usesIrsa() ? new ServiceAccountIdentity(CARRIES + roleArn, Optional.of(roleArn))
                : new ServiceAccountIdentity(LACKS, Optional.empty());
    }

    /**
     * The identity a rendered condition waits for, read back as {@link #of} wrote it (the summary
     * reads renders, including older ones given with {@code --against}); empty for a condition of
     * another shape.
     */
    public static Optional<ServiceAccountIdentity> ofWaitFor(String waitFor) {
        if (waitFor.equals(LACKS)) {
            return Optional.of(new ServiceAccountIdentity(waitFor, Optional.empty()));
        }
        if (waitFor.startsWith(CARRIES) && waitFor.length() > CARRIES.length()) {
            return Optional.of(new ServiceAccountIdentity(waitFor, Optional.of(waitFor.substring(CARRIES.length()))));
        }
        return Optional.empty();
    }
}
