package spacesbackupidentity.plan;

import org.junit.jupiter.api.Test;
import spacesbackupidentity.StackConfig;
import spacesbackupidentity.settings.ClusterFacts;
import spacesbackupidentity.settings.InvalidConfigException;
import spacesbackupidentity.settings.OidcProvider;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdentityPlanTest {
    static final OidcProvider OIDC = OidcProvider.parse("oidcProviderArn", StackConfig.OIDC_ARN);

    /** Control-plane backups' plan. */
    static WorkloadPlan plan(StackConfig config) {
        return IdentityPlan.of(config.settings(), new ClusterFacts(Optional.of(OIDC), Optional.empty(), Optional.empty()))
                .workload(spacesbackupidentity.settings.Workload.CONTROL_PLANE_BACKUPS).orElseThrow();
    }

    @Test
    void theRoleArnIsKnownBeforeTheRoleExists() {
        assertThat(plan(StackConfig.valid()).roleArn())
                .isEqualTo("arn:aws:iam::123456789012:role/spaces-backup-identity-test");
        assertThat(plan(StackConfig.valid().json("role", Map.of("name", "mxp", "path", "/spaces/"))).roleArn())
                .isEqualTo("arn:aws:iam::123456789012:role/spaces/mxp");
    }

    @Test
    void credentialsOfTheRolesAccountMayDeployAndOthersAreRefusedNamingBoth() {
        var plan = IdentityPlan.of(StackConfig.valid().settings(), new ClusterFacts(Optional.of(OIDC), Optional.empty(),
                Optional.empty()));
        plan.checkDeployingAccount("123456789012", "arn:aws:sts::123456789012:assumed-role/deploy/ci", "123456789012");

        assertThatThrownBy(() -> plan.checkDeployingAccount("999999999999", "arn:aws:iam::999999999999:user/ops",
                "123456789012")).isInstanceOf(InvalidConfigException.class).hasMessage("invalid configuration: AWS"
                + " credentials: of account 999999999999 ('arn:aws:iam::999999999999:user/ops'), but the role this stack"
                + " makes is arn:aws:iam::123456789012:role/spaces-backup-identity-test, in account 123456789012 of the"
                + " cluster's OIDC provider; deploy with credentials of account 123456789012, or point the stack at the"
                + " cluster of account 999999999999");
    }

    @Test
    void credentialsOfAnotherAccountAreRefusedNamingEveryRoleTheStackMakes() {
        var plan = IdentityPlan.of(StackConfig.valid().json("workloads", Map.of("sharedSecrets", true)).settings(),
                new ClusterFacts(Optional.of(OIDC), Optional.empty(), Optional.empty()));

        assertThatThrownBy(() -> plan.checkDeployingAccount("999999999999", "arn:aws:iam::999999999999:user/ops",
                "123456789012")).isInstanceOf(InvalidConfigException.class).hasMessage("invalid configuration: AWS"
                + " credentials: of account 999999999999 ('arn:aws:iam::999999999999:user/ops'), but the roles this"
                + " stack makes are arn:aws:iam::123456789012:role/spaces-backup-identity-test,"
                + " arn:aws:iam::123456789012:role/spaces-backup-identity-test-shared-secrets, in account 123456789012"
                + " of the cluster's OIDC provider; deploy with credentials of account 123456789012, or point the"
                + " stack at the cluster of account 999999999999");
    }

    @Test
    void theDigestIsStableForTheSameConfig() {
        assertThat(plan(StackConfig.valid()).rolloutDigest()).isEqualTo(plan(StackConfig.valid()).rolloutDigest())
                .matches("[0-9a-f]{64}");
    }

    @Test
    void theDigestChangesWithTheRoleAndTheLabels() {
        var base = plan(StackConfig.valid()).rolloutDigest();

        assertThat(plan(StackConfig.valid().json("role", Map.of("name", "other"))).rolloutDigest()).isNotEqualTo(base);
        assertThat(plan(StackConfig.valid().json("podLabels", Map.of("team", "platform"))).rolloutDigest())
                .isNotEqualTo(base);
    }

    @Test
    void theDigestIgnoresWhichControlPlanesExist() {
        assertThat(plan(StackConfig.valid().controlPlanes(StackConfig.controlPlanes(5))).rolloutDigest())
                .isEqualTo(plan(StackConfig.valid()).rolloutDigest());
    }

    @Test
    void exactlyAtTheQuotaPassesAndOneMoreControlPlaneFails() {
        var twenty = StackConfig.valid().controlPlanes(StackConfig.controlPlanes(20));
        int size = plan(twenty.json("iam", Map.of("trustPolicyQuota", 8192))).trustPolicySize().size();
        assertThat(size).isGreaterThan(2048);

        var atQuota = plan(twenty.json("iam", Map.of("trustPolicyQuota", size)));
        assertThat(atQuota.trustPolicySize().remainingCharacters()).isZero();
        assertThat(atQuota.trustPolicySize().additionalUuidControlPlanes()).hasValue(0);

        var oneMore = StackConfig.valid().controlPlanes(StackConfig.controlPlanes(21))
                .json("iam", Map.of("trustPolicyQuota", size));
        // One more subject: 84 characters, two quotes and a comma.
        assertThatThrownBy(() -> plan(oneMore))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("the irsa trust policy for 21 control planes is " + (size + 87)
                        + " characters (without whitespace), over the role trust policy quota of " + size
                        + " (iam.trustPolicyQuota); 20 of these 21 control planes fit");
    }
}
