package spacesbackupidentity.plan;

import software.amazon.awssdk.policybuilder.iam.IamConditionOperator;
import software.amazon.awssdk.policybuilder.iam.IamEffect;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamPolicyWriter;
import software.amazon.awssdk.policybuilder.iam.IamPrincipalType;
import software.amazon.awssdk.policybuilder.iam.IamStatement;
import spacesbackupidentity.settings.ControlPlane;
import spacesbackupidentity.settings.OidcProvider;

import java.util.Collection;
import java.util.TreeSet;

/**
 * The role's trust policy: who may assume it. For IRSA, the EKS OIDC provider may, for a token
 * whose audience is STS and whose subject is the mxp-controller service account of exactly the
 * configured namespaces.
 */
public final class TrustPolicy {
    public static final String WEB_IDENTITY_ACTION = "sts:AssumeRoleWithWebIdentity";
    public static final String STS_AUDIENCE = "sts.amazonaws.com";
    private static final IamPolicyWriter COMPACT = IamPolicyWriter.create();

    private TrustPolicy() {
    }

    /** Namespaces are sorted and de-duplicated: the same set gives the same bytes in any order. */
    public static IamPolicy irsa(OidcProvider oidc, Collection<String> namespaces) {
        var subjects = new TreeSet<String>();
        namespaces.forEach(ns -> subjects.add(ControlPlane.serviceAccountSubject(ns)));
        return IamPolicy.builder()
                .addStatement(IamStatement.builder()
                        .effect(IamEffect.ALLOW)
                        .addPrincipal(IamPrincipalType.FEDERATED, oidc.arn())
                        .addAction(WEB_IDENTITY_ACTION)
                        .addCondition(IamConditionOperator.STRING_EQUALS, oidc.issuer() + ":aud", STS_AUDIENCE)
                        .addConditions(IamConditionOperator.STRING_EQUALS, oidc.issuer() + ":sub", subjects)
                        .build())
                .build();
    }

    /** Compact JSON, the form sent to IAM. */
    public static String json(IamPolicy policy) {
        return COMPACT.writeToString(policy);
    }
}
