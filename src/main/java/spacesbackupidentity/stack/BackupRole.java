package spacesbackupidentity.stack;

import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.resources.CustomResourceOptions;
import spacesbackupidentity.plan.IdentityPlan;
import spacesbackupidentity.plan.ResourceNames;
import spacesbackupidentity.settings.Settings;

/** The IAM role mxp-controller assumes, and its inline S3 (and KMS) permissions. */
public record BackupRole(Role role, RolePolicy permissions) {

    public static BackupRole declare(Settings settings, IdentityPlan plan) {
        var config = settings.role();
        var args = RoleArgs.builder()
                .name(config.name())
                .path(config.path())
                .description("mxp-controller backups of Spaces control planes; managed by Pulumi stack "
                        + settings.project() + "/" + settings.stack())
                .assumeRolePolicy(plan.trustPolicy())
                .maxSessionDuration(config.maxSessionDuration());
        config.permissionsBoundary().ifPresent(args::permissionsBoundary);
        if (!config.tags().isEmpty()) {
            args.tags(config.tags());
        }
        // The name is fixed and IAM keeps names unique, so a replacement (a new path) must delete the old
        // role first; the bridged provider does so by itself for a name it did not generate
        // (pulumi-terraform-bridge pkg/tfbridge/schema.go, nameRequiresDeleteBeforeReplace), and
        // asking for it here does not depend on that.
        var role = new Role(ResourceNames.BACKUP_ROLE, args.build(),
                CustomResourceOptions.builder().deleteBeforeReplace(true).build());
        // dependsOn as well as role.name(): Java SDK 1.36.1 drops the dependency an output carries when
        // the engine returns no value for it (OutputCompletionSource.trySetDefaultResult in a preview).
        var permissions = new RolePolicy(ResourceNames.BACKUP_PERMISSIONS, RolePolicyArgs.builder()
                .role(role.name())
                .name(ResourceNames.PERMISSIONS_POLICY_NAME)
                .policy(plan.permissionsPolicy())
                .build(), CustomResourceOptions.builder().dependsOn(role).build());
        return new BackupRole(role, permissions);
    }
}
