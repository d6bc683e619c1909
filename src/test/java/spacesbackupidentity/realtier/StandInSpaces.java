package spacesbackupidentity.realtier;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What Spaces does with {@code controlPlanes.mxpController.serviceAccount.annotations}, and no more:
 * once the release's values hold new annotations, it writes them onto each control plane's
 * {@code mxp-controller} service account (as field manager {@value #FIELD_MANAGER}, so that
 * annotations the values drop go too), after a delay of its own, as Spaces does on a schedule no
 * Upbound document gives; or never. It does not restart anything: Upbound's guides restart the pods by
 * hand after the value is set. Every write is timed, for tests that check no pod started before it.
 */
public final class StandInSpaces implements AutoCloseable {
    public static final String FIELD_MANAGER = "spaces-controller-stand-in";
    private final KubeApi api;
    private final String releaseNamespace;
    private final String releaseName;
    private final Supplier<List<String>> namespaces;
    private final Duration delay;
    private final boolean never;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(runnable -> {
        var thread = new Thread(runnable, "stand-in-spaces");
        thread.setDaemon(true);
        return thread;
    });
    /** The annotations last seen in the values, and since when. */
    private volatile Map<String, Object> seen;
    private volatile Instant seenAt;
    /** Per namespace: the annotations written, and when. */
    private final Map<String, Written> written = new ConcurrentHashMap<>();

    /** What was written to one service account, and when. */
    public record Written(Map<String, Object> annotations, Instant at) {
    }

    private StandInSpaces(KubeApi api, String releaseNamespace, String releaseName, Supplier<List<String>> namespaces,
                          Duration delay, boolean never) {
        this.api = api;
        this.releaseNamespace = releaseNamespace;
        this.releaseName = releaseName;
        this.namespaces = namespaces;
        this.delay = delay;
        this.never = never;
    }

    /** Writes the values' annotations onto the service accounts {@code delay} after they change. */
    public static StandInSpaces after(Duration delay, KubeCluster cluster, String releaseNamespace, String releaseName,
                                      Supplier<List<String>> namespaces) {
        return start(new StandInSpaces(cluster.api(), releaseNamespace, releaseName, namespaces, delay, false));
    }

    /** Never writes them: a Spaces that does not propagate the values. */
    public static StandInSpaces never(KubeCluster cluster, String releaseNamespace, String releaseName) {
        return start(new StandInSpaces(cluster.api(), releaseNamespace, releaseName, List::of, Duration.ZERO, true));
    }

    private static StandInSpaces start(StandInSpaces spaces) {
        spaces.loop.scheduleWithFixedDelay(spaces::turn, 0, 250, TimeUnit.MILLISECONDS);
        return spaces;
    }

    public Map<String, Written> written() {
        return Map.copyOf(written);
    }

    @SuppressWarnings("unchecked")
    private void turn() {
        if (never) {
            return;
        }
        try {
            var values = api.helmReleaseValues(releaseNamespace, releaseName);
            if (values.isEmpty()) {
                return;
            }
            var annotations = (Map<String, Object>) dig(values.get(), "controlPlanes", "mxpController", "serviceAccount",
                    "annotations");
            var current = annotations == null ? Map.<String, Object>of() : Map.copyOf(annotations);
            if (!Objects.equals(current, seen)) {
                seen = current;
                seenAt = Instant.now();
            }
            if (Instant.now().isBefore(seenAt.plus(delay))) {
                return;
            }
            for (var namespace : namespaces.get()) {
                var last = written.get(namespace);
                if (last != null && last.annotations().equals(current)) {
                    continue;
                }
                api.apply("/api/v1/namespaces/" + namespace + "/serviceaccounts/mxp-controller", FIELD_MANAGER,
                        Map.of("apiVersion", "v1", "kind", "ServiceAccount", "metadata", Map.of("name", "mxp-controller",
                                "namespace", namespace, "annotations", current)));
                written.put(namespace, new Written(current, Instant.now()));
            }
        } catch (RuntimeException e) {
            // The next turn tries again, as a controller's next reconcile does.
        }
    }

    @SuppressWarnings("unchecked")
    private static Object dig(Map<String, Object> map, String... path) {
        Object value = map;
        for (var key : path) {
            if (!(value instanceof Map<?, ?> m)) {
                return null;
            }
            value = ((Map<String, Object>) m).get(key);
        }
        return value;
    }

    @Override
    public void close() throws InterruptedException {
        loop.shutdownNow();
        loop.awaitTermination(10, TimeUnit.SECONDS);
    }
}
