package spacesbackupidentity.plan;

import software.amazon.awssdk.policybuilder.iam.IamPolicyWriter;
import spacesbackupidentity.settings.ControlPlane;
import spacesbackupidentity.settings.InvalidConfigException;
import spacesbackupidentity.settings.OidcProvider;
import spacesbackupidentity.settings.Settings;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Every decision the stack makes, computed from settings and the cluster's OIDC provider alone:
 * the role ARN (predicted the way IAM forms it), both policies, the Helm values and the rollout
 * digest. Declarers only turn this into resources.
 */
public record IdentityPlan(OidcProvider oidc, String roleArn, String trustPolicy, TrustPolicySize trustPolicySize,
                           String permissionsPolicy, SortedMap<String, Object> helmValues, String rolloutDigest) {

    /**
     * @throws InvalidConfigException when the trust policy is over the quota or the user's Helm
     *                                values contradict the identity values
     */
    public static IdentityPlan of(Settings settings, OidcProvider oidc) {
        var namespaces = settings.controlPlanes().stream().map(ControlPlane::namespace).toList();
        var trustPolicy = TrustPolicy.json(TrustPolicy.irsa(oidc, namespaces));
        var size = TrustPolicySize.ofIrsa(oidc, namespaces, settings.trustPolicyQuota());
        if (!size.fits()) {
            throw overQuota(settings, size);
        }
        var roleArn = roleArn(oidc, settings.role().path(), settings.role().name());
        var permissions = IamPolicyWriter.create().writeToString(
                PermissionsPolicy.forBackups(oidc.partition(), settings.backup()));
        var values = SpacesValues.merge(settings.spaces().values(),
                SpacesValues.identityOverlay(roleArn, settings.podLabels()));
        var digest = RolloutDigest.of(identityFacts(roleArn, settings));
        return new IdentityPlan(oidc, roleArn, trustPolicy, size, permissions, values, digest);
    }

    /** The ARN IAM gives a role: {@code arn:PARTITION:iam::ACCOUNT:role/PATH/NAME}. */
    public static String roleArn(OidcProvider oidc, String path, String name) {
        return "arn:" + oidc.partition() + ":iam::" + oidc.accountId() + ":role" + path + name;
    }

    /** What a pod's identity depends on; the control-plane list is not part of it. */
    static SortedMap<String, String> identityFacts(String roleArn, Settings settings) {
        var facts = new TreeMap<String, String>();
        facts.put("role-arn", roleArn);
        facts.put("service-account-annotation/" + SpacesValues.ROLE_ARN_ANNOTATION, roleArn);
        settings.podLabels().forEach((k, v) -> facts.put("pod-label/" + k, v));
        return facts;
    }

    private static InvalidConfigException overQuota(Settings settings, TrustPolicySize size) {
        var count = settings.controlPlanes().size();
        return new InvalidConfigException(List.of("controlPlanes: the IRSA trust policy for " + count
                + " control planes is " + size.size() + " characters (without whitespace), over the role"
                + " trust policy quota of " + size.quota() + " (" + Settings.QUOTA_KEY + "); " + size.controlPlanesThatFit() + " of these "
                + count + " control planes fit. Ways out: (1) ask AWS to raise the quota (Service Quotas >"
                + " IAM > 'Role trust policy length') and set " + Settings.QUOTA_KEY + " to the applied value;"
                + " (2) move to EKS Pod Identity, whose trust policy does not grow with control planes, once"
                + " this project supports it; (3) split the control planes across stacks, one role each."));
    }
}
