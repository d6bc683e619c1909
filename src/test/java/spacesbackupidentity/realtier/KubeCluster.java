package spacesbackupidentity.realtier;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A Kubernetes control plane on 127.0.0.1, started as controller-runtime's envtest starts one
 * (pkg/internal/testing/controlplane: etcd, then kube-apiserver with a client CA, serving
 * certificates and service-account keys, and an admin in {@code system:masters}), plus
 * kube-controller-manager with the controllers that turn a Deployment into ReplicaSets and pods, so
 * that a changed pod template makes a new ReplicaSet: a roll the test can see. There is no
 * scheduler and no kubelet: {@link StandInKubelet} binds pods and reports them ready.
 */
public final class KubeCluster implements AutoCloseable {
    /** The controllers a roll needs, and those that keep namespaces and service accounts as a cluster has them. */
    private static final String CONTROLLERS = String.join(",", "deployment-controller", "replicaset-controller",
            "namespace-controller", "serviceaccount-controller", "garbage-collector-controller",
            "root-ca-certificate-publisher-controller");
    private static final String PKCS12_PASSWORD = "real-tier";

    private final List<Daemon> daemons = new ArrayList<>();
    private final URI server;
    private final String kubeconfig;
    private final KubeApi api;
    private final StandInKubelet kubelet;
    private final Certificates certificates;

    private KubeCluster(URI server, String kubeconfig, KubeApi api, Certificates certificates,
                        List<Daemon> daemons, StandInKubelet kubelet) {
        this.server = server;
        this.kubeconfig = kubeconfig;
        this.api = api;
        this.certificates = certificates;
        this.daemons.addAll(daemons);
        this.kubelet = kubelet;
    }

    public static KubeCluster start(Path dir) throws IOException, InterruptedException {
        var daemons = new ArrayList<Daemon>();
        try {
            var logs = dir.resolve("logs");
            var certificates = Certificates.create(dir.resolve("pki"));
            var serving = certificates.server("apiserver");
            var admin = certificates.client("admin", "admin", List.of("system:masters"));
            var serviceAccounts = certificates.signingKey("service-accounts");

            var etcdPort = Daemon.freePort();
            var peerPort = Daemon.freePort();
            var etcdUrl = "http://127.0.0.1:" + etcdPort;
            var etcd = Daemon.start("etcd", List.of(RealTier.binary("etcd").toString(),
                    "--name=real-tier", "--data-dir=" + dir.resolve("etcd"),
                    "--listen-client-urls=" + etcdUrl, "--advertise-client-urls=" + etcdUrl,
                    "--listen-peer-urls=http://127.0.0.1:" + peerPort,
                    "--initial-advertise-peer-urls=http://127.0.0.1:" + peerPort,
                    "--initial-cluster=real-tier=http://127.0.0.1:" + peerPort,
                    "--unsafe-no-fsync=true", "--log-level=warn"), logs);
            daemons.add(etcd);
            etcd.awaitReady(Duration.ofMinutes(1), () -> listening(etcdPort));

            var port = Daemon.freePort();
            var server = URI.create("https://127.0.0.1:" + port + "/");
            var apiserver = Daemon.start("kube-apiserver", List.of(RealTier.binary("kube-apiserver").toString(),
                    "--etcd-servers=" + etcdUrl, "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1",
                    "--secure-port=" + port, "--cert-dir=" + dir.resolve("apiserver"),
                    "--tls-cert-file=" + serving.certificate(), "--tls-private-key-file=" + serving.key(),
                    "--client-ca-file=" + certificates.ca(), "--authorization-mode=RBAC",
                    "--service-cluster-ip-range=10.0.0.0/24", "--allow-privileged=true",
                    "--service-account-issuer=" + server, "--service-account-key-file=" + serviceAccounts.certificate(),
                    "--service-account-signing-key-file=" + serviceAccounts.key()), logs);
            daemons.add(apiserver);
            var api = new KubeApi(server, certificates.ca(), certificates.pkcs12(admin, PKCS12_PASSWORD), PKCS12_PASSWORD);
            apiserver.awaitReady(Duration.ofMinutes(2), () -> api.answers("/readyz"));

            var kubeconfig = kubeconfig(server, certificates.ca(), admin);
            var kubeconfigFile = dir.resolve("admin.kubeconfig");
            Files.writeString(kubeconfigFile, kubeconfig);
            var controllers = Daemon.start("kube-controller-manager", List.of(
                    RealTier.binary("kube-controller-manager").toString(),
                    "--kubeconfig=" + kubeconfigFile, "--controllers=" + CONTROLLERS, "--leader-elect=false",
                    "--secure-port=0", "--use-service-account-credentials=false",
                    "--service-account-private-key-file=" + serviceAccounts.key(),
                    "--root-ca-file=" + certificates.ca()), logs);
            daemons.add(controllers);
            // The service-account controller gives every namespace its default account: the controllers run.
            controllers.awaitReady(Duration.ofMinutes(2),
                    () -> api.get("/api/v1/namespaces/default/serviceaccounts/default").isPresent());

            var kubelet = StandInKubelet.start(api);
            return new KubeCluster(server, kubeconfig, api, certificates, daemons, kubelet);
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            for (var daemon : daemons) {
                daemon.close();
            }
            throw e;
        }
    }

    private static boolean listening(int port) {
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            return socket.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    /** The admin's kubeconfig: the server, its CA and the client certificate, all inline. */
    private static String kubeconfig(URI server, Path ca, Certificates.KeyPair admin) throws IOException {
        var encoder = Base64.getEncoder();
        return "apiVersion: v1\nkind: Config\nclusters:\n- name: real-tier\n  cluster:\n"
                + "    server: " + server.toString().replaceAll("/$", "") + "\n"
                + "    certificate-authority-data: " + encoder.encodeToString(Files.readAllBytes(ca)) + "\n"
                + "users:\n- name: admin\n  user:\n"
                + "    client-certificate-data: " + encoder.encodeToString(Files.readAllBytes(admin.certificate())) + "\n"
                + "    client-key-data: " + encoder.encodeToString(Files.readAllBytes(admin.key())) + "\n"
                + "contexts:\n- name: real-tier\n  context:\n    cluster: real-tier\n    user: admin\n"
                + "current-context: real-tier\n";
    }

    public URI server() {
        return server;
    }

    /** The admin kubeconfig's content. */
    public String kubeconfig() {
        return kubeconfig;
    }

    public KubeApi api() {
        return api;
    }

    public Certificates certificates() {
        return certificates;
    }

    public void namespace(String name) {
        api.apply("/api/v1/namespaces/" + name, Map.of("apiVersion", "v1", "kind", "Namespace",
                "metadata", Map.of("name", name)));
    }

    /**
     * Creates what {@code mxp-<id>-system} holds in a Spaces host cluster for this test: for each workload
     * of a control plane with an AWS identity, its service account and a one-pod Deployment that runs as it
     * (mxp-controller; external-secrets as external-secrets-controller; vector).
     */
    public void controlPlaneNamespace(String namespace) {
        namespace(namespace);
        workload(namespace, "mxp-controller", "mxp-controller");
        workload(namespace, "external-secrets-controller", "external-secrets");
        workload(namespace, "vector", "vector");
    }

    /** A service account and a one-pod Deployment that runs as it, as Spaces or its chart makes them. */
    public void workload(String namespace, String serviceAccount, String deployment) {
        api.apply("/api/v1/namespaces/" + namespace + "/serviceaccounts/" + serviceAccount, Map.of("apiVersion", "v1",
                "kind", "ServiceAccount", "metadata", Map.of("name", serviceAccount, "namespace", namespace)));
        var labels = Map.of("app", deployment);
        api.apply("/apis/apps/v1/namespaces/" + namespace + "/deployments/" + deployment, Map.of(
                "apiVersion", "apps/v1", "kind", "Deployment",
                "metadata", Map.of("name", deployment, "namespace", namespace),
                "spec", Map.of("replicas", 1, "selector", Map.of("matchLabels", labels),
                        "template", Map.of("metadata", Map.of("labels", labels),
                                "spec", Map.of("serviceAccountName", serviceAccount,
                                        "containers", List.of(Map.of("name", deployment,
                                                "image", "stand-in/" + deployment + ":real-tier")))))));
    }

    /** The ReplicaSets of one Deployment: one more after each roll. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> replicaSets(String namespace, String deployment) {
        return replicaSets(namespace).stream().filter(rs -> ((List<Map<String, Object>>) ((Map<String, Object>)
                rs.get("metadata")).getOrDefault("ownerReferences", List.of())).stream()
                .anyMatch(owner -> "Deployment".equals(owner.get("kind")) && deployment.equals(owner.get("name"))))
                .toList();
    }

    /**
     * {@link #controlPlaneNamespace} for each, eight at a time: a thousand one after the other take
     * minutes of requests that wait on each other.
     */
    public void controlPlaneNamespaces(java.util.Collection<String> namespaces) throws InterruptedException {
        eachOf(namespaces, this::controlPlaneNamespace);
    }

    /**
     * Takes {@code annotation} off the pod template of each namespace's mxp-controller (which rolls it
     * once more): the Deployment as Spaces made it, before a stack patched it. A destroy keeps the
     * program's rollout patches ({@code retainOnDelete}), so a later {@code up} from nothing would
     * otherwise find its annotation in place and roll nothing.
     */
    public void removePodAnnotation(java.util.Collection<String> namespaces, String annotation)
            throws InterruptedException {
        var patch = "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{"
                + new com.google.gson.Gson().toJson(annotation) + ":null}}}}}";
        eachOf(namespaces, namespace -> api.mergePatch("/apis/apps/v1/namespaces/" + namespace
                + "/deployments/mxp-controller", patch));
    }

    private static void eachOf(java.util.Collection<String> namespaces, java.util.function.Consumer<String> action)
            throws InterruptedException {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var futures = namespaces.stream().map(namespace -> pool.submit(() -> action.accept(namespace))).toList();
            for (var future : futures) {
                future.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("in the control planes' namespaces: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Waits until every Deployment has rolled out what its spec says and every pod is running with
     * none terminating: the cluster at rest, as a measurement wants it before it starts.
     */
    @SuppressWarnings("unchecked")
    public void awaitSettled(Duration timeout) throws InterruptedException {
        var deadline = java.time.Instant.now().plus(timeout);
        String unsettled = "";
        while (java.time.Instant.now().isBefore(deadline)) {
            unsettled = "";
            for (var deployment : api.list("/apis/apps/v1/deployments")) {
                var metadata = (Map<String, Object>) deployment.get("metadata");
                var status = (Map<String, Object>) deployment.getOrDefault("status", Map.of());
                var wanted = ((Number) ((Map<String, Object>) deployment.get("spec")).getOrDefault("replicas", 1))
                        .intValue();
                var generation = ((Number) metadata.get("generation")).longValue();
                if (((Number) status.getOrDefault("observedGeneration", 0)).longValue() < generation
                        || ((Number) status.getOrDefault("updatedReplicas", 0)).intValue() != wanted
                        || ((Number) status.getOrDefault("availableReplicas", 0)).intValue() != wanted
                        || ((Number) status.getOrDefault("replicas", 0)).intValue() != wanted) {
                    unsettled = "deployment " + metadata.get("namespace") + "/" + metadata.get("name");
                    break;
                }
            }
            if (unsettled.isEmpty()) {
                for (var pod : api.list("/api/v1/pods")) {
                    var metadata = (Map<String, Object>) pod.get("metadata");
                    var status = (Map<String, Object>) pod.getOrDefault("status", Map.of());
                    if (metadata.get("deletionTimestamp") != null || !"Running".equals(status.get("phase"))) {
                        unsettled = "pod " + metadata.get("namespace") + "/" + metadata.get("name");
                        break;
                    }
                }
            }
            if (unsettled.isEmpty()) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("the cluster has not settled after " + timeout + ": " + unsettled);
    }

    /** The ReplicaSets of {@code namespace}'s mxp-controller: one more after each roll. */
    public List<Map<String, Object>> replicaSets(String namespace) {
        return api.list("/apis/apps/v1/namespaces/" + namespace + "/replicasets");
    }

    /** The names of one Deployment's ReplicaSets in {@code namespace}: a roll adds one. */
    @SuppressWarnings("unchecked")
    public java.util.SortedSet<String> replicaSetNames(String namespace, String deployment) {
        var names = new java.util.TreeSet<String>();
        replicaSets(namespace, deployment).forEach(rs -> names.add((String) ((Map<String, Object>) rs.get("metadata"))
                .get("name")));
        return names;
    }

    /** The values a Helm release was installed with ({@link KubeApi#helmReleaseValues}); fails when there is none. */
    public Map<String, Object> helmReleaseValues(String namespace, String release) {
        return api.helmReleaseValues(namespace, release)
                .orElseThrow(() -> new AssertionError("no Helm release " + namespace + "/" + release));
    }

    @Override
    public void close() throws InterruptedException {
        kubelet.close();
        for (int i = daemons.size() - 1; i >= 0; i--) {
            daemons.get(i).close();
        }
    }
}
