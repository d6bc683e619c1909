package spacesbackupidentity;

import com.pulumi.test.Mocks;
import spacesbackupidentity.offline.OfflineCloud;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The offline cloud, except that its API refuses some resources: for each one the refusal names,
 * the provider's call fails with that message, as a provider's error reaches the program.
 */
public final class RefusingCloud implements Mocks {
    private final OfflineCloud cloud = StackRun.cloud();
    private final Function<ResourceArgs, Optional<String>> refusal;

    /**
     * @param refusal the provider's error for a resource it refuses; empty for one it creates
     */
    public RefusingCloud(Function<ResourceArgs, Optional<String>> refusal) {
        this.refusal = refusal;
    }

    @Override
    public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
        return refusal.apply(args).<CompletableFuture<ResourceResult>>map(message ->
                CompletableFuture.failedFuture(new IllegalStateException(message)))
                .orElseGet(() -> cloud.newResourceAsync(args));
    }

    @Override
    public CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
        return cloud.callAsync(args);
    }
}
