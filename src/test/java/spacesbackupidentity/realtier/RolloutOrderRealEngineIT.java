package spacesbackupidentity.realtier;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The identity reaches every pod: each rollout waits until Spaces has written the identity onto its
 * control plane's service account, whenever Spaces gets to it, and fails plainly when it never does.
 * Spaces is a stand-in ({@link StandInSpaces}) that writes the release's annotations late, or never;
 * the EKS webhook would read the service account when each pod is created, so every pod the roll
 * creates must be created after the write.
 */
class RolloutOrderRealEngineIT {
    private static final Duration LATE = Duration.ofSeconds(8);

    @Test
    void aLateSpacesHoldsEachRollUntilItsServiceAccountCarriesTheRole() throws Exception {
        try (var stack = RealStack.dev("late", RealStack.ACCOUNT, config -> { })) {
            var spaces = stack.spacesAfter(LATE);

            var run = stack.program().up();

            assertThat(run.steps()).as(run.standardOutput()).contains("create service-account-identity-default/orders");
            var role = "arn:aws:iam::" + RealStack.ACCOUNT + ":role/spaces-backup-identity-late";
            assertRolledOnlyAfterTheWrite(stack, spaces, Map.of("eks.amazonaws.com/role-arn", role));
        }
    }

    @Test
    void aSpacesThatNeverWritesItFailsTheUpPlainlyAndRollsNothing() throws Exception {
        try (var stack = RealStack.dev("never", RealStack.ACCOUNT, config -> {
            @SuppressWarnings("unchecked")
            var spaces = (Map<String, Object>) config.get(TestProject.KEY_PREFIX + "spaces");
            spaces.put("propagationTimeout", "15s");
        })) {
            stack.spacesNever();
            var before = stack.replicaSets();

            var run = stack.program().tryUp();

            assertThat(run.failure()).as("pulumi up fails").isNotNull();
            for (var name : List.of("default/orders", "default/payments", "team-infra/platform")) {
                assertThat(run.errorsOf("service-account-identity-" + name)).as(name).singleElement().asString()
                        .contains("timed out waiting for the condition");
            }
            assertThat(run.steps()).noneMatch(step -> step.startsWith("create rollout-"));
            assertThat(stack.replicaSets()).as("nothing rolled").isEqualTo(before);
        }
    }

    /**
     * The last step of the move to Pod Identity drops the IRSA annotation: the pods must restart only
     * once the service account has lost it, or they would keep credentials the trust policy refuses.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theMoveToPodIdentityRollsOnlyOnceTheAnnotationIsGone() throws Exception {
        try (var stack = RealStack.dev("move", RealStack.ACCOUNT, config -> config.put(TestProject.KEY_PREFIX
                + "identity", Map.of("mode", "both")))) {
            stack.spacesAfter(Duration.ZERO);
            stack.program().up();
            var spaces = stack.spacesAfter(LATE);
            stack.project().change(config -> config.put(TestProject.KEY_PREFIX + "identity", Map.of("mode",
                    "podIdentity")));

            var run = stack.program().up();

            assertThat(run.steps()).as(run.standardOutput()).contains("update service-account-identity-default/orders",
                    "update rollout-default/orders");
            assertRolledOnlyAfterTheWrite(stack, spaces, Map.of());
            for (var namespace : stack.project().namespaces()) {
                var account = stack.cluster().api().get("/api/v1/namespaces/" + namespace
                        + "/serviceaccounts/mxp-controller").orElseThrow();
                assertThat((Map<String, Object>) ((Map<String, Object>) account.get("metadata"))
                        .getOrDefault("annotations", Map.of())).doesNotContainKey("eks.amazonaws.com/role-arn");
            }
        }
    }

    /**
     * Every namespace got the annotations from the stand-in, and its newest ReplicaSet (the roll) and
     * that ReplicaSet's pods were created no earlier than the write (API timestamps have whole seconds).
     */
    @SuppressWarnings("unchecked")
    private static void assertRolledOnlyAfterTheWrite(RealStack stack, StandInSpaces spaces, Map<String, Object> annotations)
            throws Exception {
        for (var namespace : stack.project().namespaces()) {
            var written = spaces.written(namespace, "mxp-controller");
            assertThat(written).as(namespace + " written").isPresent();
            assertThat(written.get().annotations()).isEqualTo(annotations);
            var writtenAt = written.get().at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            var newest = stack.cluster().replicaSets(namespace, "mxp-controller").stream()
                    .max(java.util.Comparator.comparing(rs -> created(rs))).orElseThrow();
            assertThat(created(newest)).as(namespace + ": the roll's ReplicaSet").isAfterOrEqualTo(writtenAt);
            var hash = ((Map<String, Object>) ((Map<String, Object>) newest.get("metadata")).get("labels"))
                    .get("pod-template-hash");
            var pods = stack.cluster().api().list("/api/v1/namespaces/" + namespace
                    + "/pods?labelSelector=pod-template-hash%3D" + hash);
            assertThat(pods).as(namespace + ": the roll's pods").isNotEmpty()
                    .allSatisfy(pod -> assertThat(created(pod)).isAfterOrEqualTo(writtenAt));
        }
    }

    @SuppressWarnings("unchecked")
    private static Instant created(Map<String, Object> object) {
        return Instant.parse((String) ((Map<String, Object>) object.get("metadata")).get("creationTimestamp"));
    }
}
