package spacesbackupidentity.realtier;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a scheduler and a kubelet would do for the test cluster's pods, and no more: bind each new pod
 * to one node, report it running and ready (so that a Deployment's roll completes and the Kubernetes
 * provider's await of the rollout patch ends as on a real cluster), and remove a terminating pod.
 * No container runs. Every 200 ms, over the API server's REST API.
 */
final class StandInKubelet implements AutoCloseable {
    static final String NODE = "real-tier-node";
    private final KubeApi api;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(runnable -> {
        var thread = new Thread(runnable, "stand-in-kubelet");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger podAddress = new AtomicInteger(10);

    private StandInKubelet(KubeApi api) {
        this.api = api;
    }

    static StandInKubelet start(KubeApi api) {
        var kubelet = new StandInKubelet(api);
        api.apply("/api/v1/nodes/" + NODE, Map.of("apiVersion", "v1", "kind", "Node", "metadata", Map.of("name", NODE)));
        kubelet.loop.scheduleWithFixedDelay(kubelet::turn, 0, 200, TimeUnit.MILLISECONDS);
        return kubelet;
    }

    @SuppressWarnings("unchecked")
    private void turn() {
        try {
            for (var pod : api.list("/api/v1/pods")) {
                var metadata = (Map<String, Object>) pod.get("metadata");
                var spec = (Map<String, Object>) pod.get("spec");
                var status = (Map<String, Object>) pod.getOrDefault("status", Map.of());
                var path = "/api/v1/namespaces/" + metadata.get("namespace") + "/pods/" + metadata.get("name");
                if (metadata.get("deletionTimestamp") != null) {
                    api.delete(path, Map.of("gracePeriodSeconds", 0));
                } else if (spec.get("nodeName") == null) {
                    api.create(path + "/binding", Map.of("apiVersion", "v1", "kind", "Binding",
                            "metadata", Map.of("name", metadata.get("name")),
                            "target", Map.of("apiVersion", "v1", "kind", "Node", "name", NODE)));
                } else if (!"Running".equals(status.get("phase"))) {
                    api.mergePatch(path + "/status", Map.of("status", running(spec)));
                }
            }
        } catch (RuntimeException e) {
            // A conflict with the controllers is retried on the next turn.
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> running(Map<String, Object> spec) {
        var now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        var containers = ((List<Map<String, Object>>) spec.get("containers")).stream()
                .map(container -> Map.<String, Object>of("name", container.get("name"), "image", container.get("image"),
                        "imageID", "", "ready", true, "started", true, "restartCount", 0,
                        "state", Map.of("running", Map.of("startedAt", now))))
                .toList();
        var conditions = List.of("PodScheduled", "Initialized", "ContainersReady", "Ready").stream()
                .map(type -> Map.<String, Object>of("type", type, "status", "True", "lastTransitionTime", now))
                .toList();
        return Map.of("phase", "Running", "startTime", now, "hostIP", "127.0.0.1",
                "podIP", "10.244.0." + (podAddress.getAndIncrement() % 250 + 2),
                "conditions", conditions, "containerStatuses", containers);
    }

    @Override
    public void close() throws InterruptedException {
        loop.shutdownNow();
        loop.awaitTermination(10, TimeUnit.SECONDS);
    }
}
