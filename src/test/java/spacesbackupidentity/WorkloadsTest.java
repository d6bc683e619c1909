package spacesbackupidentity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamStatement;
import spacesbackupidentity.settings.InvalidConfigException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static spacesbackupidentity.Declared.ASSOCIATION;
import static spacesbackupidentity.Declared.PATCH;
import static spacesbackupidentity.Declared.RELEASE;
import static spacesbackupidentity.Declared.ROLE;
import static spacesbackupidentity.Declared.ROLE_POLICY;
import static spacesbackupidentity.Declared.SERVICE_ACCOUNT_PATCH;
import static spacesbackupidentity.Declared.at;
import static spacesbackupidentity.StackConfig.id;

/**
 * Every workload in every identity mode, under mocks, as {@code pulumi up} declares them: one role
 * each, trusting only its own service account where it runs and allowed only its own work; its own
 * Helm values; its own waits, associations and rollouts, each depending on its own role only.
 */
class WorkloadsTest {
    static final String CLUSTER_ARN = "arn:aws:eks:us-east-1:123456789012:cluster/acme-dev";
    static final String ACCOUNT = StackConfig.ACCOUNT;
    static final String SPACE_BACKUP_CONFIG = "kubernetes:admin.spaces.upbound.io/v1alpha1:SpaceBackupConfig";
    static final String STATEFUL_SET_PATCH = "kubernetes:apps/v1:StatefulSetPatch";
    static final List<String> CONTROL_PLANE_NAMESPACES = List.of("mxp-" + id(0) + "-system", "mxp-" + id(1) + "-system",
            "mxp-" + id(2) + "-system");

    /** One workload as the tests expect it: its role's resource and name, service account, namespaces, rollouts. */
    record Expected(String key, String roleResource, String roleName, String serviceAccount, List<String> namespaces,
                    String deployment, String prefix, List<String> annotationsPath) {
        String roleArn() {
            return "arn:aws:iam::" + ACCOUNT + ":role/" + roleName;
        }

        /** Resource names with a per-target suffix: one per control plane, or the Space's one. */
        List<String> names(String what) {
            if (namespaces.size() == 1) {
                return List.of(prefix + what);
            }
            return List.of(prefix + what + "-default/ctp-0", prefix + what + "-default/ctp-2",
                    prefix + what + "-team-a/ctp-1");
        }
    }

    static final Expected BACKUPS = new Expected("controlPlaneBackups", "backup-role", "spaces-backup-identity-test",
            "mxp-controller", CONTROL_PLANE_NAMESPACES, "mxp-controller", "",
            List.of("controlPlanes", "mxpController", "serviceAccount", "annotations"));
    static final Expected SECRETS = new Expected("sharedSecrets", "shared-secrets-role",
            "spaces-backup-identity-test-shared-secrets", "external-secrets-controller", CONTROL_PLANE_NAMESPACES,
            "external-secrets", "shared-secrets-",
            List.of("controlPlanes", "sharedSecrets", "serviceAccount", "customAnnotations"));
    static final Expected SPACE = new Expected("spaceBackups", "space-backups-role",
            "spaces-backup-identity-test-space-backups", "spaces-controller", List.of("upbound-system"),
            "spaces-controller", "space-backups-", List.of("controller", "serviceAccount", "annotations"));
    static final Expected BILLING = new Expected("billing", "billing-role", "spaces-backup-identity-test-billing",
            "vector", CONTROL_PLANE_NAMESPACES, "vector", "billing-",
            List.of("controlPlanes", "vector", "serviceAccount", "customAnnotations"));
    static final List<Expected> ALL = List.of(BACKUPS, SECRETS, SPACE, BILLING);

    static Map<String, Object> allWorkloads() {
        var workloads = new LinkedHashMap<String, Object>();
        workloads.put("sharedSecrets", true);
        workloads.put("spaceBackups", Map.of("bucket", "acme-space-backups", "prefix", "space"));
        workloads.put("billing", Map.of("bucket", "acme-billing"));
        return workloads;
    }

    /** All four workloads, in an identity mode. */
    static StackConfig allFour(String mode) {
        var config = StackConfig.valid().json("workloads", allWorkloads());
        return mode.equals("irsa") ? config : config.identityMode(mode).set("clusterArn", CLUSTER_ARN);
    }

    static List<IamStatement> statements(String policy) {
        return IamPolicy.fromJson(policy).statements();
    }

    static String trust(Declared declared, Expected workload) {
        return (String) declared.inputs(ROLE, workload.roleResource()).get("assumeRolePolicy");
    }

    static String permissions(Declared declared, Expected workload) {
        return (String) declared.inputs(ROLE_POLICY, workload.roleResource() + "-permissions").get("policy");
    }

    /** Condition values by key, of every statement. */
    static Map<String, Set<String>> conditions(String policy) {
        var result = new java.util.TreeMap<String, Set<String>>();
        for (var statement : statements(policy)) {
            statement.conditions().forEach(c -> result.computeIfAbsent(c.key().value(), k -> new TreeSet<>())
                    .add(c.value()));
        }
        return result;
    }

    @ParameterizedTest
    @ValueSource(strings = {"irsa", "podIdentity", "both"})
    void eachWorkloadHasOneRoleWhoseTrustAdmitsOnlyItsOwnServiceAccount(String mode) {
        var declared = Declared.run(allFour(mode));

        assertThat(declared.inputsByName(ROLE)).containsOnlyKeys("backup-role", "shared-secrets-role",
                "space-backups-role", "billing-role");
        for (var workload : ALL) {
            var trust = trust(declared, workload);
            assertThat(declared.inputs(ROLE, workload.roleResource()).get("name")).isEqualTo(workload.roleName());
            var conditions = conditions(trust);
            var subjects = conditions.entrySet().stream().filter(e -> e.getKey().endsWith(":sub"))
                    .flatMap(e -> e.getValue().stream()).collect(Collectors.toCollection(TreeSet::new));
            if (mode.equals("podIdentity")) {
                assertThat(subjects).as(workload.key()).isEmpty();
            } else {
                assertThat(subjects).as(workload.key()).containsExactlyInAnyOrderElementsOf(workload.namespaces().stream()
                        .map(ns -> "system:serviceaccount:" + ns + ":" + workload.serviceAccount()).toList());
            }
            if (mode.equals("irsa")) {
                assertThat(conditions).as(workload.key()).doesNotContainKey("aws:RequestTag/kubernetes-service-account");
            } else {
                assertThat(conditions.get("aws:RequestTag/kubernetes-service-account")).as(workload.key())
                        .containsExactly(workload.serviceAccount());
                assertThat(conditions.get("aws:RequestTag/eks-cluster-arn")).containsExactly(CLUSTER_ARN);
                // The Space's controller runs in one namespace, which its trust pins; control planes' grow.
                if (workload == SPACE) {
                    assertThat(conditions.get("aws:RequestTag/kubernetes-namespace")).containsExactly("upbound-system");
                } else {
                    assertThat(conditions).doesNotContainKey("aws:RequestTag/kubernetes-namespace");
                }
            }
            for (var other : ALL) {
                if (other != workload) {
                    assertThat(trust).as(workload.key() + " names " + other.serviceAccount())
                            .doesNotContain(":" + other.serviceAccount() + "\"")
                            .doesNotContain("\"" + other.serviceAccount() + "\"");
                }
            }
        }
    }

    @Test
    void eachRoleMayDoItsOwnWorkOnly() {
        var declared = Declared.run(allFour("irsa"));

        assertThat(permissions(declared, BACKUPS)).isEqualTo("{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Sid\":\"ListBackups\",\"Effect\":\"Allow\",\"Action\":\"s3:ListBucket\","
                + "\"Resource\":\"arn:aws:s3:::acme-spaces-backups\"},"
                + "{\"Sid\":\"ReadWriteBackups\",\"Effect\":\"Allow\",\"Action\":[\"s3:DeleteObject\",\"s3:GetObject\","
                + "\"s3:PutObject\"],\"Resource\":\"arn:aws:s3:::acme-spaces-backups/*\"}]}");
        assertThat(permissions(declared, SECRETS)).isEqualTo("{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Sid\":\"ReadSecrets\",\"Effect\":\"Allow\",\"Action\":[\"secretsmanager:DescribeSecret\","
                + "\"secretsmanager:GetSecretValue\"],\"Resource\":\"arn:aws:secretsmanager:us-east-1:" + ACCOUNT
                + ":secret:spaces/test/*\"},"
                + "{\"Sid\":\"ReadParameters\",\"Effect\":\"Allow\",\"Action\":\"ssm:GetParameter\","
                + "\"Resource\":\"arn:aws:ssm:us-east-1:" + ACCOUNT + ":parameter/spaces/test/*\"}]}");
        assertThat(permissions(declared, SPACE)).isEqualTo("{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Sid\":\"ListSpaceBackups\",\"Effect\":\"Allow\",\"Action\":\"s3:ListBucket\","
                + "\"Resource\":\"arn:aws:s3:::acme-space-backups\",\"Condition\":{\"StringLike\":{\"s3:prefix\":"
                + "[\"space/\",\"space/*\"]}}},"
                + "{\"Sid\":\"ReadWriteSpaceBackups\",\"Effect\":\"Allow\",\"Action\":[\"s3:DeleteObject\","
                + "\"s3:GetObject\",\"s3:PutObject\"],\"Resource\":\"arn:aws:s3:::acme-space-backups/space/*\"}]}");
        // Upbound's Pod Identity policy for billing has no s3:DeleteObject; its IRSA one has: off unless asked.
        assertThat(permissions(declared, BILLING)).isEqualTo("{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Sid\":\"ListBillingData\",\"Effect\":\"Allow\",\"Action\":\"s3:ListBucket\","
                + "\"Resource\":\"arn:aws:s3:::acme-billing\"},"
                + "{\"Sid\":\"ReadWriteBillingData\",\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\","
                + "\"s3:PutObject\"],\"Resource\":\"arn:aws:s3:::acme-billing/*\"}]}");
        assertThat(declared.inputsByName(ROLE_POLICY).values()).extracting(p -> p.get("name"))
                .containsExactly("spaces-backup-objects", "spaces-billing-objects", "spaces-shared-secrets",
                        "spaces-space-backup-objects");
    }

    @Test
    void sharedSecretsReadTheConfiguredPrefixesInTheirRegionOnly() {
        var declared = Declared.run(StackConfig.valid().json("workloads", Map.of("sharedSecrets", Map.of(
                "region", "eu-west-1", "secretPrefixes", List.of("spaces/prod/", "platform/db-", "spaces/prod/"),
                "parameterPrefixes", List.of()))));

        var statements = statements(permissions(declared, SECRETS));
        assertThat(statements).singleElement().satisfies(s -> {
            assertThat(s.actions()).extracting(a -> a.value())
                    .containsExactly("secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue");
            assertThat(s.resources()).extracting(r -> r.value()).containsExactly(
                    "arn:aws:secretsmanager:eu-west-1:" + ACCOUNT + ":secret:platform/db-*",
                    "arn:aws:secretsmanager:eu-west-1:" + ACCOUNT + ":secret:spaces/prod/*");
        });
        var parameters = Declared.run(StackConfig.valid().json("workloads", Map.of("sharedSecrets", Map.of(
                "secretPrefixes", List.of(), "parameterPrefixes", List.of("/spaces/prod/", "spaces/prod/")))));
        assertThat(statements(permissions(parameters, SECRETS))).singleElement().satisfies(s -> {
            assertThat(s.actions()).extracting(a -> a.value()).containsExactly("ssm:GetParameter");
            assertThat(s.resources()).extracting(r -> r.value())
                    .containsExactly("arn:aws:ssm:us-east-1:" + ACCOUNT + ":parameter/spaces/prod/*");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"irsa", "podIdentity", "both"})
    void theReleaseCarriesEachRoleAtItsOwnHelmValues(String mode) {
        var declared = Declared.run(allFour(mode).json("workloads", withLabels()));
        var values = declared.inputs(RELEASE, "spaces-release").get("values");

        for (var workload : ALL) {
            var annotations = at(values, workload.annotationsPath().toArray(String[]::new));
            if (mode.equals("podIdentity")) {
                assertThat(annotations).as(workload.key()).isNull();
            } else {
                assertThat(annotations).as(workload.key())
                        .isEqualTo(Map.of("eks.amazonaws.com/role-arn", workload.roleArn()));
            }
        }
        assertThat(at(values, "controlPlanes", "sharedSecrets", "pod", "customLabels")).isEqualTo(Map.of("eso", "yes"));
        assertThat(at(values, "controlPlanes", "vector", "pod", "customLabels")).isEqualTo(Map.of("billing", "yes"));
        assertThat(at(values, "controlPlanes", "mxpController", "pod")).isNull();
        // Billing's storage, as Upbound's billing guide sets it for a workload identity.
        assertThat(at(values, "billing")).isEqualTo(Map.of("enabled", true, "storage", Map.of("provider", "aws",
                "aws", Map.of("bucket", "acme-billing", "region", "us-east-1"), "secretRef", Map.of("name", ""))));
        assertThat(at(values, "controller", "serviceAccount", "create")).isEqualTo(true);
    }

    private static Map<String, Object> withLabels() {
        var workloads = allWorkloads();
        workloads.put("sharedSecrets", Map.of("podLabels", Map.of("eso", "yes")));
        workloads.put("billing", Map.of("bucket", "acme-billing", "podLabels", Map.of("billing", "yes")));
        return workloads;
    }

    @ParameterizedTest
    @ValueSource(strings = {"irsa", "podIdentity", "both"})
    void eachRolloutWaitsForItsOwnServiceAccountAndDependsOnItsOwnRoleOnly(String mode) {
        var declared = Declared.run(allFour(mode));

        var rollouts = new TreeSet<String>();
        ALL.forEach(w -> rollouts.addAll(w.names("rollout")));
        assertThat(declared.inputsByName(PATCH).keySet()).containsExactlyInAnyOrderElementsOf(rollouts);
        for (var workload : ALL) {
            var waits = workload.names("service-account-identity");
            var rolloutNames = workload.names("rollout");
            var associations = workload.names("pod-identity");
            for (int i = 0; i < rolloutNames.size(); i++) {
                var namespace = workload.namespaces().size() == 1 ? workload.namespaces().get(0)
                        : List.of(CONTROL_PLANE_NAMESPACES.get(0), CONTROL_PLANE_NAMESPACES.get(2),
                        CONTROL_PLANE_NAMESPACES.get(1)).get(i);
                var rollout = declared.inputs(PATCH, rolloutNames.get(i));
                assertThat(at(rollout, "metadata", "name")).isEqualTo(workload.deployment());
                assertThat(at(rollout, "metadata", "namespace")).isEqualTo(namespace);
                var wait = declared.inputs(SERVICE_ACCOUNT_PATCH, waits.get(i));
                assertThat(at(wait, "metadata", "name")).isEqualTo(workload.serviceAccount());
                assertThat(at(wait, "metadata", "namespace")).isEqualTo(namespace);
                assertThat((String) at(wait, "metadata", "annotations", "pulumi.com/waitFor"))
                        .isEqualTo(mode.equals("podIdentity")
                                ? "jsonpath={$[?@.name && !@.annotations['eks.amazonaws.com/role-arn']].name}"
                                : "jsonpath={.metadata.annotations['eks.amazonaws.com/role-arn']}=" + workload.roleArn());
                var expected = new ArrayList<>(List.of("spaces-release", workload.roleResource(),
                        workload.roleResource() + "-permissions", waits.get(i)));
                if (!mode.equals("irsa")) {
                    expected.add(associations.get(i));
                }
                assertThat(declared.options(PATCH, rolloutNames.get(i)).dependencies()).as(rolloutNames.get(i))
                        .containsExactlyInAnyOrderElementsOf(expected);
            }
        }
        // Each rollout's digest covers its own role: four digests, one per workload.
        assertThat(declared.inputsByName(PATCH).values().stream().map(StackTest::digestIn).distinct()).hasSize(4);
        // The release waits for every role it names.
        assertThat(declared.options(RELEASE, "spaces-release").dependencies()).containsExactlyInAnyOrder(
                "backup-role", "backup-role-permissions", "shared-secrets-role", "shared-secrets-role-permissions",
                "space-backups-role", "space-backups-role-permissions", "billing-role", "billing-role-permissions");
    }

    @ParameterizedTest
    @ValueSource(strings = {"podIdentity", "both"})
    void podIdentityAssociationsBindEachServiceAccountToItsOwnRole(String mode) {
        var declared = Declared.run(allFour(mode));

        var expected = new TreeSet<String>();
        ALL.forEach(w -> expected.addAll(w.names("pod-identity")));
        assertThat(declared.inputsByName(ASSOCIATION).keySet()).containsExactlyInAnyOrderElementsOf(expected);
        for (var workload : ALL) {
            for (var name : workload.names("pod-identity")) {
                var association = declared.inputs(ASSOCIATION, name);
                assertThat(association.get("serviceAccount")).as(name).isEqualTo(workload.serviceAccount());
                assertThat(association.get("roleArn")).as(name).isEqualTo(workload.roleArn());
                assertThat(workload.namespaces()).contains((String) association.get("namespace"));
                assertThat(association.get("clusterName")).isEqualTo("acme-dev");
                assertThat(declared.options(ASSOCIATION, name).dependencies()).containsExactly(workload.roleResource());
            }
        }
    }

    @Test
    void irsaAloneMakesNoAssociation() {
        assertThat(Declared.run(allFour("irsa")).all(ASSOCIATION)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"irsa", "podIdentity", "both"})
    @SuppressWarnings("unchecked")
    void eachWorkloadHasOutputsOfItsOwn(String mode) {
        var declared = Declared.run(allFour(mode));

        assertThat(declared.output("roleArn")).isEqualTo(BACKUPS.roleArn());
        for (var workload : List.of(SECRETS, SPACE, BILLING)) {
            var output = (Map<String, Object>) declared.output(workload.key());
            assertThat(output).as(workload.key()).containsEntry("roleArn", workload.roleArn())
                    .containsEntry("roleName", workload.roleName())
                    .containsEntry("serviceAccount", workload.serviceAccount())
                    .containsEntry("trustPolicy", trust(declared, workload))
                    .containsEntry("permissionsPolicy", permissions(declared, workload))
                    .containsEntry("trustPolicyQuota", 2048);
            var size = (Integer) output.get("trustPolicySize");
            assertThat(size).isEqualTo(trust(declared, workload).replaceAll("\\s", "").length());
            assertThat(output.get("trustPolicyRemainingCharacters")).isEqualTo(2048 - size);
            if (workload == SPACE) {
                assertThat(output).doesNotContainKey("remainingControlPlanes")
                        .containsEntry("spaceBackupConfig", "default")
                        .containsEntry("rollout", "Deployment spaces-controller");
            } else {
                assertThat((Integer) output.get("remainingControlPlanes")).isPositive();
            }
        }
        // 3 control planes × 3 workloads of every control plane + the Space's one: 10 of EKS's 5,000
        // associations; each new control plane takes three more. IRSA's limit is each trust policy's.
        var remaining = new ArrayList<Object>(List.of(declared.output("remainingControlPlanes")));
        remaining.add(((Map<String, Object>) declared.output("sharedSecrets")).get("remainingControlPlanes"));
        remaining.add(((Map<String, Object>) declared.output("billing")).get("remainingControlPlanes"));
        if (mode.equals("podIdentity")) {
            assertThat(remaining).containsOnly((5000 - 10) / 3);
        } else {
            assertThat(remaining).allSatisfy(n -> assertThat((Integer) n).isPositive().isLessThan(20));
        }
    }

    @Test
    void theIrsaCapacityOfEachWorkloadIsItsOwn() {
        @SuppressWarnings("unchecked")
        var secrets = (Map<String, Object>) Declared.run(allFour("irsa")).output("sharedSecrets");
        var backups = Declared.run(allFour("irsa")).output("remainingControlPlanes");
        // external-secrets-controller is a longer name than mxp-controller: each subject costs more.
        assertThat((Integer) secrets.get("remainingControlPlanes")).isLessThan((Integer) backups);
        assertThat((Integer) secrets.get("remainingControlPlanes")).isPositive();
    }

    @Test
    void theSpaceBackupConfigNamesTheBucketWithTheInjectedIdentityAndIsKept() throws IOException {
        var declared = Declared.run(allFour("irsa"));

        var config = declared.inputs(SPACE_BACKUP_CONFIG, "space-backup-config");
        assertThat(config).isEqualTo(Map.of("apiVersion", "admin.spaces.upbound.io/v1alpha1",
                "kind", "SpaceBackupConfig", "metadata", Map.of("name", "default"),
                "spec", Map.of("objectStorage", Map.of("provider", "AWS", "bucket", "acme-space-backups",
                        "prefix", "space", "config", Map.of("region", "us-east-1",
                                "endpoint", "s3.us-east-1.amazonaws.com"),
                        "credentials", Map.of("source", "InjectedIdentity")))));
        var schema = CrdSchemas.of("admin.spaces.upbound.io_spacebackupconfigs.yaml", "v1alpha1");
        assertThat(CrdSchemas.errors(schema, config)).isEmpty();
        var options = declared.options(SPACE_BACKUP_CONFIG, "space-backup-config");
        assertThat(options.retainOnDelete()).isTrue();
        assertThat(options.importId()).isEmpty();
        assertThat(options.dependencies()).containsExactlyInAnyOrder("spaces-release", "space-backups-role",
                "space-backups-role-permissions");
    }

    @Test
    void anExistingSpaceBackupConfigIsAdoptedOrDeletedOnlyOnRequest() {
        var adopted = Declared.run(StackConfig.valid().json("workloads", Map.of("spaceBackups", Map.of(
                "bucket", "acme-space-backups", "config", Map.of("name", "dr", "adoptExisting", true)))));
        var options = adopted.options(SPACE_BACKUP_CONFIG, "space-backup-config");
        assertThat(options.importId()).contains("dr");
        assertThat(options.retainOnDelete()).isTrue();

        var owned = Declared.run(StackConfig.valid().json("workloads", Map.of("spaceBackups", Map.of(
                "bucket", "acme-space-backups", "deleteOnDestroy", true))));
        assertThat(owned.options(SPACE_BACKUP_CONFIG, "space-backup-config").retainOnDelete()).isFalse();
    }

    @Test
    void billingWithPersistenceRollsVectorsStatefulSet() {
        var declared = Declared.run(StackConfig.valid().json("workloads", Map.of("billing", Map.of(
                        "bucket", "acme-billing", "deleteObjects", true)))
                .json("spaces", Map.of("version", "1.14.1", "values", Map.of("controlPlanes", Map.of("vector",
                        Map.of("persistence", Map.of("enabled", true)))))));

        assertThat(declared.inputsByName(STATEFUL_SET_PATCH)).containsOnlyKeys(BILLING.names("rollout"));
        var patch = declared.inputs(STATEFUL_SET_PATCH, "billing-rollout-team-a/ctp-1");
        assertThat(patch.get("kind")).isEqualTo("StatefulSet");
        assertThat(at(patch, "metadata", "name")).isEqualTo("vector");
        assertThat(at(patch, "spec", "template", "metadata", "annotations"))
                .isEqualTo(Map.of("spaces-backup-identity/identity-digest", StackTest.digestIn(patch)));
        assertThat(declared.inputsByName(PATCH).keySet()).noneMatch(n -> n.startsWith("billing-"));
        assertThat(statements(permissions(declared, BILLING)).get(1).actions()).extracting(a -> a.value())
                .containsExactly("s3:DeleteObject", "s3:GetObject", "s3:PutObject");
    }

    @Test
    void aWorkloadRollsTheDeploymentItIsToldTo() {
        var declared = Declared.run(StackConfig.valid().json("workloads", Map.of("sharedSecrets", Map.of(
                "rollout", "external-secrets-operator"))));

        assertThat(at(declared.inputs(PATCH, "shared-secrets-rollout-default/ctp-0"), "metadata", "name"))
                .isEqualTo("external-secrets-operator");
    }

    @Test
    void rolesInheritTheDefaultsOfRoleAndAddTheirOwn() {
        var declared = Declared.run(StackConfig.valid()
                .json("role", Map.of("path", "/spaces/", "maxSessionDuration", 7200,
                        "permissionsBoundary", "arn:aws:iam::123456789012:policy/boundary",
                        "tags", Map.of("owner", "platform", "environment", "test")))
                .json("workloads", Map.of("sharedSecrets", Map.of("role", Map.of("name", "eso",
                        "tags", Map.of("component", "eso", "owner", "security"))))));

        var role = declared.inputs(ROLE, "shared-secrets-role");
        assertThat(role.get("name")).isEqualTo("eso");
        assertThat(role.get("path")).isEqualTo("/spaces/");
        assertThat(role.get("maxSessionDuration")).isEqualTo(7200.0);
        assertThat(role.get("permissionsBoundary")).isEqualTo("arn:aws:iam::123456789012:policy/boundary");
        assertThat(role.get("tags")).isEqualTo(Map.of("owner", "security", "environment", "test", "component", "eso"));
        assertThat((String) role.get("description")).startsWith("external-secrets-controller shared secrets");
        @SuppressWarnings("unchecked")
        var output = (Map<String, Object>) declared.output("sharedSecrets");
        assertThat(output.get("roleArn")).isEqualTo("arn:aws:iam::123456789012:role/spaces/eso");
    }

    @Test
    void withoutControlPlaneBackupsOnlyTheNamedWorkloadsAreMade() {
        var declared = Declared.run(StackConfig.valid().remove("backup").json("workloads", Map.of(
                "controlPlaneBackups", false, "sharedSecrets", true)));

        assertThat(declared.inputsByName(ROLE)).containsOnlyKeys("shared-secrets-role");
        assertThat(declared.inputsByName(PATCH).keySet()).allMatch(n -> n.startsWith("shared-secrets-rollout-"));
        assertThat(declared.all(Declared.SHARED_BACKUP_CONFIG)).isEmpty();
        assertThat(declared.result().outputs()).doesNotContainKeys("roleArn", "trustPolicy", "identityDigest")
                .containsKeys("sharedSecrets", "controlPlaneNamespaces", "identityMode");
        assertThat(at(declared.inputs(RELEASE, "spaces-release").get("values"), "controlPlanes", "mxpController"))
                .isNull();
    }

    @Test
    void theControlPlaneBackupsAloneAreDeclaredAsBefore() {
        var before = Declared.run(StackConfig.valid());
        var named = Declared.run(StackConfig.valid().json("workloads", Map.of("controlPlaneBackups", true,
                "sharedSecrets", false)));

        assertThat(named.result().registrations()).isEqualTo(before.result().registrations());
        assertThat(named.result().outputs()).isEqualTo(before.result().outputs());
    }

    @Test
    void moreAssociationsThanTheClusterHoldsCountEveryWorkload() {
        var settings = StackConfig.valid().identityMode("podIdentity").set("clusterArn", CLUSTER_ARN)
                .json("workloads", allWorkloads()).controlPlanes(StackConfig.controlPlanes(1667)).settings();
        var facts = new spacesbackupidentity.settings.ClusterFacts(java.util.Optional.empty(), java.util.Optional.of(
                spacesbackupidentity.settings.EksCluster.fromArn("clusterArn", CLUSTER_ARN)), java.util.Optional.empty());

        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> spacesbackupidentity.plan.IdentityPlan.of(
                settings, facts))).isInstanceOf(InvalidConfigException.class).hasMessageEndingWith("controlPlanes: 1667 control"
                + " planes need 5002 Pod Identity associations (one per control plane for each of control-plane"
                + " backups, shared secrets and billing, and one for Space backups) in cluster 'acme-dev', but EKS"
                + " supports up to 5000 per cluster (not adjustable in Service Quotas); serve the rest from another"
                + " cluster");
        var atLimit = StackConfig.valid().identityMode("podIdentity").set("clusterArn", CLUSTER_ARN)
                .json("workloads", allWorkloads()).controlPlanes(StackConfig.controlPlanes(1666)).settings();
        var plan = spacesbackupidentity.plan.IdentityPlan.of(atLimit, facts);
        assertThat(plan.workloads()).allSatisfy(w -> assertThat(plan.remainingControlPlanes(w))
                .isEqualTo(w.workload().perControlPlane() ? java.util.Optional.of(0) : java.util.Optional.empty()));
    }
}
