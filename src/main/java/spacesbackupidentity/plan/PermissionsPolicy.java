package spacesbackupidentity.plan;

import software.amazon.awssdk.policybuilder.iam.IamConditionOperator;
import software.amazon.awssdk.policybuilder.iam.IamEffect;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamStatement;
import spacesbackupidentity.settings.BackupSettings;

import java.util.List;

/**
 * What the role may do: read, write and delete backup objects (under the prefix when one is set),
 * list the bucket (limited to keys under that prefix), and use the bucket's KMS key when one is given.
 * Nothing broader.
 */
public final class PermissionsPolicy {
    public static final List<String> OBJECT_ACTIONS = List.of("s3:DeleteObject", "s3:GetObject", "s3:PutObject");
    public static final String LIST_ACTION = "s3:ListBucket";
    public static final List<String> KMS_ACTIONS = List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey");

    private PermissionsPolicy() {
    }

    public static IamPolicy forBackups(String partition, BackupSettings backup) {
        var bucketArn = "arn:" + partition + ":s3:::" + backup.bucket();
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
                .addResource(bucketArn + "/" + backup.prefix().map(p -> p + "/").orElse("") + "*");
        var policy = IamPolicy.builder()
                .addStatement(list.build())
                .addStatement(objects.build());
        backup.kmsKeyArn().ifPresent(key -> policy.addStatement(IamStatement.builder()
                .sid("UseBackupKey")
                .effect(IamEffect.ALLOW)
                .actionIds(KMS_ACTIONS)
                .addResource(key)
                .build()));
        return policy.build();
    }
}
