package spacesbackupidentity.plan;

import spacesbackupidentity.settings.IdentityMode;

/**
 * What a control plane's {@code mxp-controller} service account must say before its pods restart.
 * The EKS pod identity webhook reads the service account when a pod is created and never again
 * (Upbound's workload-identity guide, https://docs.upbound.io/self-hosted-spaces/howtos/workload-id/backup-restore-config/:
 * set the value, check the service account, then "You must manually restart a workload's pod"), and
 * Spaces, not this stack, writes the Helm value {@code controlPlanes.mxpController.serviceAccount.annotations}
 * onto each control plane's service account, by a mechanism and on a schedule not observed here and
 * given by no Upbound document. So
 * a rollout waits until the service account says it: with IRSA, the role-ARN annotation naming this
 * stack's role; with Pod Identity alone, no such annotation, so that no pod keeps IRSA credentials
 * the trust policy no longer accepts.
 * <p>
 * The condition is the Kubernetes provider's {@code pulumi.com/waitFor} annotation, JSONPath as RFC
 * 9535 reads it (pulumi-kubernetes 4.24.0 and later, provider/pkg/jsonpath): a key with dots and a
 * slash in brackets, compared as text; absence as a filter on the object's children that selects
 * {@code metadata} only while it lacks the key.
 *
 * @param waitFor     the provider's {@code pulumi.com/waitFor} value
 * @param description what the service account must carry, in words, for messages and the render
 */
public record ServiceAccountIdentity(String waitFor, String description) {
    static final String KEY = "['" + SpacesValues.ROLE_ARN_ANNOTATION + "']";

    static ServiceAccountIdentity of(IdentityMode mode, String roleArn) {
        if (mode.usesIrsa()) {
            return new ServiceAccountIdentity("jsonpath={.metadata.annotations" + KEY + "}=" + roleArn,
                    "the annotation " + SpacesValues.ROLE_ARN_ANNOTATION + ": " + roleArn);
        }
        return new ServiceAccountIdentity("jsonpath={$[?@.name && !@.annotations" + KEY + "].name}",
                "no " + SpacesValues.ROLE_ARN_ANNOTATION + " annotation");
    }
}
