package spacesbackupidentity.stack;

import com.pulumi.aws.eks.PodIdentityAssociation;
import com.pulumi.aws.eks.PodIdentityAssociationArgs;
import com.pulumi.resources.CustomResourceOptions;
import spacesbackupidentity.plan.IdentityPlan;
import spacesbackupidentity.plan.ResourceNames;
import spacesbackupidentity.settings.ControlPlane;
import spacesbackupidentity.settings.Settings;

import java.util.LinkedHashMap;
import java.util.Map;

/** One EKS Pod Identity association per control-plane namespace, binding mxp-controller to the role. */
public final class PodIdentityAssociations {
    private PodIdentityAssociations() {
    }

    /** The associations by control plane; none in IRSA mode. */
    public static Map<ControlPlane, PodIdentityAssociation> declare(Settings settings, IdentityPlan plan,
                                                                    BackupRole role) {
        var associations = new LinkedHashMap<ControlPlane, PodIdentityAssociation>();
        if (!plan.mode().usesPodIdentity()) {
            return associations;
        }
        var clusterName = plan.eksCluster().orElseThrow().name();
        for (var controlPlane : settings.controlPlanes()) {
            associations.put(controlPlane, new PodIdentityAssociation(ResourceNames.podIdentity(controlPlane),
                    PodIdentityAssociationArgs.builder()
                            .clusterName(clusterName)
                            .namespace(controlPlane.namespace())
                            .serviceAccount(ControlPlane.SERVICE_ACCOUNT)
                            // The ARN as the plan predicts it, as the role annotation has it: known in a
                            // preview, where the role's own output is not (and Java SDK 1.36.1 then drops the
                            // dependency the output carries), so the dependency on the role is explicit.
                            .roleArn(plan.roleArn())
                            .build(), CustomResourceOptions.builder().dependsOn(role.role()).build()));
        }
        return associations;
    }
}
