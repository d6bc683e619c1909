package spacesbackupidentity.plan;

import org.junit.jupiter.api.Test;
import spacesbackupidentity.settings.IdentityMode;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The wait's condition, written for the Kubernetes provider and read back for the summary from one place. */
class ServiceAccountIdentityTest {
    static final String ARN = "arn:aws:iam::111122223333:role/spaces-backup-identity-dev";

    @Test
    void underIrsaTheServiceAccountMustCarryTheRolesArn() {
        var identity = ServiceAccountIdentity.of(IdentityMode.IRSA, ARN);

        assertThat(identity.waitFor()).isEqualTo("jsonpath={.metadata.annotations['eks.amazonaws.com/role-arn']}=" + ARN);
        assertThat(identity.roleArn()).contains(ARN);
        assertThat(ServiceAccountIdentity.of(IdentityMode.BOTH, ARN)).isEqualTo(identity);
        assertThat(ServiceAccountIdentity.ofWaitFor(identity.waitFor())).contains(identity);
    }

    @Test
    void underPodIdentityAloneTheServiceAccountMustLackTheAnnotation() {
        var identity = ServiceAccountIdentity.of(IdentityMode.POD_IDENTITY, ARN);

        assertThat(identity.waitFor()).isEqualTo("jsonpath={$[?@.name && !@.annotations['eks.amazonaws.com/role-arn']].name}");
        assertThat(identity.roleArn()).isEmpty();
        assertThat(ServiceAccountIdentity.ofWaitFor(identity.waitFor())).contains(identity);
    }

    @Test
    void aConditionOfAnotherShapeIsNotReadAsAnIdentity() {
        assertThat(ServiceAccountIdentity.ofWaitFor("jsonpath={.metadata.annotations['eks.amazonaws.com/role-arn']}="))
                .isEqualTo(Optional.empty());
        assertThat(ServiceAccountIdentity.ofWaitFor("condition=Ready")).isEmpty();
        assertThat(ServiceAccountIdentity.ofWaitFor("jsonpath={.metadata.annotations['other']}=" + ARN)).isEmpty();
    }
}
