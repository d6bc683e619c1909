package spacesbackupidentity.stack;

import com.pulumi.aws.eks.PodIdentityAssociation;
import com.pulumi.aws.eks.PodIdentityAssociationArgs;
import com.pulumi.resources.CustomResourceOptions;
import spacesbackupidentity.plan.IdentityPlan;
import spacesbackupidentity.plan.ResourceNames;
import spacesbackupidentity.plan.Target;
import spacesbackupidentity.settings.Workload;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One EKS Pod Identity association per workload and namespace it runs in, binding the workload's
 * service account there to the workload's role.
 */
public final class PodIdentityAssociations {
    private PodIdentityAssociations() {
    }

    /** The associations by workload and target; none in IRSA mode. */
    public static Map<Workload, Map<Target, PodIdentityAssociation>> declare(IdentityPlan plan,
                                                                           Map<Workload, WorkloadRole> roles) {
        var associations = new LinkedHashMap<Workload, Map<Target, PodIdentityAssociation>>();
        if (!plan.mode().usesPodIdentity()) {
            return associations;
        }
        var clusterName = plan.eksCluster().orElseThrow().name();
        for (var workload : plan.workloads()) {
            var role = roles.get(workload.workload());
            var byTarget = new LinkedHashMap<Target, PodIdentityAssociation>();
            for (var target : workload.targets()) {
                byTarget.put(target, new PodIdentityAssociation(ResourceNames.podIdentity(workload.workload(), target),
                        PodIdentityAssociationArgs.builder()
                                .clusterName(clusterName)
                                .namespace(target.namespace())
                                .serviceAccount(workload.serviceAccount())
                                // The ARN as the plan predicts it, as the role annotation has it: known in a
                                // preview, where the role's own output is not (and Java SDK 1.36.1 then drops the
                                // dependency the output carries), so the dependency on the role is explicit.
                                .roleArn(workload.roleArn())
                                .build(), CustomResourceOptions.builder().dependsOn(role.role()).build()));
            }
            associations.put(workload.workload(), byTarget);
        }
        return associations;
    }
}
