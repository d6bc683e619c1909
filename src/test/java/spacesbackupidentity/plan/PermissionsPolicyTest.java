package spacesbackupidentity.plan;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamPolicyWriter;
import software.amazon.awssdk.policybuilder.iam.IamStatement;
import spacesbackupidentity.settings.BackupSettings;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class PermissionsPolicyTest {
    static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    static BackupSettings backup(String bucket, Optional<String> prefix, Optional<String> kmsKeyArn) {
        return new BackupSettings(bucket, prefix, kmsKeyArn, Optional.empty(), "aws:region", Optional.empty(),
                new BackupSettings.SharedConfig(false, "default", false), Optional.empty(), false);
    }

    static Map<String, IamStatement> bySid(IamPolicy policy) {
        var readBack = IamPolicy.fromJson(IamPolicyWriter.create().writeToString(policy));
        return readBack.statements().stream().collect(Collectors.toMap(s -> s.sid(), s -> s));
    }

    static List<String> actions(IamStatement s) {
        return s.actions().stream().map(a -> a.value()).sorted().toList();
    }

    static List<String> resources(IamStatement s) {
        return s.resources().stream().map(r -> r.value()).toList();
    }

    @Test
    void withoutPrefixTheWholeBucketsObjects() {
        var statements = bySid(PermissionsPolicy.forBackups("aws",
                backup("acme-backups", Optional.empty(), Optional.empty())));

        assertThat(statements).containsOnlyKeys("ListBackups", "ReadWriteBackups");
        assertThat(actions(statements.get("ListBackups"))).containsExactly("s3:ListBucket");
        assertThat(resources(statements.get("ListBackups"))).containsExactly("arn:aws:s3:::acme-backups");
        assertThat(statements.get("ListBackups").conditions()).isEmpty();
        assertThat(actions(statements.get("ReadWriteBackups")))
                .containsExactly("s3:DeleteObject", "s3:GetObject", "s3:PutObject");
        assertThat(resources(statements.get("ReadWriteBackups"))).containsExactly("arn:aws:s3:::acme-backups/*");
    }

    @Test
    void aPrefixLimitsObjectsAndListing() {
        var statements = bySid(PermissionsPolicy.forBackups("aws",
                backup("acme-backups", Optional.of("spaces/prod"), Optional.empty())));

        assertThat(resources(statements.get("ReadWriteBackups")))
                .containsExactly("arn:aws:s3:::acme-backups/spaces/prod/*");
        var list = statements.get("ListBackups");
        assertThat(list.conditions()).allSatisfy(c -> {
            assertThat(c.operator().value()).isEqualTo("StringLike");
            assertThat(c.key().value()).isEqualTo("s3:prefix");
        });
        // Keys under the prefix only: a bare "spaces/prod" would also list "spaces/prod-old/".
        assertThat(list.conditions().stream().map(c -> c.value()))
                .containsExactlyInAnyOrder("spaces/prod/", "spaces/prod/*");
    }

    /**
     * S3 user guide, "Using server-side encryption with AWS KMS keys": GenerateDataKey to write,
     * Decrypt to read and finish multipart uploads; S3 sets the encryption context aws:s3:arn to
     * the object's ARN, or the bucket's with S3 Bucket Keys. kms:ViaService names S3 in the key's region.
     */
    @Test
    void aKmsKeyAddsOnlyDataKeyUseOnThatKeyThroughS3ForThisBucket() {
        var statements = bySid(PermissionsPolicy.forBackups("aws",
                backup("acme-backups", Optional.of("spaces/prod"), Optional.of(KEY))));

        var useKey = statements.get("UseBackupKey");
        assertThat(actions(useKey)).containsExactly("kms:Decrypt", "kms:GenerateDataKey");
        assertThat(resources(useKey)).containsExactly(KEY);
        assertThat(useKey.conditions()).extracting(c -> c.operator().value() + " " + c.key().value() + " " + c.value())
                .containsExactlyInAnyOrder("StringEquals kms:ViaService s3.us-east-1.amazonaws.com",
                        "StringLike kms:EncryptionContext:aws:s3:arn arn:aws:s3:::acme-backups",
                        "StringLike kms:EncryptionContext:aws:s3:arn arn:aws:s3:::acme-backups/spaces/prod/*");
    }

    @Test
    void theKeysServiceIsS3InTheKeysPartition() {
        var chinaKey = "arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        var statements = bySid(PermissionsPolicy.forBackups("aws-cn",
                backup("acme-backups", Optional.empty(), Optional.of(chinaKey))));

        assertThat(statements.get("UseBackupKey").conditions()).filteredOn(c -> c.key().value().equals("kms:ViaService"))
                .extracting(c -> c.value()).containsExactly("s3.cn-north-1.amazonaws.com.cn");
        assertThat(statements.get("UseBackupKey").conditions())
                .filteredOn(c -> c.key().value().startsWith("kms:EncryptionContext"))
                .extracting(c -> c.value()).containsExactlyInAnyOrder("arn:aws-cn:s3:::acme-backups",
                        "arn:aws-cn:s3:::acme-backups/*");
    }

    @Test
    void bucketArnsFollowThePartition() {
        var statements = bySid(PermissionsPolicy.forBackups("aws-cn",
                backup("acme-backups", Optional.empty(), Optional.empty())));

        assertThat(resources(statements.get("ListBackups"))).containsExactly("arn:aws-cn:s3:::acme-backups");
    }

    @Test
    void nothingBroaderThanTheBackupActionsIsGranted() {
        var statements = bySid(PermissionsPolicy.forBackups("aws",
                backup("acme-backups", Optional.of("p"), Optional.of(KEY))));

        var all = statements.values().stream().flatMap(s -> actions(s).stream()).sorted().toList();
        assertThat(all).containsExactly("kms:Decrypt", "kms:GenerateDataKey", "s3:DeleteObject",
                "s3:GetObject", "s3:ListBucket", "s3:PutObject");
        assertThat(statements.values()).allSatisfy(s -> {
            assertThat(s.effect().value()).isEqualTo("Allow");
            assertThat(resources(s)).noneMatch(r -> r.equals("*"));
        });
    }
}
