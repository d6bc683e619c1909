package spacesbackupidentity.stack;

import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.ProviderArgs;
import spacesbackupidentity.plan.ResourceNames;
import spacesbackupidentity.settings.ClusterFacts;

/** The explicit Kubernetes provider for the Spaces host cluster; never an implicit default. */
public final class SpacesCluster {
    private SpacesCluster() {
    }

    public static Provider provider(ClusterFacts cluster) {
        // Server-side apply is what lets the rollout patches share the Deployment with Spaces.
        var args = ProviderArgs.builder().enableServerSideApply(true);
        cluster.kubeconfig().ifPresent(kubeconfig -> args.kubeconfig(Output.ofSecret(kubeconfig.value())));
        return new Provider(ResourceNames.KUBERNETES_PROVIDER, args.build());
    }
}
