package spacesbackupidentity.runtime;

import com.pulumi.deployment.internal.EngineLogger;
import com.pulumi.resources.Resource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import javax.annotation.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/** The SDK's debug chatter stays out of the engine's log unless asked for; nothing else changes. */
class QuietEngineLoggerTest {

    /** What reaches the engine's log. */
    static final class RecordingLogger implements EngineLogger {
        final List<String> messages = new ArrayList<>();

        @Override
        public CompletableFuture<Void> logAsync(Level level, String message, @Nullable Resource resource,
                                                @Nullable Integer streamId, @Nullable Boolean ephemeral) {
            messages.add(level + " " + message);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public int getErrorCount() {
            return (int) messages.stream().filter(m -> m.startsWith("SEVERE")).count();
        }

        @Override
        public boolean hasLoggedErrors() {
            return getErrorCount() > 0;
        }
    }

    static List<String> logged(boolean excessiveDebugOutput) {
        var engine = new RecordingLogger();
        var logger = new QuietEngineLogger(engine, excessiveDebugOutput);
        logger.debugAsync("Registering resource monitor start: request=...");
        logger.logAsync(Level.FINEST, "finest", null, null, null);
        logger.infoAsync("info");
        logger.warnAsync("warning");
        logger.errorAsync("error");
        assertThat(logger.getErrorCount()).isEqualTo(1);
        assertThat(logger.hasLoggedErrors()).isTrue();
        return engine.messages;
    }

    @Test
    void debugMessagesAreDroppedButInfoWarningsAndErrorsPass() {
        assertThat(logged(false)).containsExactly("INFO info", "WARNING warning", "SEVERE error");
    }

    @Test
    void withExcessiveDebugOutputEverythingPasses() {
        assertThat(logged(true)).containsExactly("FINE Registering resource monitor start: request=...",
                "FINEST finest", "INFO info", "WARNING warning", "SEVERE error");
    }
}
