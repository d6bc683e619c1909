package spacesbackupidentity.stack;

import com.pulumi.resources.StackReference;
import com.pulumi.resources.StackReferenceArgs;
import spacesbackupidentity.plan.ResourceNames;
import spacesbackupidentity.rules.Quote;
import spacesbackupidentity.settings.ClusterFacts;
import spacesbackupidentity.settings.ClusterSettings;
import spacesbackupidentity.settings.InvalidConfigException;

import java.util.Optional;

/** Reads the EKS cluster's stack, when config leaves anything to it, before anything else is declared. */
public final class ClusterStack {
    private ClusterStack() {
    }

    /** @param secretsReadable false only for the offline render, see {@link ClusterFacts#resolve} */
    public static ClusterFacts read(ClusterSettings cluster, boolean secretsReadable) {
        if (!ClusterFacts.needsStack(cluster)) {
            return ClusterFacts.resolve(cluster, name -> Optional.empty(), secretsReadable);
        }
        var stack = new StackReference(ResourceNames.CLUSTER_STACK,
                StackReferenceArgs.builder().name(cluster.stack().orElseThrow()).build());
        // Waiting here lets another stack's outputs decide what to declare, and keeps a bad output
        // from registering anything but this reference (ClusterStackTest, EngineProtocolIT).
        return ClusterFacts.resolve(cluster, name -> {
            com.pulumi.resources.StackReferenceOutputDetails details;
            try {
                details = stack.outputDetailsAsync(name).join();
            } catch (java.util.concurrent.CompletionException e) {
                throw InvalidConfigException.of(ClusterSettings.STACK_KEY, "cannot read the stack "
                        + Quote.of(cluster.stack().orElse("")) + " (" + e.getCause().getClass().getSimpleName()
                        + "); check the name (ORG/PROJECT/STACK) and that this backend and your token can read it");
            }
            return details.getValue().map(value -> new ClusterFacts.StackOutput(value, false))
                    .or(() -> details.getSecretValue().map(value -> new ClusterFacts.StackOutput(value, true)));
        }, secretsReadable);
    }
}
