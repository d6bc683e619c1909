package spacesbackupidentity.realtier;

import com.google.gson.Gson;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pulumi.prod.yaml, every workload managed (control-plane backups, shared secrets, Space backups,
 * billing), through {@code pulumi up} on the real engine against a real kube-apiserver: 25 control
 * planes, four roles, from IRSA to EKS Pod Identity. The host cluster has each workload's service
 * account and Deployment: in every control plane's namespace mxp-controller, external-secrets (as
 * external-secrets-controller) and vector; in the release's, spaces-controller. The stand-in for Spaces writes each workload's service-account annotations from
 * that workload's own Helm key, after a delay of that workload's own (3, 6, 9 and 12 seconds), so a
 * rollout that waited for the wrong service account, or for the release alone, rolls its pods before
 * its own service account is ready and is caught. AWS is {@link AwsStandIn}. After each step's up, the
 * next changes nothing in the cluster or AWS; it may re-apply a service-account wait the provider
 * recorded from before its own patch ({@link #waitsRecordedBeforeTheirPatch}), and then one more up
 * has no step at all.
 */
class WorkloadsRealEngineIT {
    private static final String ROLE_ARN = "eks.amazonaws.com/role-arn";
    private static final String OIDC_PROVIDER =
            "arn:aws:iam::444455556666:oidc-provider/oidc.eks.eu-central-1.amazonaws.com/id/9B1D3F5A7C9E1B3D5F7A9C1E3B5D7F9A";
    /** Prod's 25 control planes need more than IAM's default 2048 under IRSA; the account's raised quota. */
    private static final int RAISED_QUOTA = 4096;
    private static final Gson GSON = new Gson();

    /**
     * A workload as the cluster has it: its service account, its Deployment, the suffix of its role's
     * name after {@code spaces-backup-identity-STACK}, whether it runs in every control plane's host
     * namespace (else once, in the release's), and how late Spaces writes its service account.
     */
    private record Workload(String serviceAccount, String deployment, String roleSuffix, boolean perControlPlane,
                            Duration delay) {
        String role(RealStack stack) {
            return "spaces-backup-identity-" + stack.name() + roleSuffix;
        }

        List<String> namespaces(RealStack stack) throws Exception {
            return perControlPlane ? stack.project().namespaces() : List.of(stack.releaseNamespace());
        }
    }

    private static final List<Workload> WORKLOADS = List.of(
            new Workload("mxp-controller", "mxp-controller", "", true, Duration.ofSeconds(3)),
            new Workload("vector", "vector", "-billing", true, Duration.ofSeconds(6)),
            new Workload("spaces-controller", "spaces-controller", "-space-backups", false, Duration.ofSeconds(9)),
            new Workload("external-secrets-controller", "external-secrets", "-shared-secrets", true,
                    Duration.ofSeconds(12)));

    /**
     * Prod at an account quota that fits IRSA, then the README's move to Pod Identity
     * ({@code irsa}, {@code both}, {@code podIdentity}), each step's up followed by one that changes
     * nothing.
     * <ol>
     * <li>IRSA: each service account gets its own role's ARN, each workload rolls once and only after
     * its own service account carries it, each role's trust admits only its own service account in
     * exactly its own namespaces.</li>
     * <li>Both: one association per workload and namespace, each to its own role; every workload
     * rolls once.</li>
     * <li>Pod Identity: the annotations leave the values; each workload rolls once and only after its
     * own service account lost its role's ARN; each trust is Pod Identity's alone.</li>
     * </ol>
     */
    @Test
    @SuppressWarnings("unchecked")
    void everyWorkloadRollsOnlyOnceItsOwnServiceAccountCarriesItsOwnIdentityFromIrsaToPodIdentity()
            throws Exception {
        try (var stack = RealStack.prod("prod-workloads", RAISED_QUOTA, config -> {
            config.put(TestProject.KEY_PREFIX + "identity", Map.of("mode", "irsa"));
            config.put(TestProject.KEY_PREFIX + "iam", Map.of("trustPolicyQuota", RAISED_QUOTA));
        })) {
            var cluster = stack.cluster();
            var aws = stack.aws();
            cluster.namespace(stack.releaseNamespace());
            cluster.workload(stack.releaseNamespace(), "spaces-controller", "spaces-controller");

            // 1. IRSA.
            var spaces = stack.spacesAfter(delays());
            var before = firstReplicaSets(stack);

            var irsa = stack.program().up();

            assertThat(irsa.steps()).as(irsa.standardOutput()).contains("create rollout-payments/ledger",
                    "create shared-secrets-rollout-payments/ledger", "create billing-rollout-payments/ledger",
                    "create space-backups-rollout", "create space-backups-service-account-identity",
                    "create space-backup-config");
            assertThat(aws.roleNames()).containsExactlyInAnyOrderElementsOf(WORKLOADS.stream().map(w -> w.role(stack))
                    .toList());
            assertThat(aws.associations()).isEmpty();
            for (var workload : WORKLOADS) {
                var role = aws.role(workload.role(stack)).orElseThrow();
                var arn = (String) role.get("arn");
                assertThat(arn).isEqualTo("arn:aws:iam::444455556666:role/spaces/" + workload.role(stack));
                assertEachRolledOnceOnlyAfterItsOwnWrite(stack, spaces, workload, before, Map.of(ROLE_ARN, arn));
                assertThat(subjects((String) role.get("assumeRolePolicy")))
                        .as(workload.role(stack) + ": whom its trust admits")
                        .containsExactlyElementsOf(workload.namespaces(stack).stream()
                                .map(namespace -> "system:serviceaccount:" + namespace + ":" + workload.serviceAccount())
                                .collect(Collectors.toCollection(TreeSet::new)));
            }
            assertTheNextUpChangesNothing(stack);

            // 2. Both: the annotations stay, the associations come.
            before = replicaSets(stack);
            stack.project().change(config -> config.put(TestProject.KEY_PREFIX + "identity", Map.of("mode", "both")));

            var both = stack.program().up();

            assertThat(both.steps()).as(both.standardOutput()).contains("create pod-identity-payments/ledger",
                    "create shared-secrets-pod-identity-payments/ledger", "create billing-pod-identity-payments/ledger",
                    "create space-backups-pod-identity");
            assertOwnAssociations(stack);
            var after = replicaSets(stack);
            for (var rolled : before.keySet()) {
                assertThat(difference(after.get(rolled), before.get(rolled))).as(rolled + " rolled once").hasSize(1);
            }
            assertTheNextUpChangesNothing(stack);

            // 3. Pod Identity: the annotations leave the values, and Spaces takes them off the service accounts.
            spaces = stack.spacesAfter(delays());
            before = replicaSets(stack);
            stack.project().change(config -> config.put(TestProject.KEY_PREFIX + "identity", Map.of("mode",
                    "podIdentity")));

            var podIdentity = stack.program().up();

            assertThat(podIdentity.steps()).as(podIdentity.standardOutput()).contains("update rollout-payments/ledger",
                    "update shared-secrets-rollout-payments/ledger", "update billing-rollout-payments/ledger",
                    "update space-backups-rollout");
            assertOwnAssociations(stack);
            for (var workload : WORKLOADS) {
                assertEachRolledOnceOnlyAfterItsOwnWrite(stack, spaces, workload, before, Map.of());
                var trust = (Map<String, Object>) GSON.fromJson((String) aws.role(workload.role(stack)).orElseThrow()
                        .get("assumeRolePolicy"), Map.class);
                assertThat(statements(trust)).as(workload.role(stack) + ": Pod Identity's trust, no OIDC")
                        .singleElement().satisfies(statement -> assertThat(statement.get("Principal"))
                                .isEqualTo(Map.of("Service", "pods.eks.amazonaws.com")));
            }
            var config = cluster.api().get("/apis/admin.spaces.upbound.io/v1alpha1/spacebackupconfigs/default")
                    .orElseThrow();
            assertThat(DevStackRealEngineIT.at(config, "spec", "objectStorage", "bucket")).isEqualTo("acme-spaces-dr-prod");
            assertThat(DevStackRealEngineIT.at(config, "spec", "objectStorage", "credentials", "source"))
                    .isEqualTo("InjectedIdentity");
            var values = cluster.helmReleaseValues(stack.releaseNamespace(), "spaces");
            assertThat(DevStackRealEngineIT.at(values, "billing", "storage", "secretRef", "name")).isEqualTo("");
            assertThat(values.toString()).doesNotContain(ROLE_ARN);
            assertTheNextUpChangesNothing(stack);
        }
    }

    /** One association per workload and namespace, each to that workload's own role, and no other. */
    private static void assertOwnAssociations(RealStack stack) throws Exception {
        var associations = stack.aws().associations();
        assertThat(associations).hasSize(3 * 25 + 1);
        for (var workload : WORKLOADS) {
            var own = associations.stream().filter(a -> a.get("serviceAccount").equals(workload.serviceAccount()))
                    .toList();
            assertThat(own).as(workload.serviceAccount()).hasSize(workload.namespaces(stack).size())
                    .allSatisfy(a -> assertThat((String) a.get("roleArn")).endsWith("/" + workload.role(stack)))
                    .extracting(a -> a.get("namespace"))
                    .containsExactlyInAnyOrderElementsOf(workload.namespaces(stack));
        }
    }

    private static SortedSet<String> difference(SortedSet<String> after, SortedSet<String> before) {
        var added = new TreeSet<>(after);
        added.removeAll(before);
        return added;
    }

    private static Function<String, Duration> delays() {
        var delays = WORKLOADS.stream().collect(Collectors.toMap(Workload::serviceAccount, Workload::delay));
        return serviceAccount -> delays.getOrDefault(serviceAccount, Duration.ZERO);
    }

    /**
     * In each of the workload's namespaces: Spaces wrote {@code annotations} onto its service account,
     * which carries that role annotation (or none) now; its Deployment rolled exactly once since
     * {@code before}, and the roll's ReplicaSet and pods were created no earlier than that write (API
     * timestamps have whole seconds; the workloads' delays are three seconds apart).
     */
    @SuppressWarnings("unchecked")
    private static void assertEachRolledOnceOnlyAfterItsOwnWrite(RealStack stack, StandInSpaces spaces,
                                                                Workload workload,
                                                                Map<String, SortedSet<String>> before,
                                                                Map<String, Object> annotations) throws Exception {
        var cluster = stack.cluster();
        var api = cluster.api();
        for (var namespace : workload.namespaces(stack)) {
            var where = workload.deployment() + " in " + namespace;
            var written = spaces.written(namespace, workload.serviceAccount());
            assertThat(written).as(where + ": its service account written").isPresent();
            assertThat(written.get().annotations()).as(where).isEqualTo(annotations);
            var writtenAt = written.get().at().truncatedTo(ChronoUnit.SECONDS);
            var had = before.get(namespace + "/" + workload.deployment());
            var roll = cluster.replicaSets(namespace, workload.deployment()).stream()
                    .filter(rs -> !had.contains(((Map<String, Object>) rs.get("metadata")).get("name"))).toList();
            assertThat(roll).as(where + ": one roll").hasSize(1);
            assertThat(created(roll.get(0))).as(where + ": the roll's ReplicaSet, after its own service account was"
                    + " written").isAfterOrEqualTo(writtenAt);
            var hash = ((Map<String, Object>) ((Map<String, Object>) roll.get(0).get("metadata")).get("labels"))
                    .get("pod-template-hash");
            assertThat(api.list("/api/v1/namespaces/" + namespace + "/pods?labelSelector=pod-template-hash%3D" + hash))
                    .as(where + ": the roll's pods").isNotEmpty()
                    .allSatisfy(pod -> assertThat(created(pod)).isAfterOrEqualTo(writtenAt));
            var account = api.get("/api/v1/namespaces/" + namespace + "/serviceaccounts/" + workload.serviceAccount())
                    .orElseThrow();
            var now = (Map<String, Object>) ((Map<String, Object>) account.get("metadata"))
                    .getOrDefault("annotations", Map.of());
            if (annotations.containsKey(ROLE_ARN)) {
                assertThat(now).as(where).containsEntry(ROLE_ARN, annotations.get(ROLE_ARN));
            } else {
                assertThat(now).as(where).doesNotContainKey(ROLE_ARN);
            }
        }
    }

    /**
     * The next up changes nothing but what the Kubernetes provider recorded wrongly: no Deployment
     * rolls, AWS sees no create, update or delete, and the only steps are updates of the
     * service-account waits whose recorded state predates their own patch (see
     * {@link #waitsRecordedBeforeTheirPatch}); after those, one more up has no step at all.
     */
    private static void assertTheNextUpChangesNothing(RealStack stack) throws Exception {
        var before = replicaSets(stack);
        var stale = waitsRecordedBeforeTheirPatch(stack);
        var changes = awsChanges(stack);

        var again = stack.program().up();

        assertThat(again.steps()).as(again.standardOutput()).containsExactlyInAnyOrderElementsOf(stale.stream()
                .map(name -> "update " + name).toList());
        assertThat(replicaSets(stack)).isEqualTo(before);
        assertThat(awsChanges(stack)).isEqualTo(changes);
        if (!stale.isEmpty()) {
            var third = stack.program().up();

            assertThat(third.steps()).as(third.standardOutput()).isEmpty();
            assertThat(replicaSets(stack)).isEqualTo(before);
        }
        assertThat(waitsRecordedBeforeTheirPatch(stack)).isEmpty();
    }

    private static long awsChanges(RealStack stack) {
        return stack.aws().calls().stream().filter(call -> List.of("create", "update", "delete")
                .contains(call.method().toLowerCase(java.util.Locale.ROOT))).count();
    }

    /**
     * The service-account waits whose recorded live state lacks the patch's own annotations (or has
     * those of the patch before, after a change of identity). The
     * provider's wait (pulumi-kubernetes 4.25.0, and 4.32.0 alike: pkg/await/condition/observer.go
     * {@code ObjectObserver.Observe} drops only objects of a lower {@code metadata.generation}, which
     * a ServiceAccount does not have) takes any object its namespace's shared informer hands it, the
     * cached one from before the patch included; when Spaces wrote the service account before the
     * patch was applied, that stale object already meets the condition, and it is what the stack
     * records. The next up then finds the patch's annotations missing and updates the wait: no
     * change in the cluster, and no roll, for the rollouts depend on the wait, not on its outputs.
     */
    @SuppressWarnings("unchecked")
    private static SortedSet<String> waitsRecordedBeforeTheirPatch(RealStack stack) throws Exception {
        var names = new TreeSet<String>();
        var resources = (List<Map<String, Object>>) stack.program().stack().exportStack().deployment()
                .getOrDefault("resources", List.of());
        for (var resource : resources) {
            if (!"kubernetes:core/v1:ServiceAccountPatch".equals(resource.get("type"))) {
                continue;
            }
            var asked = annotations((Map<String, Object>) resource.getOrDefault("inputs", Map.of()));
            var recorded = annotations((Map<String, Object>) resource.getOrDefault("outputs", Map.of()));
            if (!recorded.entrySet().containsAll(asked.entrySet())) {
                var urn = (String) resource.get("urn");
                names.add(urn.substring(urn.lastIndexOf("::") + 2));
            }
        }
        return names;
    }

    /**
     * Every workload's ReplicaSets once the Deployment controller has made each Deployment's first:
     * what the cluster had before any roll. (The wait is a hang guard, not a measurement.)
     */
    private static Map<String, SortedSet<String>> firstReplicaSets(RealStack stack) throws Exception {
        var deadline = Instant.now().plus(Duration.ofMinutes(2));
        var replicaSets = replicaSets(stack);
        while (replicaSets.values().stream().anyMatch(SortedSet::isEmpty)) {
            assertThat(Instant.now()).as("every Deployment's first ReplicaSet: " + replicaSets).isBefore(deadline);
            Thread.sleep(250);
            replicaSets = replicaSets(stack);
        }
        assertThat(replicaSets.values()).allSatisfy(names -> assertThat(names).hasSize(1));
        return replicaSets;
    }

    /** Every workload's ReplicaSets, by {@code namespace/deployment}. */
    private static Map<String, SortedSet<String>> replicaSets(RealStack stack) throws Exception {
        var result = new TreeMap<String, SortedSet<String>>();
        for (var workload : WORKLOADS) {
            for (var namespace : workload.namespaces(stack)) {
                result.put(namespace + "/" + workload.deployment(), stack.cluster().replicaSetNames(namespace,
                        workload.deployment()));
            }
        }
        return result;
    }

    /**
     * The IRSA trust policy's subjects: every statement federates prod's OIDC provider for
     * {@code sts:AssumeRoleWithWebIdentity} under StringEquals only (no pattern), with audience
     * {@code sts.amazonaws.com}; the union of their {@code :sub} values.
     */
    @SuppressWarnings("unchecked")
    private static SortedSet<String> subjects(String policy) {
        var subjects = new TreeSet<String>();
        var issuer = OIDC_PROVIDER.substring(OIDC_PROVIDER.indexOf('/') + 1);
        for (var statement : statements((Map<String, Object>) GSON.fromJson(policy, Map.class))) {
            assertThat(statement.get("Effect")).isEqualTo("Allow");
            assertThat(statement.get("Principal")).isEqualTo(Map.of("Federated", OIDC_PROVIDER));
            assertThat(statement.get("Action")).isEqualTo("sts:AssumeRoleWithWebIdentity");
            var condition = (Map<String, Object>) statement.get("Condition");
            assertThat(condition).containsOnlyKeys("StringEquals");
            var equals = (Map<String, Object>) condition.get("StringEquals");
            assertThat(equals).containsOnlyKeys(issuer + ":aud", issuer + ":sub")
                    .containsEntry(issuer + ":aud", "sts.amazonaws.com");
            var sub = equals.get(issuer + ":sub");
            subjects.addAll(sub instanceof List<?> list ? (List<String>) list : List.of((String) sub));
        }
        return subjects;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> annotations(Map<String, Object> object) {
        var metadata = (Map<String, Object>) object.getOrDefault("metadata", Map.of());
        return (Map<String, Object>) metadata.getOrDefault("annotations", Map.of());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements(Map<String, Object> document) {
        var statement = document.get("Statement");
        return statement instanceof List<?> list ? (List<Map<String, Object>>) list
                : List.of((Map<String, Object>) statement);
    }

    @SuppressWarnings("unchecked")
    private static Instant created(Map<String, Object> object) {
        return Instant.parse((String) ((Map<String, Object>) object.get("metadata")).get("creationTimestamp"));
    }
}
