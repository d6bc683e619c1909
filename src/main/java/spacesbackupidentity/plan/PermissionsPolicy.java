package spacesbackupidentity.plan;

import software.amazon.awssdk.policybuilder.iam.IamConditionOperator;
import software.amazon.awssdk.policybuilder.iam.IamEffect;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamStatement;
import spacesbackupidentity.rules.AwsNames;
import spacesbackupidentity.rules.AwsPartitions;
import spacesbackupidentity.settings.BackupSettings;

import java.util.List;

/**
 * What the role may do: read, write and delete backup objects (under the prefix when one is set),
 * list the bucket (limited to keys under that prefix), and use the bucket's KMS key when one is given,
 * only through S3 and only for this bucket. Nothing broader.
 */
public final class PermissionsPolicy {
    public static final List<String> OBJECT_ACTIONS = List.of("s3:DeleteObject", "s3:GetObject", "s3:PutObject");
    public static final String LIST_ACTION = "s3:ListBucket";
    /**
     * SSE-KMS needs only these: GenerateDataKey to write, Decrypt to read and to complete multipart
     * uploads (S3 user guide, "Using server-side encryption with AWS KMS keys", permissions).
     * kms:Encrypt is never called by S3.
     */
    public static final List<String> KMS_ACTIONS = List.of("kms:Decrypt", "kms:GenerateDataKey");

    private PermissionsPolicy() {
    }

    public static IamPolicy forBackups(String partition, BackupSettings backup) {
        var bucketArn = "arn:" + partition + ":s3:::" + backup.bucket();
        var objectArns = bucketArn + "/" + backup.prefix().map(p -> p + "/").orElse("") + "*";
        var list = IamStatement.builder()
                .sid("ListBackups")
                .effect(IamEffect.ALLOW)
                .addAction(LIST_ACTION)
                .addResource(bucketArn);
        // "prefix/" and "prefix/*", not a bare "prefix", which would also list "prefix-other/".
        backup.prefix().ifPresent(prefix -> list.addConditions(IamConditionOperator.STRING_LIKE, "s3:prefix",
                List.of(prefix + "/", prefix + "/*")));
        var objects = IamStatement.builder()
                .sid("ReadWriteBackups")
                .effect(IamEffect.ALLOW)
                .actionIds(OBJECT_ACTIONS)
                .addResource(objectArns);
        var policy = IamPolicy.builder()
                .addStatement(list.build())
                .addStatement(objects.build());
        // Only S3 may use the key for the role (kms:ViaService), and only for this bucket: S3 sets the
        // encryption context aws:s3:arn to the object's ARN, or the bucket's when S3 Bucket Keys are on
        // (S3 user guide, "Encryption context"). Direct kms:Decrypt of other ciphertexts is refused.
        backup.kmsKeyArn().ifPresent(key -> {
            var region = AwsNames.kmsKeyRegion(key);
            var s3 = AwsPartitions.ofRegion(region).orElseThrow().s3Endpoint(region);
            policy.addStatement(IamStatement.builder()
                    .sid("UseBackupKey")
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
