package spacesbackupidentity.stack;

import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.resources.CustomResourceOptions;
import spacesbackupidentity.plan.IdentityPlan;
import spacesbackupidentity.plan.WorkloadPlan;
import spacesbackupidentity.settings.Settings;
import spacesbackupidentity.settings.Workload;

import java.util.LinkedHashMap;
import java.util.Map;

/** A workload's IAM role, which its pods assume, and its inline permissions; one per workload. */
public record WorkloadRole(Role role, RolePolicy permissions) {

    /** Every managed workload's role, in the plan's order. */
    public static Map<Workload, WorkloadRole> declare(Settings settings, IdentityPlan plan) {
        var roles = new LinkedHashMap<Workload, WorkloadRole>();
        plan.workloads().forEach(workload -> roles.put(workload.workload(), declare(settings, workload)));
        return roles;
    }

    private static WorkloadRole declare(Settings settings, WorkloadPlan plan) {
        var config = plan.role();
        var workload = plan.workload();
        var args = RoleArgs.builder()
                .name(config.name())
                .path(config.path())
                .description(workload.roleDescription() + "; managed by Pulumi stack " + settings.project() + "/"
                        + settings.stack())
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
        var role = new Role(workload.roleResource(), args.build(),
                CustomResourceOptions.builder().deleteBeforeReplace(true).build());
        // dependsOn as well as role.name(): Java SDK 1.36.1 drops the dependency an output carries when
        // the engine returns no value for it (OutputCompletionSource.trySetDefaultResult in a preview).
        var permissions = new RolePolicy(workload.permissionsResource(), RolePolicyArgs.builder()
                .role(role.name())
                .name(workload.policyName())
                .policy(plan.permissionsPolicy())
                .build(), CustomResourceOptions.builder().dependsOn(role).build());
        return new WorkloadRole(role, permissions);
    }
}
