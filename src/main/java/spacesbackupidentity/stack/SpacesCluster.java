package spacesbackupidentity.stack;

import com.pulumi.core.Output;
import spacesbackupidentity.plan.ResourceNames;
import spacesbackupidentity.settings.ClusterFacts;

/** The explicit Kubernetes provider for the Spaces host cluster; never an implicit default. */
public final class SpacesCluster {
    private SpacesCluster() {
    }

    public static KubernetesProvider provider(ClusterFacts cluster) {
        return new KubernetesProvider(ResourceNames.KUBERNETES_PROVIDER,
                new KubernetesProvider.Args(cluster.kubeconfig().map(k -> Output.ofSecret(k.value()))));
    }
}
