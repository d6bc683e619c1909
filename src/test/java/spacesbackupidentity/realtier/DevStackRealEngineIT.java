package spacesbackupidentity.realtier;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.pulumi.automation.ConfigValue;
import com.pulumi.automation.OperationType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import spacesbackupidentity.render.Render;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dev stack (Pulumi.dev.yaml) under the real Pulumi CLI, the real Kubernetes provider plugin and
 * a real API server, fed by a real cluster stack through a StackReference: {@code up} from nothing,
 * then again with nothing changed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevStackRealEngineIT {
    private static final Gson GSON = new Gson();
    private static final String ACCOUNT = RealStack.ACCOUNT;
    private static final String LICENSE_CANARY = "license-token-canary-91f2";
    private RealStack dev;
    private RealTierWorld world;
    private AwsStandIn aws;
    private TestProject project;
    private RealEngine.ProgramStack program;
    private Map<String, Object> clusterOutputs;
    /** What every operation's engine events said, for the secrets check. */
    private final java.util.List<RealEngine.Run> runs = new java.util.ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        dev = RealStack.dev("dev", ACCOUNT, config -> { });
        world = dev.world();
        aws = dev.aws();
        project = dev.project();
        program = dev.program();
        clusterOutputs = dev.clusterOutputs();
        dev.secret("registry.username", ChartRegistry.USERNAME);
        dev.secret("registry.password", ChartRegistry.PASSWORD);
        dev.secret("spacesSecretValues.license.token", LICENSE_CANARY);
        // Spaces writes the role annotation onto each service account as soon as the values have it.
        dev.spacesAfter(java.time.Duration.ZERO);
    }

    @AfterAll
    void stop() throws Exception {
        if (dev != null) {
            dev.close();
        }
    }

    @Test
    @Order(1)
    void upFromNothingCreatesEveryResourceAndExportsTheRendersOutputs() throws Exception {
        var run = up();

        var rendered = GSON.fromJson(Render.render(project.dir(), "dev",
                Optional.of(project.clusterOutputsFile(clusterOutputs, Set.of("kubeconfig"))), Optional.empty()),
                Map.class);
        @SuppressWarnings("unchecked")
        var resources = (java.util.List<Map<String, Object>>) rendered.get("resources");
        var created = resources.stream().filter(r -> !((Map<?, ?>) r.get("options")).containsKey("read"))
                .map(r -> "create " + r.get("name")).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        assertThat(run.changes()).as(run.standardOutput()).containsOnlyKeys(OperationType.CREATE)
                .containsEntry(OperationType.CREATE, created.size() + 1);   // and the stack itself
        // The steps also show the default providers the engine makes: aws's, and pulumi's for the stack reference.
        created.addAll(java.util.List.of("create default", "create default_6_83_0"));
        assertThat(run.steps()).isEqualTo(created);
        assertThat(json(program.outputs())).isEqualTo(json(rendered.get("outputs")));
        assertThat(aws.roleNames()).containsExactly("spaces-backup-identity-dev");
        assertThat(replicaSets().values()).allSatisfy(names -> assertThat(names)
                .as("the ReplicaSet Spaces made, and the one the identity digest rolled to").hasSize(2));
    }

    @Test
    @Order(2)
    void aSecondUpChangesNothingAndRollsNothing() throws Exception {
        var before = replicaSets();

        var run = up();

        assertThat(run.steps()).as(run.standardOutput()).isEmpty();
        assertThat(run.changes().keySet()).as("nothing but unchanged resources and the stack references' reads")
                .isSubsetOf(OperationType.SAME, OperationType.READ);
        assertThat(replicaSets()).isEqualTo(before);
    }

    @Test
    @Order(3)
    void theReleaseStoresTheRoleAnnotationAndThePodLabels() {
        var values = world.cluster().helmReleaseValues("upbound-system", "spaces");

        assertThat(at(values, "controlPlanes", "mxpController", "serviceAccount", "annotations"))
                .isEqualTo(Map.of("eks.amazonaws.com/role-arn", "arn:aws:iam::" + ACCOUNT + ":role/spaces-backup-identity-dev"));
        assertThat(at(values, "controlPlanes", "mxpController", "pod", "customLabels"))
                .isEqualTo(Map.of("team", "platform"));
        assertThat(values).containsEntry("account", "acme");
    }

    /** The server checked them against the Spaces CRDs' structural schemas and CEL rules, not a library. */
    @Test
    @Order(4)
    void theApiServerHoldsTheSharedBackupObjects() {
        for (var group : java.util.List.of("default", "team-infra")) {
            var config = world.cluster().api().get("/apis/spaces.upbound.io/v1alpha1/namespaces/" + group
                    + "/sharedbackupconfigs/default").orElseThrow();
            assertThat(at(config, "spec", "objectStorage", "bucket")).isEqualTo("acme-spaces-backups-dev");
            assertThat(at(config, "spec", "objectStorage", "credentials", "source")).isEqualTo("InjectedIdentity");
            var schedules = world.cluster().api().list("/apis/spaces.upbound.io/v1alpha1/namespaces/" + group
                    + "/sharedbackupschedules");
            assertThat(schedules).singleElement().satisfies(schedule -> {
                assertThat(at(schedule, "spec", "schedule")).isEqualTo("0 */6 * * *");
                assertThat(at(schedule, "spec", "ttl")).isEqualTo("168h");
            });
        }
    }

    /**
     * A new control plane changes the trust policy and its group's schedule, which lists the group's
     * control planes, and adds its rollout; nothing else changes and no existing mxp-controller rolls.
     */
    @Test
    @Order(5)
    @SuppressWarnings("unchecked")
    void addingAControlPlaneChangesTheTrustPolicyAndAddsItsRolloutOnly() throws Exception {
        var id = "0d15ea5e-0000-4000-8000-00000000c0de";
        world.cluster().controlPlaneNamespace("mxp-" + id + "-system");
        var before = replicaSets();
        project.change(config -> ((java.util.List<Object>) config.get(TestProject.KEY_PREFIX + "controlPlanes"))
                .add(Map.of("name", "search", "group", "default", "id", id)));

        var run = up();

        assertThat(run.steps()).as(run.standardOutput()).containsExactly("create rollout-default/search",
                "create service-account-identity-default/search", "update backup-role",
                "update shared-backup-schedule-default");
        assertThat(aws.role("spaces-backup-identity-dev").orElseThrow().get("assumeRolePolicy").toString())
                .contains("system:serviceaccount:mxp-" + id + "-system:mxp-controller");
        var after = replicaSets();
        assertThat(after).containsAllEntriesOf(before);
        assertThat(after.get("mxp-" + id + "-system")).as("the new control plane's rollout").hasSize(2);
    }

    /** A new role name changes what every mxp-controller's identity is: each rolls, once. */
    @Test
    @Order(6)
    @SuppressWarnings("unchecked")
    void renamingTheRoleRollsEveryMxpController() throws Exception {
        var before = replicaSets();
        project.change(config -> {
            var role = new LinkedHashMap<>((Map<String, Object>) config.get(TestProject.KEY_PREFIX + "role"));
            role.put("name", "spaces-backups-dev");
            config.put(TestProject.KEY_PREFIX + "role", role);
        });

        var run = up();

        assertThat(aws.roleNames()).containsExactly("spaces-backups-dev");
        var after = replicaSets();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((namespace, names) -> assertThat(after.get(namespace)).as(namespace + " rolled once")
                .containsAll(names).hasSize(names.size() + 1));
        assertThat(run.steps()).as(run.standardOutput()).contains("replace backup-role", "update spaces-release");
        assertThat(world.cluster().helmReleaseValues("upbound-system", "spaces").toString())
                .contains("arn:aws:iam::" + ACCOUNT + ":role/spaces-backups-dev");
    }

    /**
     * No secret reaches the state file, the engine's events, what the CLI printed or the outputs in
     * plain text: the kubeconfig's client key, the registry password, a spacesSecretValues value.
     */
    @Test
    @Order(7)
    void noSecretIsInTheStateTheEventsOrTheOutputs() throws Exception {
        var canaries = java.util.List.of(clientKey(world.cluster().kubeconfig()), ChartRegistry.PASSWORD, LICENSE_CANARY);
        var state = program.cli("stack", "export");
        var outputs = program.cli("stack", "output", "--json");
        assertThat(state).as("secrets are in the state, encrypted").contains("\"ciphertext\"").contains("spaces-release");
        assertThat(world.cluster().helmReleaseValues("upbound-system", "spaces").toString())
                .as("the release got the secret value").contains(LICENSE_CANARY);
        assertThat(runs).hasSizeGreaterThanOrEqualTo(4);
        assertThat(GSON.toJson(runs.get(0).events())).as("the events are readable text")
                .contains("spaces-release").contains("eks.amazonaws.com/role-arn");
        for (var canary : canaries) {
            assertThat(state).as("pulumi stack export").doesNotContain(canary);
            assertThat(outputs).as("pulumi stack output --json").doesNotContain(canary);
            for (var run : runs) {
                assertThat(GSON.toJson(run.events())).as("the engine's events").doesNotContain(canary);
                assertThat(run.standardOutput() + run.standardError()).as("what the CLI printed").doesNotContain(canary);
            }
        }
    }

    /** README's destroy table, checked in the API server and in the AWS stand-in's record. */
    @Test
    @Order(8)
    @SuppressWarnings("unchecked")
    void destroyDeletesTheRoleAndKeepsSpacesTheRolloutsAndTheBackupObjects() throws Exception {
        var replicaSets = replicaSets();
        var deletesBefore = aws.calls().stream().filter(call -> call.method().equals("Delete")).count();

        var run = program.destroy();

        assertThat(aws.roleNames()).as(run.standardOutput()).isEmpty();
        assertThat(aws.rolePolicy("spaces-backups-dev", "spaces-backup-objects")).isEmpty();
        assertThat(aws.calls().stream().filter(call -> call.method().equals("Delete")).skip(deletesBefore)
                .map(call -> call.type() + " " + call.name()))
                .containsExactlyInAnyOrder(AwsStandIn.ROLE + " backup-role", AwsStandIn.ROLE_POLICY + " backup-role-permissions");
        assertThat(world.cluster().helmReleaseValues("upbound-system", "spaces").toString())
                .as("Spaces stays installed").contains("spaces-backups-dev");
        assertThat(replicaSets()).as("nothing rolls").isEqualTo(replicaSets);
        for (var namespace : project.namespaces()) {
            var deployment = world.cluster().api().get("/apis/apps/v1/namespaces/" + namespace
                    + "/deployments/mxp-controller").orElseThrow();
            assertThat((Map<String, Object>) at(deployment, "spec", "template", "metadata", "annotations"))
                    .as(namespace + " keeps the digest annotation").containsKey("spaces-backup-identity/identity-digest");
        }
        for (var group : java.util.List.of("default", "team-infra")) {
            assertThat(world.cluster().api().get("/apis/spaces.upbound.io/v1alpha1/namespaces/" + group
                    + "/sharedbackupconfigs/default")).as(group + "'s SharedBackupConfig is kept").isPresent();
            assertThat(world.cluster().api().list("/apis/spaces.upbound.io/v1alpha1/namespaces/" + group
                    + "/sharedbackupschedules")).as(group + "'s SharedBackupSchedule is kept").hasSize(1);
        }
        assertThat(program.cli("stack", "export")).doesNotContain("spaces-release");
    }

    private RealEngine.Run up() throws Exception {
        var run = program.up();
        runs.add(run);
        return run;
    }

    /** The client key in a kubeconfig, base64 as it stands there: a secret no output may show. */
    private static String clientKey(String kubeconfig) {
        return kubeconfig.lines().filter(line -> line.strip().startsWith("client-key-data:"))
                .map(line -> line.substring(line.indexOf(':') + 1).strip()).findFirst().orElseThrow();
    }

    private Map<String, java.util.SortedSet<String>> replicaSets() throws Exception {
        return dev.replicaSets();
    }

    @SuppressWarnings("unchecked")
    static Object at(Map<String, Object> map, String... path) {
        Object value = map;
        for (var key : path) {
            assertThat(value).as("a mapping at " + key).isInstanceOf(Map.class);
            value = ((Map<String, Object>) value).get(key);
        }
        return value;
    }

    private static JsonElement json(Object value) {
        return GSON.toJsonTree(value);
    }
}
