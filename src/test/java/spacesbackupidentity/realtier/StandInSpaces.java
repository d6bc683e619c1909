package spacesbackupidentity.realtier;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What Spaces (and its chart) do with the service-account annotations in the release's values, and no
 * more: once the values of a workload's Helm key hold new annotations, it writes them onto that
 * workload's service account wherever the workload runs (as field manager {@value #FIELD_MANAGER}, so
 * that annotations the values drop go too), after a delay of its own, as Spaces does on a schedule no
 * Upbound document gives; or never. It does not restart anything: Upbound's guides restart the pods by
 * hand after the value is set. Every write is timed, for tests that check no pod started before it.
 * <p>
 * The workloads are those of Upbound's workload-identity guides, written out here rather than taken
 * from the program, so that a path the program got wrong is one this stand-in does not write:
 * {@code controlPlanes.mxpController.serviceAccount.annotations} onto {@code mxp-controller},
 * {@code controlPlanes.sharedSecrets.serviceAccount.customAnnotations} onto
 * {@code external-secrets-controller}, {@code controlPlanes.vector.serviceAccount.customAnnotations}
 * onto {@code vector}, each in every control plane's host namespace; and
 * {@code controller.serviceAccount.annotations} onto {@code <release>-controller} in the release's
 * namespace (which the chart itself renders). A service account that does not exist is not made.
 */
public final class StandInSpaces implements AutoCloseable {
    public static final String FIELD_MANAGER = "spaces-controller-stand-in";

    /** One workload: its service account, its Helm key, and whether it runs in every control plane. */
    record Workload(String serviceAccount, List<String> annotations, boolean perControlPlane) {
    }

    static List<Workload> workloads(String releaseName) {
        return List.of(
                new Workload("mxp-controller", List.of("controlPlanes", "mxpController", "serviceAccount", "annotations"),
                        true),
                new Workload("external-secrets-controller", List.of("controlPlanes", "sharedSecrets", "serviceAccount",
                        "customAnnotations"), true),
                new Workload("vector", List.of("controlPlanes", "vector", "serviceAccount", "customAnnotations"), true),
                new Workload(releaseName + "-controller", List.of("controller", "serviceAccount", "annotations"), false));
    }

    private final KubeApi api;
    private final String releaseNamespace;
    private final String releaseName;
    private final Supplier<List<String>> namespaces;
    private final java.util.function.Function<String, Duration> delay;
    private final boolean never;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(runnable -> {
        var thread = new Thread(runnable, "stand-in-spaces");
        thread.setDaemon(true);
        return thread;
    });
    /** Per Helm key: the annotations last seen in the values, and since when. */
    private final Map<List<String>, Seen> seen = new ConcurrentHashMap<>();
    /** Per {@code namespace/serviceAccount}: the annotations written, and when. */
    private final Map<String, Written> written = new ConcurrentHashMap<>();

    private record Seen(Map<String, Object> annotations, Instant at) {
    }

    /** What was written to one service account, and when. */
    public record Written(Map<String, Object> annotations, Instant at) {
    }

    private StandInSpaces(KubeApi api, String releaseNamespace, String releaseName, Supplier<List<String>> namespaces,
                          java.util.function.Function<String, Duration> delay, boolean never) {
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
        return after(serviceAccount -> delay, cluster, releaseNamespace, releaseName, namespaces);
    }

    /**
     * Writes each workload's annotations onto its service accounts after a delay of that service
     * account's own, so that a rollout that waited for another workload's service account would be seen
     * to roll before its own was written.
     */
    public static StandInSpaces after(java.util.function.Function<String, Duration> delayOfServiceAccount,
                                      KubeCluster cluster, String releaseNamespace, String releaseName,
                                      Supplier<List<String>> namespaces) {
        return start(new StandInSpaces(cluster.api(), releaseNamespace, releaseName, namespaces, delayOfServiceAccount,
                false));
    }

    /** Never writes them: a Spaces that does not propagate the values. */
    public static StandInSpaces never(KubeCluster cluster, String releaseNamespace, String releaseName) {
        return start(new StandInSpaces(cluster.api(), releaseNamespace, releaseName, List::of, sa -> Duration.ZERO,
                true));
    }

    private static StandInSpaces start(StandInSpaces spaces) {
        spaces.loop.scheduleWithFixedDelay(spaces::turn, 0, 250, TimeUnit.MILLISECONDS);
        return spaces;
    }

    /** Every write, by {@code namespace/serviceAccount}. */
    public Map<String, Written> written() {
        return Map.copyOf(written);
    }

    /** The write to one service account, if any. */
    public java.util.Optional<Written> written(String namespace, String serviceAccount) {
        return java.util.Optional.ofNullable(written.get(namespace + "/" + serviceAccount));
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
            for (var workload : workloads(releaseName)) {
                var annotations = (Map<String, Object>) dig(values.get(), workload.annotations());
                var current = annotations == null ? Map.<String, Object>of() : Map.copyOf(annotations);
                var last = seen.get(workload.annotations());
                if (last == null || !Objects.equals(current, last.annotations())) {
                    last = new Seen(current, Instant.now());
                    seen.put(workload.annotations(), last);
                }
                if (Instant.now().isBefore(last.at().plus(delay.apply(workload.serviceAccount())))) {
                    continue;
                }
                var targets = workload.perControlPlane() ? namespaces.get() : List.of(releaseNamespace);
                for (var namespace : new ArrayList<>(targets)) {
                    write(namespace, workload.serviceAccount(), current);
                }
            }
        } catch (RuntimeException e) {
            // The next turn tries again, as a controller's next reconcile does.
        }
    }

    private void write(String namespace, String serviceAccount, Map<String, Object> annotations) {
        var key = namespace + "/" + serviceAccount;
        var last = written.get(key);
        if (last != null && last.annotations().equals(annotations)) {
            return;
        }
        var path = "/api/v1/namespaces/" + namespace + "/serviceaccounts/" + serviceAccount;
        if (api.get(path).isEmpty()) {
            return;
        }
        // No annotations: none in the apply at all, which gives back those this manager wrote before. An
        // empty map would make it own the map itself, and conflict with every other manager's annotation.
        var metadata = new java.util.LinkedHashMap<String, Object>(Map.of("name", serviceAccount, "namespace",
                namespace));
        if (!annotations.isEmpty()) {
            metadata.put("annotations", annotations);
        }
        api.apply(path, FIELD_MANAGER, Map.of("apiVersion", "v1", "kind", "ServiceAccount", "metadata", metadata));
        written.put(key, new Written(annotations, Instant.now()));
    }

    @SuppressWarnings("unchecked")
    private static Object dig(Map<String, Object> map, List<String> path) {
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
