package spacesbackupidentity.runtime;

import com.google.common.collect.ImmutableList;
import com.pulumi.core.internal.ContextAwareCompletableFuture;
import com.pulumi.core.internal.Exceptions;
import com.pulumi.deployment.internal.EngineLogger;
import com.pulumi.deployment.internal.Runner;
import com.pulumi.exceptions.LogException;
import com.pulumi.exceptions.ResourceException;
import com.pulumi.exceptions.RunException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The SDK's task runner, waiting instead of polling. It replaces
 * {@code DeploymentImpl.DefaultRunner} of pulumi-java 1.36.1, whose loop re-enqueues itself without
 * pause until every registered task is done, and formats its whole table of pending tasks with
 * {@code String.format} on every turn before its logger decides not to print it (about 70% of the
 * CPU at 1,000 control planes; upstream fixed only the loop, after 1.36.1, pulumi-java#2314).
 * Here each task reports its own completion; the run ends when none is left, or with the first
 * failure, as the SDK's runner ends: the same exit codes, the same swallowed exceptions, the same
 * messages to the engine ({@link #handleExceptionAsync} follows {@code DefaultRunner} line by
 * line). When several tasks fail, the SDK reports whichever its scan of a hash map meets first,
 * which varies from run to run; this runner reports the first to fail, one of those. Nothing is
 * formatted unless its logger prints it.
 *
 * <p>One departure: a call the resource monitor answers with {@code UNAVAILABLE} is not reported.
 * The engine shuts its monitor down when a step fails, and the registrations still in flight then
 * fail so; the engine has already reported the step's error, and the SDK's runner would add a
 * second error with a gRPC stack trace. Pulumi's Node.js and Python SDKs say nothing in this case
 * ({@code sdk/nodejs/runtime/resource.ts}: "If the monitor is unavailable, it is in the process of
 * shutting down or has already shut down. Don't emit an error"; the Python Automation API's
 * {@code automation/_server.py} likewise); here the run ends with the SDK's code for "error already reported" (32), so
 * {@code pulumi up} fails with the engine's one message.
 */
final class AwaitingRunner implements Runner {
    private final Logger standardLogger;
    private final EngineLogger engineLogger;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Queue<Exception> swallowedExceptions = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile boolean callbackDone;

    AwaitingRunner(Logger standardLogger, EngineLogger engineLogger) {
        this.standardLogger = Objects.requireNonNull(standardLogger);
        this.engineLogger = Objects.requireNonNull(engineLogger);
    }

    @Override
    public <T> void registerTask(String description, CompletableFuture<T> task) {
        Objects.requireNonNull(description);
        Objects.requireNonNull(task);
        if (standardLogger.isLoggable(Level.FINEST)) {
            standardLogger.log(Level.FINEST, String.format("Registering task: '%s', %s", description, task));
        }
        inFlight.incrementAndGet();
        task.whenComplete((value, failure) -> {
            if (failure != null) {
                // As DefaultRunner's task.join() reports it: wrapped once in a CompletionException.
                drained.completeExceptionally(failure instanceof CompletionException ? failure
                        : new CompletionException(failure));
            }
            if (inFlight.decrementAndGet() == 0) {
                settle();
            }
        });
    }

    /**
     * Ends the run once the callback has returned and no task is in flight. Checked again on the
     * async pool, after the completed task's other continuations, which may register more tasks.
     */
    private void settle() {
        if (callbackDone && inFlight.get() == 0) {
            ContextAwareCompletableFuture.runAsync(() -> {
                if (inFlight.get() == 0) {
                    drained.complete(null);
                }
            });
        }
    }

    @Override
    public <T> CompletableFuture<Result<T>> runAsync(Supplier<T> callback) {
        var valueFuture = ContextAwareCompletableFuture.supplyAsync(callback);
        registerTask("AwaitingRunner#runAsync", valueFuture);
        return valueFuture
                .thenCompose(value -> {
                    callbackDone = true;
                    settle();
                    return drained.thenApply(__ -> value);
                })
                .handle((value, throwable) -> outcome(value, throwable))
                .thenCompose(Function.identity());
    }

    private <T> CompletableFuture<Result<T>> outcome(T value, Throwable throwable) {
        if (throwable != null) {
            return handleExceptionAsync(throwable).thenApply(code -> new SdkResult<>(code,
                    ImmutableList.copyOf(swallowedExceptions), Optional.ofNullable(value)));
        }
        // As the SDK: success, unless an error was logged to the engine meanwhile.
        var code = engineLogger.hasLoggedErrors() ? ProcessExitedBeforeLoggingUserActionableMessage
                : ProcessExitedSuccessfully;
        return CompletableFuture.completedFuture(new SdkResult<>(code, ImmutableList.copyOf(swallowedExceptions),
                Optional.ofNullable(value)));
    }

    /** Runner.Result's constructor is protected; this is the same result. */
    static final class SdkResult<T> extends Result<T> {
        SdkResult(int exitCode, java.util.List<Exception> exceptions, Optional<T> result) {
            super(exitCode, exceptions, result);
        }
    }

    /** Whether a call failed because the engine's resource monitor is shutting down or gone. */
    static boolean monitorShutDown(Throwable throwable) {
        for (var cause = throwable; cause != null; cause = cause.getCause()) {
            if (cause instanceof StatusRuntimeException status) {
                return status.getStatus().getCode() == Status.Code.UNAVAILABLE;
            }
        }
        return false;
    }

    private CompletableFuture<Integer> handleExceptionAsync(Throwable throwable) {
        if (throwable instanceof Exception exception) {
            return handleExceptionAsync(exception);
        }
        return handleExceptionAsync(new RunException("unexpected throwable", throwable));
    }

    private CompletableFuture<Integer> handleExceptionAsync(Exception exception) {
        swallowedExceptions.add(exception);
        Function<Void, Integer> exitMessageAndCode = unused -> {
            standardLogger.log(Level.FINE, "Returning from program after last error");
            return ProcessExitedAfterLoggingUserActionableMessage;
        };
        if (exception instanceof LogException) {
            standardLogger.log(Level.SEVERE, String.format(
                    "Error occurred trying to send logging message to engine: %s", exception.getMessage()));
            return ContextAwareCompletableFuture.supplyAsync(() -> {
                System.err.printf("Error occurred trying to send logging message to engine: %s%n", exception);
                exception.printStackTrace();
                return ProcessExitedBeforeLoggingUserActionableMessage;
            });
        }
        if (exception instanceof CompletionException && exception.getCause() instanceof Exception cause) {
            return handleExceptionAsync(cause);
        }
        if (monitorShutDown(exception)) {
            standardLogger.log(Level.FINE, "The resource monitor has shut down; the engine reports why");
            return CompletableFuture.completedFuture(ProcessExitedAfterLoggingUserActionableMessage);
        }
        if (exception instanceof RunException) {
            return engineLogger.errorAsync(exception.getMessage()).thenApply(exitMessageAndCode);
        }
        if (exception instanceof ResourceException resourceException) {
            var message = resourceException.isHideStack() ? resourceException.getMessage()
                    : Exceptions.getStackTrace(resourceException);
            return engineLogger.errorAsync(message, resourceException.getResource().orElse(null))
                    .thenApply(exitMessageAndCode);
        }
        var pid = ProcessHandle.current().pid();
        var command = ProcessHandle.current().info().commandLine().orElse("unknown");
        return engineLogger.errorAsync(String.format(
                        "Running program [PID: %d](%s) failed with an unhandled exception:\n%s",
                        pid, command, Exceptions.getStackTrace(exception)))
                .thenApply(exitMessageAndCode);
    }

}
