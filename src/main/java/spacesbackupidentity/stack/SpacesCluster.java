package spacesbackupidentity.stack;

import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.ProviderArgs;
import spacesbackupidentity.plan.ResourceNames;

/** The explicit Kubernetes provider for the Spaces host cluster; never an implicit default. */
public final class SpacesCluster {
    private SpacesCluster() {
    }

    public static Provider provider(ClusterInputs inputs) {
        // Server-side apply is what lets the rollout patches share the Deployment with Spaces.
        // Taking it from the plan makes the provider wait for a valid plan, as every resource does.
        var args = ProviderArgs.builder()
                .enableServerSideApply(inputs.plan().applyValue(plan -> true));
        inputs.kubeconfig().ifPresent(args::kubeconfig);
        return new Provider(ResourceNames.KUBERNETES_PROVIDER, args.build());
    }
}
