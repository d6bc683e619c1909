package spacesbackupidentity.realtier;

import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What every real-tier test runs against, started once per test JVM and stopped when it exits: the
 * Kubernetes control plane (with the stand-in kubelet), the Spaces CRDs installed in it, and the TLS
 * registry with the stand-in Spaces chart. Each test class brings its own AWS stand-in, Pulumi
 * backend and stacks; control-plane namespaces are shared by stacks that name the same ones.
 */
public final class RealTierWorld {
    /** Where each run's files go; kept after the run for reading the daemons' logs. */
    public static final Path ROOT = Path.of("target/real-tier");
    private static final Path CRDS = Path.of("src/test/resources/spaces/crds");
    private static RealTierWorld instance;
    /**
     * pulumi-java 1.36.1's inline language runtime leaves each run's channels to the engine for the
     * garbage collector, and gRPC logs every one it finds that way, with a stack trace. Held here
     * because the JDK keeps loggers only weakly.
     */
    private static final java.util.logging.Logger ORPHANED_CHANNELS =
            java.util.logging.Logger.getLogger("io.grpc.internal.ManagedChannelOrphanWrapper");

    static {
        ORPHANED_CHANNELS.setLevel(java.util.logging.Level.OFF);
    }

    private final KubeCluster cluster;
    private final ChartRegistry registry;

    private RealTierWorld(KubeCluster cluster, ChartRegistry registry) {
        this.cluster = cluster;
        this.registry = registry;
    }

    public static synchronized RealTierWorld get() throws IOException, InterruptedException {
        if (instance == null) {
            var started = Instant.now();
            var dir = ROOT.resolve("world").toAbsolutePath();
            deleteTree(dir);
            var cluster = KubeCluster.start(dir.resolve("cluster"));
            ChartRegistry registry;
            try {
                installCrds(cluster.api());
                registry = ChartRegistry.start(dir.resolve("registry"), cluster.certificates());
            } catch (IOException | InterruptedException | RuntimeException | Error e) {
                cluster.close();
                throw e;
            }
            instance = new RealTierWorld(cluster, registry);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    registry.close();
                    cluster.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            System.out.println("real tier: cluster and registry up in " + Duration.between(started, Instant.now()).toMillis()
                    + " ms; Kubernetes " + RealTier.version("kubernetes") + ", Kubernetes provider plugin "
                    + RealTier.version("pulumi-resource-kubernetes") + ", Pulumi CLI " + RealTier.version("pulumi"));
        }
        return instance;
    }

    public KubeCluster cluster() {
        return cluster;
    }

    public ChartRegistry registry() {
        return registry;
    }

    /** The SharedBackupConfig and SharedBackupSchedule CRDs as Spaces ships them, established. */
    @SuppressWarnings("unchecked")
    private static void installCrds(KubeApi api) throws IOException, InterruptedException {
        try (var files = Files.list(CRDS)) {
            for (var file : files.sorted().toList()) {
                var crd = (Map<String, Object>) new Yaml().load(Files.readString(file));
                var name = (String) ((Map<String, Object>) crd.get("metadata")).get("name");
                api.apply("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + name, crd);
                var deadline = Instant.now().plusSeconds(60);
                while (!established(api, name)) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new AssertionError("the CRD " + name + " is not established after 60 s");
                    }
                    Thread.sleep(200);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static boolean established(KubeApi api, String name) {
        return api.get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + name)
                .map(crd -> (Map<String, Object>) crd.get("status"))
                .map(status -> (List<Map<String, Object>>) status.get("conditions"))
                .map(conditions -> conditions.stream().anyMatch(c -> "Established".equals(c.get("type"))
                        && "True".equals(c.get("status"))))
                .orElse(false);
    }

    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (var path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
