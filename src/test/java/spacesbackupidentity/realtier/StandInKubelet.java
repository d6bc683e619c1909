package spacesbackupidentity.realtier;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a scheduler and a kubelet would do for the test cluster's pods, and no more: bind each new pod
 * to one node, report it running and ready (so that a Deployment's roll completes and the Kubernetes
 * provider's await of the rollout patch ends as on a real cluster), and remove a terminating pod.
 * No container runs. Over the API server's REST API, as a kubelet does: a list, then a watch from the
 * list's resource version, each pod handled as its event arrives; the server ends each watch after
 * {@value #WATCH_SECONDS} s and the next list retries whatever a conflict with the controllers left
 * undone. (It listed every pod every 200 ms at first; see BENCHMARKS.md for what that cost with a
 * thousand control planes' pods.)
 */
final class StandInKubelet implements AutoCloseable {
    static final String NODE = "real-tier-node";
    private static final int WATCH_SECONDS = 5;
    private final KubeApi api;
    private final Thread loop;
    private volatile boolean closed;
    private final AtomicInteger podAddress = new AtomicInteger(10);

    private StandInKubelet(KubeApi api) {
        this.api = api;
        this.loop = new Thread(this::run, "stand-in-kubelet");
        this.loop.setDaemon(true);
    }

    static StandInKubelet start(KubeApi api) {
        var kubelet = new StandInKubelet(api);
        api.apply("/api/v1/nodes/" + NODE, Map.of("apiVersion", "v1", "kind", "Node", "metadata", Map.of("name", NODE)));
        kubelet.loop.start();
        return kubelet;
    }

    @SuppressWarnings("unchecked")
    private void run() {
        while (!closed) {
            try {
                var listing = api.listing("/api/v1/pods");
                ((List<Map<String, Object>>) listing.get("items")).forEach(this::handle);
                var version = (String) ((Map<String, Object>) listing.get("metadata")).get("resourceVersion");
                api.watch("/api/v1/pods?watch=1&resourceVersion=" + version + "&timeoutSeconds=" + WATCH_SECONDS,
                        Duration.ofSeconds(WATCH_SECONDS + 30), event -> {
                            if (closed) {
                                throw new IllegalStateException("closed");
                            }
                            var type = (String) event.get("type");
                            if ("ADDED".equals(type) || "MODIFIED".equals(type)) {
                                handle((Map<String, Object>) event.get("object"));
                            }
                        });
            } catch (RuntimeException e) {
                // An expired resource version, a closed connection: list again, after a pause.
                sleep();
            }
        }
    }

    private void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            closed = true;
        }
    }

    @SuppressWarnings("unchecked")
    private void handle(Map<String, Object> pod) {
        try {
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
        } catch (RuntimeException e) {
            // A conflict with the controllers is retried at the next list.
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
        closed = true;
        loop.interrupt();
        loop.join(Duration.ofSeconds(WATCH_SECONDS + 10).toMillis());
    }
}
