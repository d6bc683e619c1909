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
import java.util.Optional;
import java.util.TreeSet;

/**
 * A role's trust policy: who may assume it. IRSA trusts the EKS OIDC provider for a token
 * whose audience is STS and whose subject is the workload's service account (mxp-controller for
 * control-plane backups) of exactly the configured namespaces, so it grows with every control plane.
 * EKS Pod Identity trusts the EKS service for sessions tagged with this cluster and that service
 * account, so it stays the same size however many control planes there are. Each workload's role
 * names its own service account only, so no role trusts another workload's pods.
 */
public final class TrustPolicy {
    public static final String WEB_IDENTITY_ACTION = "sts:AssumeRoleWithWebIdentity";
    public static final String STS_AUDIENCE = "sts.amazonaws.com";
    public static final String POD_IDENTITY_SERVICE = "pods.eks.amazonaws.com";
    public static final List<String> POD_IDENTITY_ACTIONS = List.of("sts:AssumeRole", "sts:TagSession");
    public static final String CLUSTER_ARN_TAG = "aws:RequestTag/eks-cluster-arn";
    public static final String SERVICE_ACCOUNT_TAG = "aws:RequestTag/kubernetes-service-account";
    public static final String NAMESPACE_TAG = "aws:RequestTag/kubernetes-namespace";
    private static final IamPolicyWriter COMPACT = IamPolicyWriter.create();

    private TrustPolicy() {
    }

    /** The statements the mode needs for mxp-controller, IRSA's first. */
    public static IamPolicy forMode(IdentityMode mode, OidcProvider oidc, EksCluster cluster,
                                    Collection<String> namespaces) {
        return forMode(mode, oidc, cluster, ControlPlane.SERVICE_ACCOUNT, namespaces, Optional.empty());
    }

    /**
     * The statements the mode needs for one workload's service account in these namespaces, IRSA's
     * first.
     *
     * @param podIdentityNamespace the one namespace the workload runs in, when it runs in one only (the
     *                             Space's): Pod Identity's session tag {@value #NAMESPACE_TAG} is pinned
     *                             to it. A workload of every control plane runs in namespaces that grow
     *                             with them, which its associations name instead: listing them here
     *                             would cost the constant size Pod Identity is chosen for.
     */
    public static IamPolicy forMode(IdentityMode mode, OidcProvider oidc, EksCluster cluster, String serviceAccount,
                                    Collection<String> namespaces, Optional<String> podIdentityNamespace) {
        var statements = new ArrayList<IamStatement>();
        if (mode.usesIrsa()) {
            statements.add(irsaStatement(oidc, serviceAccount, namespaces));
        }
        if (mode.usesPodIdentity()) {
            statements.add(podIdentityStatement(cluster, serviceAccount, podIdentityNamespace));
        }
        return IamPolicy.builder().statements(statements).build();
    }

    /** Namespaces are sorted and de-duplicated: the same set gives the same bytes in any order. */
    public static IamPolicy irsa(OidcProvider oidc, Collection<String> namespaces) {
        return IamPolicy.builder().addStatement(irsaStatement(oidc, ControlPlane.SERVICE_ACCOUNT, namespaces)).build();
    }

    /** The token subject of a service account: {@code system:serviceaccount:<namespace>:<name>}. */
    public static String subject(String namespace, String serviceAccount) {
        return "system:serviceaccount:" + namespace + ":" + serviceAccount;
    }

    private static IamStatement irsaStatement(OidcProvider oidc, String serviceAccount, Collection<String> namespaces) {
        var subjects = new TreeSet<String>();
        namespaces.forEach(ns -> subjects.add(subject(ns, serviceAccount)));
        return IamStatement.builder()
                .effect(IamEffect.ALLOW)
                .addPrincipal(IamPrincipalType.FEDERATED, oidc.arn())
                .addAction(WEB_IDENTITY_ACTION)
                .addCondition(IamConditionOperator.STRING_EQUALS, oidc.issuer() + ":aud", STS_AUDIENCE)
                .addConditions(IamConditionOperator.STRING_EQUALS, oidc.issuer() + ":sub", subjects)
                .build();
    }

    /**
     * Session tags EKS Pod Identity always sets pin the cluster, the service account and, for a
     * workload of one namespace, that namespace (Amazon EKS User Guide, "Define permissions for EKS
     * Pod Identities to assume roles based on tags": eks-cluster-arn, kubernetes-namespace,
     * kubernetes-service-account, among others).
     */
    private static IamStatement podIdentityStatement(EksCluster cluster, String serviceAccount,
                                                     Optional<String> namespace) {
        var statement = IamStatement.builder()
                .effect(IamEffect.ALLOW)
                .addPrincipal(IamPrincipalType.SERVICE, POD_IDENTITY_SERVICE)
                .actionIds(POD_IDENTITY_ACTIONS)
                .addCondition(IamConditionOperator.STRING_EQUALS, CLUSTER_ARN_TAG, cluster.arn());
        namespace.ifPresent(ns -> statement.addCondition(IamConditionOperator.STRING_EQUALS, NAMESPACE_TAG, ns));
        return statement.addCondition(IamConditionOperator.STRING_EQUALS, SERVICE_ACCOUNT_TAG, serviceAccount).build();
    }

    /** Compact JSON, the form sent to IAM. */
    public static String json(IamPolicy policy) {
        return COMPACT.writeToString(policy);
    }
}
