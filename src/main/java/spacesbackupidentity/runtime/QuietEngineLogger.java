package spacesbackupidentity.runtime;

import com.pulumi.deployment.internal.EngineLogger;
import com.pulumi.resources.Resource;

import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import javax.annotation.Nullable;

/**
 * The SDK's engine logger without its debug chatter: pulumi-java 1.36.1 sends the engine a debug
 * Log message for each step of every RegisterResource, carrying the whole request and response,
 * one after the other (about 8,000 calls and 8 MB for 1,000 control planes). The Node.js SDK never
 * sends those payloads (its {@code excessiveDebugOutput} is the constant {@code false},
 * sdk/nodejs/runtime/settings.ts) and keeps short step lines; this logger drops all of the Java
 * SDK's debug messages unless {@code PULUMI_EXCESSIVE_DEBUG_OUTPUT} asks for them, as the Java SDK's
 * own switch does.
 * Info, warnings and errors pass unchanged, and so does the error count the exit code comes from.
 */
final class QuietEngineLogger implements EngineLogger {
    private final EngineLogger engineLogger;
    private final boolean debug;

    QuietEngineLogger(EngineLogger engineLogger, boolean debug) {
        this.engineLogger = engineLogger;
        this.debug = debug;
    }

    @Override
    public CompletableFuture<Void> debugAsync(String message, @Nullable Resource resource, @Nullable Integer streamId,
                                              @Nullable Boolean ephemeral) {
        return debug ? engineLogger.debugAsync(message, resource, streamId, ephemeral)
                : CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> infoAsync(String message, @Nullable Resource resource, @Nullable Integer streamId,
                                             @Nullable Boolean ephemeral) {
        return engineLogger.infoAsync(message, resource, streamId, ephemeral);
    }

    @Override
    public CompletableFuture<Void> warnAsync(String message, @Nullable Resource resource, @Nullable Integer streamId,
                                             @Nullable Boolean ephemeral) {
        return engineLogger.warnAsync(message, resource, streamId, ephemeral);
    }

    @Override
    public CompletableFuture<Void> errorAsync(String message, @Nullable Resource resource, @Nullable Integer streamId,
                                              @Nullable Boolean ephemeral) {
        return engineLogger.errorAsync(message, resource, streamId, ephemeral);
    }

    @Override
    public CompletableFuture<Void> logAsync(Level level, String message, @Nullable Resource resource,
                                            @Nullable Integer streamId, @Nullable Boolean ephemeral) {
        if (!debug && (level == Level.FINE || level == Level.FINER || level == Level.FINEST)) {
            return CompletableFuture.completedFuture(null);
        }
        return engineLogger.logAsync(level, message, resource, streamId, ephemeral);
    }

    @Override
    public int getErrorCount() {
        return engineLogger.getErrorCount();
    }

    @Override
    public boolean hasLoggedErrors() {
        return engineLogger.hasLoggedErrors();
    }
}
