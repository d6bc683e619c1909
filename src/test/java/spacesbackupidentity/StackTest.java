package spacesbackupidentity;

import com.pulumi.core.internal.Internal;
import com.pulumi.kubernetes.ProviderArgs;
import com.pulumi.kubernetes.helm.v3.ReleaseArgs;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import spacesbackupidentity.plan.ResourceNames;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static spacesbackupidentity.Declared.PATCH;
import static spacesbackupidentity.Declared.PROVIDER;
import static spacesbackupidentity.Declared.RELEASE;
import static spacesbackupidentity.Declared.ROLE;
import static spacesbackupidentity.Declared.ROLE_POLICY;
import static spacesbackupidentity.Declared.SHARED_BACKUP_CONFIG;
import static spacesbackupidentity.Declared.SERVICE_ACCOUNT_PATCH;
import static spacesbackupidentity.Declared.at;
import static spacesbackupidentity.StackConfig.id;

/** The whole stack under Pulumi mocks: what each resource receives, and how they depend on each other. */
class StackTest {
    static final String ROLE_ARN = "arn:aws:iam::123456789012:role/spaces-backup-identity-test";

    @Test
    void declaresTheRoleItsPolicyTheProviderTheReleaseAndOneRolloutPerControlPlane() {
        var declared = Declared.run(StackConfig.valid());

        assertThat(declared.result().registrations()).extracting(r -> r.type() + " " + r.name())
                .containsExactlyInAnyOrder(
                        Declared.STACK_REFERENCE + " previous-deployment",
                        ROLE + " backup-role",
                        ROLE_POLICY + " backup-role-permissions",
                        PROVIDER + " spaces-cluster",
                        RELEASE + " spaces-release",
                        PATCH + " rollout-default/ctp-0",
                        PATCH + " rollout-default/ctp-2",
                        PATCH + " rollout-team-a/ctp-1",
                        SERVICE_ACCOUNT_PATCH + " service-account-identity-default/ctp-0",
                        SERVICE_ACCOUNT_PATCH + " service-account-identity-default/ctp-2",
                        SERVICE_ACCOUNT_PATCH + " service-account-identity-team-a/ctp-1",
                        SHARED_BACKUP_CONFIG + " shared-backup-config-default",
                        SHARED_BACKUP_CONFIG + " shared-backup-config-team-a");
    }

    @Test
    void theRoleIsNamedInAdvanceAndTrustsTheControlPlanesServiceAccounts() {
        var declared = Declared.run(StackConfig.valid().json("role", Map.of("path", "/spaces/",
                "maxSessionDuration", 7200, "tags", Map.of("team", "platform"),
                "permissionsBoundary", "arn:aws:iam::123456789012:policy/boundary")));
        var role = declared.inputs(ROLE, "backup-role");

        assertThat(role).containsEntry("name", "spaces-backup-identity-test").containsEntry("path", "/spaces/")
                .containsEntry("maxSessionDuration", 7200.0).containsEntry("tags", Map.of("team", "platform"))
                .containsEntry("permissionsBoundary", "arn:aws:iam::123456789012:policy/boundary");
        var trust = IamPolicy.fromJson((String) role.get("assumeRolePolicy"));
        assertThat(trust.statements().get(0).conditions()).filteredOn(c -> c.key().value().endsWith(":sub"))
                .extracting(c -> c.value()).containsExactly(
                        "system:serviceaccount:mxp-" + id(0) + "-system:mxp-controller",
                        "system:serviceaccount:mxp-" + id(1) + "-system:mxp-controller",
                        "system:serviceaccount:mxp-" + id(2) + "-system:mxp-controller");
        assertThat(declared.output("roleArn")).isEqualTo("arn:aws:iam::123456789012:role/spaces/spaces-backup-identity-test");
        assertThat(declared.output("trustPolicy")).isEqualTo(role.get("assumeRolePolicy"));
    }

    @Test
    void thePermissionsPolicyIsAttachedToTheRole() {
        var declared = Declared.run(StackConfig.valid());
        var policy = declared.inputs(ROLE_POLICY, "backup-role-permissions");

        assertThat(policy).containsEntry("role", "spaces-backup-identity-test")
                .containsEntry("name", "spaces-backup-objects")
                .containsEntry("policy", declared.output("permissionsPolicy"));
    }

    @Test
    void theReleaseIsNamedExactlyAndCarriesTheIdentityValues() {
        var declared = Declared.run(StackConfig.valid()
                .json("podLabels", Map.of("team", "platform"))
                .json("spaces", Map.of("version", "1.14.1", "releaseName", "spaces-prod", "namespace", "spaces",
                        "valuesFiles", List.of("values/base.yaml"),
                        "values", Map.of("api", Map.of("replicaCount", 3)))));
        var release = declared.inputs(RELEASE, "spaces-release");

        assertThat(release).containsEntry("name", "spaces-prod").containsEntry("namespace", "spaces")
                .containsEntry("chart", "oci://xpkg.upbound.io/spaces-artifacts/spaces")
                .containsEntry("version", "1.14.1").doesNotContainKey("repositoryOpts");
        var values = release.get("values");
        assertThat(at(values, "controlPlanes", "mxpController", "serviceAccount", "annotations")).isEqualTo(Map.of(
                "eks.amazonaws.com/role-arn", ROLE_ARN, "team.acme.io/owner", "platform"));
        assertThat(at(values, "controlPlanes", "mxpController", "pod", "customLabels"))
                .isEqualTo(Map.of("team", "platform", "cost-center", "4711"));
        assertThat(at(values, "api", "replicaCount")).isEqualTo(3.0);
        assertThat(at(values, "releaseDate")).isEqualTo("2026-01-02");
        assertThat(declared.output("releaseName")).isEqualTo("spaces-prod");
        assertThat(declared.output("releaseNamespace")).isEqualTo("spaces");
    }

    /** Helm deletes a chart default set to null; the values the engine receives keep every null. */
    @Test
    void nullHelmValuesReachTheEngineAtEveryDepth() {
        var declared = Declared.run(StackConfig.valid().set("spaces", "{\"version\": \"1.14.1\", \"values\":"
                + " {\"telemetry\": null, \"features\": {\"audit\": null, \"keep\": 1}, \"list\": [null, 2]}}"));
        @SuppressWarnings("unchecked")
        var values = (Map<String, Object>) declared.inputs(RELEASE, "spaces-release").get("values");

        assertThat(values).containsEntry("telemetry", null).containsEntry("list", java.util.Arrays.asList(null, 2.0));
        var features = new java.util.HashMap<String, Object>();
        features.put("audit", null);
        features.put("keep", 1.0);
        assertThat(at(values, "features")).isEqualTo(features);
    }

    @Test
    void registryCredentialsAndTheKubeconfigReachTheirResourcesAsSecrets() {
        var declared = Declared.run(StackConfig.valid().json("registry", Map.of("username", "robot",
                "password", "hunter2")).secret("registry"));

        var repository = at(declared.inputs(RELEASE, "spaces-release"), "repositoryOpts");
        assertThat(Declared.secretValue(at(repository, "username"))).isEqualTo("robot");
        assertThat(Declared.secretValue(at(repository, "password"))).isEqualTo("hunter2");
        assertThat(Declared.secretValue(declared.inputs(PROVIDER, "spaces-cluster").get("kubeconfig")))
                .isEqualTo(StackConfig.KUBECONFIG);
        assertThat(declared.inputs(PROVIDER, "spaces-cluster")).containsEntry("enableServerSideApply", "true");
        assertThat(declared.result().outputs().values()).noneMatch(o -> String.valueOf(o).contains("hunter2"));
        assertThat(declared.inputs(RELEASE, "spaces-release").get("values")).isNotInstanceOf(
                spacesbackupidentity.settings.Secret.class);
    }

    @Test
    void theAmbientKubeconfigIsUsedOnlyWhenAskedFor() {
        var declared = Declared.run(StackConfig.valid().remove("kubeconfig").set("useAmbientKubeconfig", "true"));

        assertThat(declared.inputs(PROVIDER, "spaces-cluster")).doesNotContainKey("kubeconfig");
    }

    @Test
    void eachRolloutPatchesOnlyTheDigestOnItsControlPlanesDeployment() {
        var declared = Declared.run(StackConfig.valid());
        var patch = declared.inputs(PATCH, "rollout-team-a/ctp-1");

        assertThat(at(patch, "metadata")).isEqualTo(Map.of(
                "name", "mxp-controller",
                "namespace", "mxp-" + id(1) + "-system",
                "annotations", Map.of("pulumi.com/patchForce", "true",
                        "pulumi.com/patchFieldManager", "spaces-backup-identity")));
        assertThat(at(patch, "spec")).isEqualTo(Map.of("template", Map.of("metadata", Map.of("annotations",
                Map.of("spaces-backup-identity/identity-digest", declared.output("identityDigest"))))));
    }

    @Test
    void dependenciesRunFromRoleAndPolicyToReleaseToRollouts() {
        var declared = Declared.run(StackConfig.valid());

        assertThat(declared.options(RELEASE, "spaces-release").dependencies())
                .containsExactly("backup-role", "backup-role-permissions");
        assertThat(declared.options(RELEASE, "spaces-release").provider()).contains("spaces-cluster");
        assertThat(declared.all(PATCH)).as("rollout patches").isNotEmpty();
        for (var patch : declared.all(PATCH)) {
            var options = declared.options(PATCH, patch.name());
            assertThat(options.dependencies()).containsExactly("backup-role", "backup-role-permissions",
                    patch.name().replace("rollout-", "service-account-identity-"), "spaces-release");
            assertThat(options.provider()).contains("spaces-cluster");
        }
        assertThat(declared.all(SERVICE_ACCOUNT_PATCH)).hasSize(3).allSatisfy(wait -> {
            var options = declared.options(SERVICE_ACCOUNT_PATCH, wait.name());
            assertThat(options.dependencies()).containsExactly("spaces-release");
            assertThat(options.provider()).contains("spaces-cluster");
            assertThat(options.retainOnDelete()).isTrue();
        });
        assertThat(declared.inputs(ROLE_POLICY, "backup-role-permissions").get("role"))
                .isEqualTo(declared.inputs(ROLE, "backup-role").get("name"));
    }

    @Test
    void adoptionImportsTheExistingReleaseAndKeepsItOnDestroy() {
        var adopted = Declared.run(StackConfig.valid().json("spaces", Map.of("version", "1.14.1",
                "adoptExisting", true)));
        var fresh = Declared.run(StackConfig.valid());

        assertThat(adopted.one(RELEASE, "spaces-release").options().importId()).contains("upbound-system/spaces");
        assertThat(adopted.options(RELEASE, "spaces-release").importId()).contains("upbound-system/spaces");
        assertThat(adopted.options(RELEASE, "spaces-release").retainOnDelete()).isTrue();
        assertThat(fresh.one(RELEASE, "spaces-release").options().importId()).isEmpty();
        assertThat(fresh.options(RELEASE, "spaces-release").retainOnDelete())
                .as("uninstalling Spaces deletes every control plane: never by default").isTrue();
        assertThat(adopted.all(ROLE)).allSatisfy(r -> assertThat(r.options().importId()).isEmpty());
    }

    @Test
    void theOutputsGiveWhatOtherStacksReference() {
        var declared = Declared.run(StackConfig.valid());

        assertThat(declared.result().outputs()).containsOnlyKeys("roleArn", "roleName", "trustPolicy",
                "permissionsPolicy", "controlPlaneNamespaces", "trustPolicySize", "trustPolicyQuota",
                "trustPolicyRemainingCharacters", "identityMode", "remainingControlPlanes", "identityDigest",
                "sharedBackupConfigs", "sharedBackupSchedules", "releaseName", "releaseNamespace");
        assertThat(declared.output("roleArn")).isEqualTo(ROLE_ARN);
        assertThat(declared.output("roleName")).isEqualTo("spaces-backup-identity-test");
        assertThat(declared.output("controlPlaneNamespaces")).isEqualTo(Map.of(
                "default/ctp-0", "mxp-" + id(0) + "-system",
                "default/ctp-2", "mxp-" + id(2) + "-system",
                "team-a/ctp-1", "mxp-" + id(1) + "-system"));
        assertThat(declared.output("trustPolicySize")).isEqualTo(697);
        assertThat(declared.output("trustPolicyQuota")).isEqualTo(2048);
        assertThat(declared.output("trustPolicyRemainingCharacters")).isEqualTo(2048 - 697);
        assertThat(declared.output("identityMode")).isEqualTo("irsa");
        assertThat(declared.output("remainingControlPlanes")).isEqualTo(15);
        assertThat(declared.result().outputs().values()).noneMatch(Declared::isSecret);
    }

    @Test
    void sameConfigDeclaresTheSameInputs() {
        var first = Declared.run(StackConfig.valid());
        var second = Declared.run(StackConfig.valid());

        for (var type : List.of(ROLE, ROLE_POLICY, PROVIDER, RELEASE, PATCH)) {
            assertThat(second.inputsByName(type)).isEqualTo(first.inputsByName(type));
        }
    }

    @Test
    void aNewRoleRollsEveryControllerOnce() {
        var before = Declared.run(StackConfig.valid());
        var renamed = StackConfig.valid().json("role", Map.of("name", "spaces-backups-v2"));
        var after = Declared.run(renamed);
        var again = Declared.run(renamed);

        var digestBefore = before.output("identityDigest");
        var digestAfter = after.output("identityDigest");
        assertThat(digestAfter).isNotEqualTo(digestBefore);
        assertThat(after.all(PATCH)).as("rollout patches").isNotEmpty();
        for (var patch : after.all(PATCH)) {
            assertThat(digestIn(patch.inputs())).isEqualTo(digestAfter);
            assertThat(digestIn(before.inputs(PATCH, patch.name()))).isEqualTo(digestBefore);
        }
        assertThat(again.inputsByName(PATCH)).isEqualTo(after.inputsByName(PATCH));
    }

    @Test
    void newPodLabelsRollEveryController() {
        var before = Declared.run(StackConfig.valid());
        var after = Declared.run(StackConfig.valid().json("podLabels", Map.of("team", "platform")));

        assertThat(after.all(PATCH)).as("rollout patches").isNotEmpty();
        for (var patch : after.all(PATCH)) {
            assertThat(patch.inputs()).isNotEqualTo(before.inputs(PATCH, patch.name()));
        }
    }

    @Test
    void aNewControlPlaneAddsOnlyItsOwnRolloutAndLeavesTheOthersUntouched() {
        var three = Declared.run(StackConfig.valid());
        var four = Declared.run(StackConfig.valid().controlPlanes(StackConfig.controlPlanes(4)));

        var before = three.inputsByName(PATCH);
        var after = four.inputsByName(PATCH);
        assertThat(after.keySet()).containsExactlyInAnyOrder(
                "rollout-default/ctp-0", "rollout-default/ctp-2", "rollout-team-a/ctp-1", "rollout-team-a/ctp-3");
        before.forEach((name, inputs) -> assertThat(after.get(name)).as(name).isEqualTo(inputs));
        assertThat(four.inputs(ROLE, "backup-role").get("assumeRolePolicy"))
                .isNotEqualTo(three.inputs(ROLE, "backup-role").get("assumeRolePolicy"));
        assertThat(four.inputs(RELEASE, "spaces-release")).isEqualTo(three.inputs(RELEASE, "spaces-release"));
    }

    @Test
    void oneNameInTwoGroupsIsTwoControlPlanes() {
        var declared = Declared.run(StackConfig.valid().controlPlanes(List.of(
                Map.of("name", "ctp", "group", "default", "id", id(1)),
                Map.of("name", "ctp", "group", "team-a", "id", id(2)))));

        assertThat(declared.all(PATCH)).extracting(r -> r.name())
                .containsExactlyInAnyOrder("rollout-default/ctp", "rollout-team-a/ctp");
        assertThat(ResourceNames.rollout(new spacesbackupidentity.settings.ControlPlane("a", "b", "ns")))
                .isEqualTo("rollout-a/b");
    }

    static Object digestIn(Map<String, Object> patchInputs) {
        return at(patchInputs, "spec", "template", "metadata", "annotations", "spaces-backup-identity/identity-digest");
    }

    /**
     * Each rollout waits for its control plane's service account to carry the identity Spaces writes
     * there from the release's values (IRSA: the role annotation), for spaces.propagationTimeout.
     */
    @Test
    void eachServiceAccountIsAwaitedUntilItCarriesTheRoleAnnotation() {
        var declared = Declared.run(StackConfig.valid().json("spaces", Map.of("version", "1.14.1",
                "propagationTimeout", "2m30s")));

        assertThat(declared.inputs(SERVICE_ACCOUNT_PATCH, "service-account-identity-team-a/ctp-1").get("metadata"))
                .isEqualTo(Map.of("name", "mxp-controller", "namespace", "mxp-" + id(1) + "-system",
                        "annotations", Map.of(
                                "pulumi.com/waitFor", "jsonpath={.metadata.annotations['eks.amazonaws.com/role-arn']}="
                                        + ROLE_ARN,
                                "pulumi.com/timeoutSeconds", "150",
                                "pulumi.com/patchFieldManager", "spaces-backup-identity")));
    }

    /** With Pod Identity alone the service account must have lost the annotation: no pod keeps IRSA credentials. */
    @Test
    void withPodIdentityAloneTheServiceAccountIsAwaitedUntilItHasNoRoleAnnotation() {
        var declared = Declared.run(StackConfig.valid().identityMode("podIdentity").set("clusterArn",
                "arn:aws:eks:us-east-1:" + StackConfig.ACCOUNT + ":cluster/acme"));

        assertThat(at(declared.inputs(SERVICE_ACCOUNT_PATCH, "service-account-identity-default/ctp-0"), "metadata",
                "annotations")).isEqualTo(Map.of(
                "pulumi.com/waitFor", "jsonpath={$[?@.name && !@.annotations['eks.amazonaws.com/role-arn']].name}",
                "pulumi.com/timeoutSeconds", "600",
                "pulumi.com/patchFieldManager", "spaces-backup-identity"));
    }

    @Test
    void theReleaseKeepsTenRevisionsAndWaitsTenMinutesAndTheRoleIsDeletedBeforeItIsReplaced() {
        var declared = Declared.run(StackConfig.valid());

        assertThat(declared.inputs(RELEASE, "spaces-release")).containsEntry("maxHistory", 10.0)
                .containsEntry("timeout", 600.0);
        assertThat(declared.options(ROLE, "backup-role").deleteBeforeReplace()).isTrue();
    }

    /** The deploying credentials must be of the role's account: checked before anything is declared. */
    @Test
    void credentialsOfAnotherAccountAreRefusedBeforeAnythingIsDeclared() {
        var result = StackRun.of(StackConfig.valid(), Map.of(), List.of(), StackRun.PROJECT_DIR, "999988887777");

        assertThat(result.error()).get().extracting(Throwable::getMessage).isEqualTo("invalid configuration: AWS"
                + " credentials: of account 999988887777 ('arn:aws:sts::999988887777:assumed-role/deploy/offline'), but"
                + " the role this stack makes is " + ROLE_ARN + ", in account 123456789012 of the cluster's OIDC"
                + " provider; deploy with credentials of account 123456789012, or point the stack at the cluster of"
                + " account 999988887777");
        assertThat(result.registrations()).isEmpty();
    }

    /**
     * The stack reads its own last outputs: a release that would move to another namespace or name
     * is refused before anything is declared, with how to move Spaces.
     */
    @Test
    void aReleaseThatWouldMoveIsRefusedBeforeAnythingIsDeclared() {
        var result = withPrevious(StackConfig.valid().json("spaces", Map.of("version", "1.14.1", "namespace",
                "spaces-new")), Map.of("releaseNamespace", "upbound-system", "releaseName", "spaces"));

        assertThat(result.error()).get().extracting(Throwable::getMessage).isEqualTo("invalid configuration:"
                + " spaces.namespace: 'spaces-new', but this stack's Spaces is installed in 'upbound-system'; a second"
                + " install beside it would collide with it, and this stack keeps the old one. Keep the old value, or"
                + " move Spaces: uninstall it (helm uninstall spaces -n upbound-system), then set spaces.moveFrom to"
                + " 'upbound-system/spaces' and run pulumi up, which installs it anew (or adopts one you installed,"
                + " with spaces.adoptExisting); remove moveFrom after");
        assertThat(result.registrations()).extracting(r -> r.name()).containsExactly("previous-deployment");
        assertThat(withPrevious(StackConfig.valid(), Map.of("releaseNamespace", "upbound-system",
                "releaseName", "spaces")).error()).isEmpty();
    }

    /** spaces.moveFrom says where the release is now: the move goes ahead; a stale or wrong one is refused. */
    @Test
    void moveFromAllowsTheMoveOnlyFromWhereTheReleaseIs() {
        var moving = StackConfig.valid().json("spaces", Map.of("version", "1.14.1", "namespace", "spaces-new",
                "moveFrom", "upbound-system/spaces"));
        var at = Map.<String, Object>of("releaseNamespace", "upbound-system", "releaseName", "spaces");
        var moved = Map.<String, Object>of("releaseNamespace", "spaces-new", "releaseName", "spaces");

        assertThat(withPrevious(moving, at).error()).isEmpty();
        assertThat(withPrevious(moving, moved).error()).get().extracting(Throwable::getMessage).isEqualTo(
                "invalid configuration: spaces.moveFrom: 'upbound-system/spaces', but this stack's Spaces release is"
                        + " 'spaces-new/spaces', where it stays: the move is done, remove spaces.moveFrom");
        assertThat(withPrevious(moving, Map.of("releaseNamespace", "elsewhere", "releaseName", "spaces")).error())
                .get().extracting(Throwable::getMessage).isEqualTo("invalid configuration: spaces.moveFrom:"
                        + " 'upbound-system/spaces', but this stack's Spaces release is 'elsewhere/spaces'; name where"
                        + " it is, as NAMESPACE/NAME");
    }

    /** Fail closed: last outputs that are there but unreadable, or a self-read that fails, stop the update. */
    @Test
    void unreadableLastOutputsAreRefused() {
        var unreadable = withPrevious(StackConfig.valid(), Map.of("releaseNamespace", 42.0));
        var failed = spacesbackupidentity.offline.OfflineRun.run(StackConfig.PROJECT, StackConfig.STACK,
                StackConfig.valid().engineConfig(), new RefusingCloud(args -> args.name.equals("previous-deployment")
                        ? Optional.of("permission denied") : Optional.empty()), ctx -> App.program(ctx, StackRun.PROJECT_DIR));

        assertThat(unreadable.error()).get().extracting(Throwable::getMessage).isEqualTo("invalid configuration:"
                + " spaces: this stack's last outputs releaseNamespace and releaseName do not both name where its"
                + " Spaces release is (not two texts), so a move cannot be ruled out; check them with pulumi stack output");
        // The engine reports the failed read itself; the program stops there and declares nothing after it.
        assertThat(failed.error()).get().extracting(Throwable::getMessage).isEqualTo("permission denied");
        assertThat(failed.registrations()).extracting(r -> r.name()).containsExactly("previous-deployment");
    }

    /** Fail closed: credentials whose account cannot be told refuse the update. */
    @Test
    void credentialsWhoseAccountCannotBeToldAreRefused() {
        var result = spacesbackupidentity.offline.OfflineRun.run(StackConfig.PROJECT, StackConfig.STACK,
                StackConfig.valid().engineConfig(), new spacesbackupidentity.offline.OfflineCloud(Map.of(), List.of()),
                ctx -> App.program(ctx, StackRun.PROJECT_DIR));

        assertThat(result.error()).get().extracting(Throwable::getMessage).asString().startsWith("invalid configuration:"
                + " AWS credentials: cannot tell which account they are of (sts:GetCallerIdentity: '").endsWith("'); the"
                + " stack checks it before it makes anything");
        assertThat(result.registrations()).isEmpty();
    }

    private static spacesbackupidentity.offline.OfflineRun.Result withPrevious(StackConfig config,
                                                                              Map<String, Object> previous) {
        return spacesbackupidentity.offline.OfflineRun.run(StackConfig.PROJECT, StackConfig.STACK, config.engineConfig(),
                StackRun.cloud().withPreviousDeployment(previous), ctx -> App.program(ctx, StackRun.PROJECT_DIR));
    }
}
