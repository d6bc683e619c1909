package spacesbackupidentity.plan;

import software.amazon.awssdk.policybuilder.iam.IamConditionOperator;
import software.amazon.awssdk.policybuilder.iam.IamEffect;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamPolicyWriter;
import software.amazon.awssdk.policybuilder.iam.IamPrincipalType;
import software.amazon.awssdk.policybuilder.iam.IamStatement;
import spacesbackupidentity.settings.ControlPlane;
import spacesbackupidentity.settings.EksCluster;
import spacesbackupidentity.settings.IdentityMode;
import spacesbackupidentity.settings.OidcProvider;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The role's trust policy: who may assume it. IRSA trusts the EKS OIDC provider for a token
 * whose audience is STS and whose subject is the mxp-controller service account of exactly the
 * configured namespaces, so it grows with every control plane. EKS Pod Identity trusts the EKS
 * service for sessions tagged with this cluster and the mxp-controller service account, so it
 * stays the same size however many control planes there are.
 */
public final class TrustPolicy {
    public static final String WEB_IDENTITY_ACTION = "sts:AssumeRoleWithWebIdentity";
    public static final String STS_AUDIENCE = "sts.amazonaws.com";
    public static final String POD_IDENTITY_SERVICE = "pods.eks.amazonaws.com";
    public static final List<String> POD_IDENTITY_ACTIONS = List.of("sts:AssumeRole", "sts:TagSession");
    public static final String CLUSTER_ARN_TAG = "aws:RequestTag/eks-cluster-arn";
    public static final String SERVICE_ACCOUNT_TAG = "aws:RequestTag/kubernetes-service-account";
    private static final IamPolicyWriter COMPACT = IamPolicyWriter.create();

    private TrustPolicy() {
    }

    /** The statements the mode needs, IRSA's first. */
    public static IamPolicy forMode(IdentityMode mode, OidcProvider oidc, EksCluster cluster,
                                    Collection<String> namespaces) {
        var statements = new ArrayList<IamStatement>();
        if (mode.usesIrsa()) {
            statements.add(irsaStatement(oidc, namespaces));
        }
        if (mode.usesPodIdentity()) {
            statements.add(podIdentityStatement(cluster));
        }
        return IamPolicy.builder().statements(statements).build();
    }

    /** Namespaces are sorted and de-duplicated: the same set gives the same bytes in any order. */
    public static IamPolicy irsa(OidcProvider oidc, Collection<String> namespaces) {
        return IamPolicy.builder().addStatement(irsaStatement(oidc, namespaces)).build();
    }

    private static IamStatement irsaStatement(OidcProvider oidc, Collection<String> namespaces) {
        var subjects = new TreeSet<String>();
        namespaces.forEach(ns -> subjects.add(ControlPlane.serviceAccountSubject(ns)));
        return IamStatement.builder()
                .effect(IamEffect.ALLOW)
                .addPrincipal(IamPrincipalType.FEDERATED, oidc.arn())
                .addAction(WEB_IDENTITY_ACTION)
                .addCondition(IamConditionOperator.STRING_EQUALS, oidc.issuer() + ":aud", STS_AUDIENCE)
                .addConditions(IamConditionOperator.STRING_EQUALS, oidc.issuer() + ":sub", subjects)
                .build();
    }

    /** Session tags EKS Pod Identity always sets pin the cluster and the service account. */
    private static IamStatement podIdentityStatement(EksCluster cluster) {
        return IamStatement.builder()
                .effect(IamEffect.ALLOW)
                .addPrincipal(IamPrincipalType.SERVICE, POD_IDENTITY_SERVICE)
                .actionIds(POD_IDENTITY_ACTIONS)
                .addCondition(IamConditionOperator.STRING_EQUALS, CLUSTER_ARN_TAG, cluster.arn())
                .addCondition(IamConditionOperator.STRING_EQUALS, SERVICE_ACCOUNT_TAG, ControlPlane.SERVICE_ACCOUNT)
                .build();
    }

    /** Compact JSON, the form sent to IAM. */
    public static String json(IamPolicy policy) {
        return COMPACT.writeToString(policy);
    }
}
