package spacesbackupidentity.realtier;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Changes that must not collide or strand anything, under the real engine: a role replaced under
 * its fixed name, a release that would move, credentials of another account, Pod Identity in another
 * region than the cluster, and release revisions that would pile up.
 */
class SafeChangesRealEngineIT {

    /** A new path replaces the role under the same name: the old one goes first, or IAM refuses the name. */
    @Test
    @SuppressWarnings("unchecked")
    void aNewRolePathReplacesTheRoleDeletingTheOldOneFirst() throws Exception {
        try (var stack = RealStack.dev("role-path", RealStack.ACCOUNT, config -> { })) {
            stack.spacesAfter(Duration.ZERO);
            stack.program().up();
            stack.project().change(config -> {
                var role = new LinkedHashMap<>((Map<String, Object>) config.get(TestProject.KEY_PREFIX + "role"));
                role.put("path", "/spaces/");
                config.put(TestProject.KEY_PREFIX + "role", role);
            });
            var callsBefore = stack.aws().calls().size();

            var run = stack.program().up();

            assertThat(run.steps()).as(run.standardOutput()).contains("replace backup-role");
            assertThat(stack.aws().role("spaces-backup-identity-role-path").orElseThrow()).containsEntry("path", "/spaces/");
            var writes = stack.aws().calls().subList(callsBefore, stack.aws().calls().size()).stream()
                    .filter(call -> call.method().equals("Create") || call.method().equals("Delete"))
                    .map(call -> call.method() + " " + call.name() + call.error().map(e -> " failed").orElse(""))
                    .toList();
            assertThat(writes).containsExactly("Delete backup-role-permissions", "Delete backup-role",
                    "Create backup-role", "Create backup-role-permissions");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aReleaseThatWouldMoveIsRefusedUntilMovedAsTheMessageSays() throws Exception {
        try (var stack = RealStack.dev("release-move", RealStack.ACCOUNT, config -> { })) {
            stack.spacesAfter(Duration.ZERO);
            stack.program().up();
            stack.project().change(config -> ((Map<String, Object>) config.get(TestProject.KEY_PREFIX + "spaces"))
                    .put("namespace", "upbound-elsewhere"));
            var callsBefore = stack.aws().calls().size();

            var run = stack.program().tryUp();

            assertThat(run.failure()).as("pulumi up fails").isNotNull();
            assertThat(run.diagnostics("error").get(0)).startsWith("invalid configuration: spaces.namespace:"
                    + " 'upbound-elsewhere', but this stack's Spaces is installed in 'upbound-release-move'; a second"
                    + " install beside it would collide with it");
            assertThat(run.steps()).isEmpty();
            assertThat(stack.aws().calls().subList(callsBefore, stack.aws().calls().size()))
                    .noneMatch(call -> call.method().equals("Create") || call.method().equals("Delete"));
            assertThat(stack.cluster().api().helmReleaseValues("upbound-elsewhere", "spaces")).isEmpty();

            // The message's way to move Spaces, step by step.
            stack.helm("uninstall", "spaces", "-n", "upbound-release-move");
            stack.project().change(config -> ((Map<String, Object>) config.get(TestProject.KEY_PREFIX + "spaces"))
                    .put("moveFrom", "upbound-release-move/spaces"));
            var move = stack.program().up();
            assertThat(move.steps()).as(move.standardOutput()).contains("replace spaces-release");
            assertThat(stack.cluster().api().helmReleaseValues("upbound-elsewhere", "spaces")).isPresent();
            assertThat(stack.cluster().api().helmReleaseValues("upbound-release-move", "spaces")).isEmpty();
            var stale = stack.program().tryUp();
            assertThat(stale.diagnostics("error").get(0)).isEqualTo("invalid configuration: spaces.moveFrom:"
                    + " 'upbound-release-move/spaces', but this stack's Spaces release is 'upbound-elsewhere/spaces', where"
                    + " it stays: the move is done, remove spaces.moveFrom");
            stack.project().change(config -> ((Map<String, Object>) config.get(TestProject.KEY_PREFIX + "spaces"))
                    .remove("moveFrom"));
            assertThat(stack.program().up().steps()).isEmpty();
        }
    }

    /** getCallerIdentity answers for another account than the OIDC provider's: refused before anything is made. */
    @Test
    void credentialsOfAnotherAccountAreRefusedBeforeAnythingIsCreated() throws Exception {
        try (var stack = RealStack.dev("other-account", "999988887777", config -> { })) {
            var run = stack.program().tryUp();

            assertThat(run.failure()).as("pulumi up fails").isNotNull();
            assertThat(run.diagnostics("error").get(0)).isEqualTo("invalid configuration: AWS credentials: of account"
                    + " 999988887777 ('arn:aws:sts::999988887777:assumed-role/deploy/pulumi'), but the role this stack"
                    + " makes is arn:aws:iam::111122223333:role/spaces-backup-identity-other-account, in account"
                    + " 111122223333 of the cluster's OIDC provider; deploy with credentials of account 111122223333,"
                    + " or point the stack at the cluster of account 999988887777");
            assertThat(stack.aws().calls()).noneMatch(call -> call.method().startsWith("Create"));
            assertThat(stack.aws().calls(("Invoke"), AwsStandIn.CALLER_IDENTITY)).hasSize(1);
        }
    }

    /** Pod Identity associations go into the cluster's region: an aws:region elsewhere is refused, nothing made. */
    @Test
    void podIdentityWithAnotherRegionThanTheClustersIsRefused() throws Exception {
        try (var stack = RealStack.dev("other-region", RealStack.ACCOUNT, config -> {
            config.put("aws:region", "us-west-2");
            config.put(TestProject.KEY_PREFIX + "identity", Map.of("mode", "podIdentity"));
        })) {
            var run = stack.program().tryUp();

            assertThat(run.failure()).as("pulumi up fails").isNotNull();
            assertThat(String.join("\n", run.diagnostics("error"))).contains("us-east-1").contains("us-west-2")
                    .contains("aws:region");
            assertThat(stack.aws().calls()).noneMatch(call -> call.method().startsWith("Create"));
        }
    }

    /** Each upgrade leaves a release Secret; Helm keeps the newest ten (maxHistory), not every one. */
    @Test
    @SuppressWarnings("unchecked")
    void theReleaseKeepsAtMostTenRevisions() throws Exception {
        try (var stack = RealStack.dev("history", RealStack.ACCOUNT, config -> { })) {
            stack.spacesAfter(Duration.ZERO);
            stack.program().up();
            for (int i = 1; i <= 11; i++) {
                var revision = "r" + i;
                stack.project().change(config -> {
                    var spaces = (Map<String, Object>) config.get(TestProject.KEY_PREFIX + "spaces");
                    var values = new LinkedHashMap<>((Map<String, Object>) spaces.get("values"));
                    values.put("revision", revision);
                    spaces.put("values", values);
                });
                var run = stack.program().up();
                assertThat(run.steps()).as(run.standardOutput()).containsExactly("update spaces-release");
            }

            assertThat(stack.cluster().api().helmReleaseRevisions(stack.releaseNamespace(), "spaces")).isEqualTo(10);
            assertThat(stack.cluster().helmReleaseValues(stack.releaseNamespace(), "spaces")).containsEntry("revision", "r11");
            assertThat(List.of(stack.aws().roleNames())).hasSize(1);
        }
    }
}
