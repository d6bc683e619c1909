package spacesbackupidentity.stack;

import com.pulumi.Context;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.helm.v3.Release;
import spacesbackupidentity.plan.IdentityPlan;
import spacesbackupidentity.settings.ControlPlane;
import spacesbackupidentity.settings.Settings;

import java.util.TreeMap;

/** What other stacks and people reference: the role, its policies' sizes, the release. */
public final class StackOutputs {
    private StackOutputs() {
    }

    public static void export(Context ctx, Settings settings, Output<IdentityPlan> plan, BackupRole role,
                              Release release) {
        var namespaces = new TreeMap<String, String>();
        settings.controlPlanes().forEach(cp -> namespaces.put(cp.label(), cp.namespace()));
        ctx.export("roleArn", role.role().arn());
        ctx.export("roleName", role.role().name());
        ctx.export("trustPolicy", plan.applyValue(IdentityPlan::trustPolicy));
        ctx.export("permissionsPolicy", plan.applyValue(IdentityPlan::permissionsPolicy));
        ctx.export("controlPlaneNamespaces", Output.of(namespaces));
        ctx.export("trustPolicySize", plan.applyValue(p -> p.trustPolicySize().size()));
        ctx.export("trustPolicyQuota", plan.applyValue(p -> p.trustPolicySize().quota()));
        ctx.export("trustPolicyRemainingCharacters", plan.applyValue(p -> p.trustPolicySize().remainingCharacters()));
        ctx.export("trustPolicyRemainingControlPlanes",
                plan.applyValue(p -> p.trustPolicySize().additionalUuidControlPlanes()));
        ctx.export("identityDigest", plan.applyValue(IdentityPlan::rolloutDigest));
        ctx.export("releaseName", release.name().applyValue(name -> name.orElse(null)));
        ctx.export("releaseNamespace", release.namespace().applyValue(namespace -> namespace.orElse(null)));
    }
}
