package spacesbackupidentity.plan;

import software.amazon.awssdk.policybuilder.iam.IamConditionOperator;
import software.amazon.awssdk.policybuilder.iam.IamEffect;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamStatement;
import spacesbackupidentity.rules.AwsNames;
import spacesbackupidentity.rules.AwsPartitions;
import spacesbackupidentity.settings.BackupSettings;
import spacesbackupidentity.settings.Workload;
import spacesbackupidentity.settings.WorkloadSettings;

import java.util.List;

/**
 * What an S3 workload's role may do (control-plane backups, Space backups, billing): read, write and
 * (unless the grant says otherwise) delete its objects (under the prefix when one is set), list the
 * bucket (limited to keys under that prefix), and use the bucket's KMS key when one is given, only
 * through S3 and only for this bucket. Nothing broader.
 */
public final class PermissionsPolicy {
    public static final List<String> OBJECT_ACTIONS = List.of("s3:DeleteObject", "s3:GetObject", "s3:PutObject");
    /** Billing's, unless workloads.billing.deleteObjects: Upbound's Pod Identity policy for it has no delete. */
    public static final List<String> WRITE_ONLY_OBJECT_ACTIONS = List.of("s3:GetObject", "s3:PutObject");
    public static final String LIST_ACTION = "s3:ListBucket";
    /**
     * SSE-KMS needs only these: GenerateDataKey to write, Decrypt to read and to complete multipart
     * uploads (S3 user guide, "Using server-side encryption with AWS KMS keys", permissions).
     * kms:Encrypt is never called by S3.
     */
    public static final List<String> KMS_ACTIONS = List.of("kms:Decrypt", "kms:GenerateDataKey");

    private PermissionsPolicy() {
    }

    /** Control-plane backups' policy: their statement IDs, since the first version. */
    public static IamPolicy forBackups(String partition, BackupSettings backup) {
        return forBucket(partition, new WorkloadSettings.BucketGrant(backup.location(), true, BackupSettings.KEY),
                Sids.of(Workload.CONTROL_PLANE_BACKUPS));
    }

    /** The statement IDs of one workload's S3 policy: they say in the policy whose it is. */
    public record Sids(String list, String readWrite, String key) {
        static Sids of(Workload workload) {
            if (workload.equals(Workload.SPACE_BACKUPS)) {
                return new Sids("ListSpaceBackups", "ReadWriteSpaceBackups", "UseSpaceBackupKey");
            }
            if (workload.equals(Workload.BILLING)) {
                return new Sids("ListBillingData", "ReadWriteBillingData", "UseBillingKey");
            }
            return new Sids("ListBackups", "ReadWriteBackups", "UseBackupKey");
        }
    }

    /**
     * One workload's objects in one bucket: read and write (and delete, when the grant says so) under
     * the prefix, list only there, and the bucket's KMS key through S3 for this bucket only.
     */
    public static IamPolicy forBucket(String partition, WorkloadSettings.BucketGrant grant, Sids sids) {
        var location = grant.location();
        var bucketArn = "arn:" + partition + ":s3:::" + location.bucket();
        var objectArns = bucketArn + "/" + location.prefix().map(p -> p + "/").orElse("") + "*";
        var list = IamStatement.builder()
                .sid(sids.list())
                .effect(IamEffect.ALLOW)
                .addAction(LIST_ACTION)
                .addResource(bucketArn);
        // "prefix/" and "prefix/*", not a bare "prefix", which would also list "prefix-other/".
        location.prefix().ifPresent(prefix -> list.addConditions(IamConditionOperator.STRING_LIKE, "s3:prefix",
                List.of(prefix + "/", prefix + "/*")));
        var objects = IamStatement.builder()
                .sid(sids.readWrite())
                .effect(IamEffect.ALLOW)
                .actionIds(grant.deleteObjects() ? OBJECT_ACTIONS : WRITE_ONLY_OBJECT_ACTIONS)
                .addResource(objectArns);
        var policy = IamPolicy.builder()
                .addStatement(list.build())
                .addStatement(objects.build());
        // Only S3 may use the key for the role (kms:ViaService), and only for this bucket: S3 sets the
        // encryption context aws:s3:arn to the object's ARN, or the bucket's when S3 Bucket Keys are on
        // (S3 user guide, "Encryption context"). Direct kms:Decrypt of other ciphertexts is refused.
        location.kmsKeyArn().ifPresent(key -> {
            var region = AwsNames.kmsKeyRegion(key);
            var s3 = AwsPartitions.ofRegion(region).orElseThrow().s3Endpoint(region);
            policy.addStatement(IamStatement.builder()
                    .sid(sids.key())
                    .effect(IamEffect.ALLOW)
                    .actionIds(KMS_ACTIONS)
                    .addResource(key)
                    .addCondition(IamConditionOperator.STRING_EQUALS, "kms:ViaService", s3)
                    .addConditions(IamConditionOperator.STRING_LIKE, "kms:EncryptionContext:aws:s3:arn",
                            List.of(bucketArn, objectArns))
                    .build());
        });
        return policy.build();
    }
}
