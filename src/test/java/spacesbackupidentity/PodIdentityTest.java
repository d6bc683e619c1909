package spacesbackupidentity;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamPrincipalType;
import software.amazon.awssdk.policybuilder.iam.IamStatement;
import spacesbackupidentity.offline.OfflineCloud;
import spacesbackupidentity.plan.IdentityPlan;
import spacesbackupidentity.settings.ClusterFacts;
import spacesbackupidentity.settings.EksCluster;
import spacesbackupidentity.settings.InvalidConfigException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static spacesbackupidentity.Declared.ASSOCIATION;
import static spacesbackupidentity.Declared.PATCH;
import static spacesbackupidentity.Declared.RELEASE;
import static spacesbackupidentity.Declared.ROLE;
import static spacesbackupidentity.Declared.at;
import static spacesbackupidentity.StackConfig.id;

/** EKS Pod Identity mode, the migration mode, and the staged move from IRSA. */
class PodIdentityTest {
    static final String CLUSTER_ARN = "arn:aws:eks:us-east-1:123456789012:cluster/acme-dev";
    static final String ROLE_ARN = "arn:aws:iam::123456789012:role/spaces-backup-identity-test";

    static StackConfig mode(String mode) {
        return StackConfig.valid().identityMode(mode).set("clusterArn", CLUSTER_ARN);
    }

    static List<IamStatement> trustStatements(Declared declared) {
        return IamPolicy.fromJson((String) declared.inputs(ROLE, "backup-role").get("assumeRolePolicy")).statements();
    }

    static Map<String, String> conditions(IamStatement statement) {
        return statement.conditions().stream().collect(Collectors.toMap(c -> c.key().value(), c -> c.value(),
                (a, b) -> a + "," + b));
    }

    static Object annotations(Declared declared) {
        return at(declared.inputs(RELEASE, "spaces-release").get("values"),
                "controlPlanes", "mxpController", "serviceAccount", "annotations");
    }

    @Test
    void podIdentityTrustsTheEksServiceForThisClustersMxpController() {
        var declared = Declared.run(mode("podIdentity").remove("oidcProviderArn"));

        var statements = trustStatements(declared);
        assertThat(statements).singleElement().satisfies(statement -> {
            assertThat(statement.principals()).singleElement().satisfies(p -> {
                assertThat(p.type()).isEqualTo(IamPrincipalType.SERVICE);
                assertThat(p.id()).isEqualTo("pods.eks.amazonaws.com");
            });
            assertThat(statement.actions()).extracting(a -> a.value())
                    .containsExactly("sts:AssumeRole", "sts:TagSession");
            assertThat(conditions(statement)).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "aws:RequestTag/eks-cluster-arn", CLUSTER_ARN,
                    "aws:RequestTag/kubernetes-service-account", "mxp-controller"));
            assertThat(statement.conditions()).allSatisfy(c -> assertThat(c.operator().value()).isEqualTo("StringEquals"));
        });
        assertThat(declared.output("roleArn")).isEqualTo(ROLE_ARN);
        assertThat(declared.output("identityMode")).isEqualTo("podIdentity");
        assertThat(declared.output("remainingControlPlanes")).isEqualTo(5000 - 3);
    }

    /** Only IRSA's wait compares the service account's annotation with the ARN; IAM's '=' is fine here. */
    @Test
    void aRoleNameWithAnEqualsSignIsAcceptedWithoutIrsa() {
        var declared = Declared.run(mode("podIdentity").remove("oidcProviderArn")
                .json("role", Map.of("name", "spaces=backups")));

        assertThat(declared.output("roleArn")).isEqualTo(ROLE_ARN.replaceAll("role/.*", "role/spaces=backups"));
    }

    @Test
    void oneAssociationPerNamespaceBindsMxpControllerToTheRole() {
        var declared = Declared.run(mode("podIdentity"));

        assertThat(declared.inputsByName(ASSOCIATION)).containsOnlyKeys(
                "pod-identity-default/ctp-0", "pod-identity-default/ctp-2", "pod-identity-team-a/ctp-1");
        assertThat(declared.inputs(ASSOCIATION, "pod-identity-team-a/ctp-1")).isEqualTo(Map.of(
                "clusterName", "acme-dev",
                "namespace", "mxp-" + id(1) + "-system",
                "serviceAccount", "mxp-controller",
                "roleArn", ROLE_ARN));
    }

    @Test
    void irsaCreatesNoAssociations() {
        assertThat(Declared.run(StackConfig.valid()).all(ASSOCIATION)).isEmpty();
        assertThat(Declared.run(mode("irsa")).all(ASSOCIATION)).isEmpty();
    }

    @Test
    void podIdentitySetsNoRoleAnnotationAndEachRolloutWaitsForItsAssociation() {
        var declared = Declared.run(mode("podIdentity").json("podLabels", Map.of("team", "platform")));

        assertThat(annotations(declared)).isNull();
        assertThat(at(declared.inputs(RELEASE, "spaces-release").get("values"), "controlPlanes", "mxpController",
                "pod", "customLabels")).isEqualTo(Map.of("team", "platform"));
        assertThat(declared.options(PATCH, "rollout-team-a/ctp-1").dependencies()).containsExactly("backup-role",
                "backup-role-permissions", "pod-identity-team-a/ctp-1", "service-account-identity-team-a/ctp-1",
                "spaces-release");
    }

    @Test
    void aRoleAnnotationLeftInTheValuesIsAnErrorInPodIdentityMode() {
        var config = mode("podIdentity").json("spaces", Map.of("version", "1.14.1", "values", Map.of("controlPlanes",
                Map.of("mxpController", Map.of("serviceAccount", Map.of("annotations",
                        Map.of("eks.amazonaws.com/role-arn", ROLE_ARN)))))));
        var result = StackRun.of(config);

        assertThat(result.error()).get().extracting(Throwable::getMessage).asString().contains("spaces.values:"
                + " controlPlanes.mxpController.serviceAccount.annotations[\"eks.amazonaws.com/role-arn\"] is set to '"
                + ROLE_ARN + "'; identity.mode podIdentity binds the role through Pod Identity associations and sets"
                + " no role annotation, so remove it");
        assertThat(result.registrations()).isEmpty();
    }

    @Test
    void bothTrustsBothWaysKeepsTheAnnotationAndCreatesTheAssociations() {
        var declared = Declared.run(mode("both"));

        var statements = trustStatements(declared);
        assertThat(statements).hasSize(2);
        assertThat(statements.get(0).principals()).extracting(p -> p.type()).containsExactly(IamPrincipalType.FEDERATED);
        assertThat(statements.get(1).principals()).extracting(p -> p.id()).containsExactly("pods.eks.amazonaws.com");
        assertThat(annotations(declared)).isEqualTo(Map.of("eks.amazonaws.com/role-arn", ROLE_ARN));
        assertThat(declared.all(ASSOCIATION)).hasSize(3);
        // The Pod Identity statement takes room the IRSA subjects had: 12 more instead of 15.
        assertThat(declared.output("remainingControlPlanes")).isEqualTo(12);
    }

    @Test
    void theDigestReflectsTheMode() {
        var digests = List.of("irsa", "both", "podIdentity").stream()
                .map(m -> Declared.run(mode(m)).output("identityDigest")).toList();

        assertThat(digests).doesNotHaveDuplicates();
    }

    /**
     * README's migration: irsa, then both, then podIdentity. Each step changes exactly what README
     * says, and every controller rolls once per step.
     */
    @Test
    void theStagedMigrationChangesExactlyWhatReadmeSays() {
        var irsa = Declared.run(mode("irsa"));
        var both = Declared.run(mode("both"));
        var podIdentity = Declared.run(mode("podIdentity"));

        // irsa -> both: the trust policy gains the Pod Identity statement, the associations appear, the
        // release (and its annotation) stays as it is, and every mxp-controller rolls once.
        assertThat(trustStatements(both)).startsWith(trustStatements(irsa).get(0)).hasSize(2);
        assertThat(irsa.all(ASSOCIATION)).isEmpty();
        assertThat(both.all(ASSOCIATION)).hasSize(3);
        assertThat(both.inputs(RELEASE, "spaces-release")).isEqualTo(irsa.inputs(RELEASE, "spaces-release"));
        assertEveryRolloutChanged(irsa, both);
        assertThat(both.inputs(ROLE, "backup-role").get("name")).isEqualTo(irsa.inputs(ROLE, "backup-role").get("name"));

        // both -> podIdentity: the IRSA statement goes, the associations stay as they are, the annotation
        // leaves the release, and every mxp-controller rolls once more.
        assertThat(trustStatements(podIdentity)).containsExactly(trustStatements(both).get(1));
        assertThat(podIdentity.inputsByName(ASSOCIATION)).isEqualTo(both.inputsByName(ASSOCIATION));
        assertThat(annotations(podIdentity)).isNull();
        assertThat(annotations(both)).isNotNull();
        assertEveryRolloutChanged(both, podIdentity);
    }

    static void assertEveryRolloutChanged(Declared before, Declared after) {
        assertThat(after.inputsByName(PATCH).keySet()).isEqualTo(before.inputsByName(PATCH).keySet());
        after.inputsByName(PATCH).forEach((name, inputs) -> assertThat(StackTest.digestIn(inputs)).as(name)
                .isNotEqualTo(StackTest.digestIn(before.inputs(PATCH, name))));
    }

    @Test
    void aThousandControlPlanesInPodIdentityModeEvaluateAndPassThePreflight() {
        var one = Declared.run(mode("podIdentity").controlPlanes(StackConfig.controlPlanes(1)));
        var thousand = Declared.run(mode("podIdentity").controlPlanes(StackConfig.controlPlanes(1000)));

        assertThat(thousand.all(ASSOCIATION)).hasSize(1000);
        assertThat(thousand.all(PATCH)).hasSize(1000);
        assertThat(thousand.output("trustPolicySize")).isEqualTo(one.output("trustPolicySize"));
        assertThat((Integer) thousand.output("trustPolicySize")).isLessThan(2048);
        assertThat(thousand.output("remainingControlPlanes")).isEqualTo(4000);
    }

    @Test
    void moreControlPlanesThanTheClusterHoldsAssociationsIsRejected() {
        var settings = mode("podIdentity").controlPlanes(StackConfig.controlPlanes(5001)).settings();
        var facts = new ClusterFacts(Optional.empty(), Optional.of(EksCluster.fromArn("clusterArn", CLUSTER_ARN)),
                Optional.empty());

        assertThatThrownBy(() -> IdentityPlan.of(settings, facts)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("controlPlanes: 5001 control planes need 5001 Pod Identity associations in"
                        + " cluster 'acme-dev', but EKS supports up to 5000 per cluster (not adjustable in Service"
                        + " Quotas)");
        var atLimit = mode("podIdentity").controlPlanes(StackConfig.controlPlanes(5000)).settings();
        var plan = IdentityPlan.of(atLimit, facts);
        assertThat(plan.remainingControlPlanes(plan.workloads().get(0))).contains(0);
    }

    @Test
    void aClusterNameWithTheOidcProviderGivesTheClusterArn() {
        var declared = Declared.run(StackConfig.valid().identityMode("podIdentity")
                .set("clusterName", "acme-dev"));

        assertThat(conditions(trustStatements(declared).get(0)))
                .containsEntry("aws:RequestTag/eks-cluster-arn", "arn:aws:eks:us-east-1:123456789012:cluster/acme-dev");
    }

    @Test
    void clusterFactsComeFromTheClusterStack() {
        var config = StackConfig.valid().fromClusterStack().identityMode("both");
        var fromArn = new Declared(StackRun.of(config, Map.of("oidcProviderArn", StackConfig.OIDC_ARN,
                "clusterArn", CLUSTER_ARN, "kubeconfig", StackConfig.KUBECONFIG), List.of()));
        var fromName = new Declared(StackRun.of(config, Map.of("oidcProviderArn", StackConfig.OIDC_ARN,
                "clusterName", "acme-dev", "kubeconfig", StackConfig.KUBECONFIG), List.of()));

        assertThat(fromArn.inputs(ROLE, "backup-role")).isEqualTo(fromName.inputs(ROLE, "backup-role"));
        assertThat(fromName.inputs(ASSOCIATION, "pod-identity-default/ctp-0")).containsEntry("clusterName", "acme-dev");
    }

    @Test
    void aClusterStackWithoutTheClusterIsReportedByName() {
        var config = StackConfig.valid().fromClusterStack().identityMode("podIdentity");
        var result = StackRun.of(config, Map.of("kubeconfig", StackConfig.KUBECONFIG), List.of());

        assertThat(result.error()).get().extracting(Throwable::getMessage).asString().contains("clusterStack:"
                + " 'acme/eks-cluster/dev' has no output 'clusterArn'; set clusterStackOutputs.clusterArn to the name of"
                + " the output that holds it, or set clusterArn in this stack's config (or clusterName, with an OIDC"
                + " provider to derive the ARN from)");
        assertThat(result.registrations()).extracting(r -> r.type()).containsExactly(OfflineCloud.STACK_REFERENCE);
    }

    @Test
    void badModesAndMissingClustersAreRejectedWithTheirMessages() {
        record Case(StackConfig config, String message) {
        }
        var cases = List.of(
                new Case(StackConfig.valid().identityMode("pod-identity"),
                        "identity.mode: 'pod-identity' is not an identity mode; expected one of irsa, podIdentity, both"),
                new Case(StackConfig.valid().identityMode("IRSA"),
                        "identity.mode: 'IRSA' is not an identity mode"),
                new Case(StackConfig.valid().identityMode("podIdentity").remove("oidcProviderArn"),
                        "clusterArn: required for identity.mode podIdentity when clusterStack is not set; the EKS"
                                + " cluster's ARN (arn:aws:eks:REGION:ACCOUNT:cluster/NAME), or clusterName together"
                                + " with oidcProviderArn"),
                new Case(StackConfig.valid().identityMode("both").remove("oidcProviderArn")
                                .set("clusterArn", CLUSTER_ARN),
                        "oidcProviderArn: required for identity.mode both when clusterStack is not set"),
                new Case(StackConfig.valid().identityMode("podIdentity").remove("oidcProviderArn")
                                .set("clusterName", "acme-dev"),
                        "clusterName: set without clusterArn or oidcProviderArn, so the cluster's ARN is unknown; set"
                                + " clusterArn"),
                new Case(mode("podIdentity").set("clusterArn", "arn:aws:eks:us-east-1:123456789012:nodegroup/x"),
                        "clusterArn: 'arn:aws:eks:us-east-1:123456789012:nodegroup/x' is not an EKS cluster ARN"),
                new Case(mode("podIdentity").set("clusterName", "acme-prod"),
                        "clusterName: 'acme-prod' is not the cluster clusterArn names ('acme-dev')"),
                new Case(mode("both").set("clusterArn", "arn:aws:eks:us-east-1:210987654321:cluster/acme-dev"),
                        "clusterArn: 'arn:aws:eks:us-east-1:210987654321:cluster/acme-dev' is in account 210987654321,"
                                + " but the OIDC provider is in account 123456789012"));
        for (var c : cases) {
            var result = StackRun.of(c.config());
            assertThat(result.error()).as(c.message()).get().isInstanceOf(InvalidConfigException.class)
                    .extracting(Throwable::getMessage).asString().contains(c.message());
            assertThat(result.registrations()).as(c.message()).isEmpty();
        }
    }
}
