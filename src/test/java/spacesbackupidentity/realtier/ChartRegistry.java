package spacesbackupidentity.realtier;

import spacesbackupidentity.ChildProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An OCI registry (distribution v3) on 127.0.0.1 with TLS, from the test CA, and htpasswd basic
 * auth, holding the stand-in Spaces chart that Helm pushed to it. The Kubernetes provider's Release
 * has no plain-HTTP option, so the registry serves TLS; the provider trusts the test CA through
 * {@code SSL_CERT_FILE}, which Go reads on Linux in place of the system's roots.
 */
public final class ChartRegistry implements AutoCloseable {
    public static final String USERNAME = "spaces-puller";
    /** The password src/test/resources/realtier/registry.htpasswd holds the hash of; a canary. */
    public static final String PASSWORD = "real-tier-registry-password-canary-5e1d";
    public static final String REPOSITORY = "spaces-artifacts";
    private static final Path FIXTURES = Path.of("src/test/resources/realtier");
    private static final Duration HELM_TIMEOUT = Duration.ofMinutes(2);

    private final Daemon registry;
    private final String host;
    private final Path helmHome;
    private final Path ca;

    private ChartRegistry(Daemon registry, String host, Path helmHome, Path ca) {
        this.registry = registry;
        this.host = host;
        this.helmHome = helmHome;
        this.ca = ca;
    }

    public static ChartRegistry start(Path dir, Certificates certificates) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        var serving = certificates.server("registry");
        var port = Daemon.freePort();
        var config = dir.resolve("config.yml");
        Files.writeString(config, String.join("\n",
                "version: 0.1",
                "log:",
                "  level: warn",
                "storage:",
                "  filesystem:",
                "    rootdirectory: " + dir.resolve("storage"),
                "http:",
                "  addr: 127.0.0.1:" + port,
                "  tls:",
                "    certificate: " + serving.certificate(),
                "    key: " + serving.key(),
                "auth:",
                "  htpasswd:",
                "    realm: real-tier",
                "    path: " + FIXTURES.resolve("registry.htpasswd").toAbsolutePath(),
                ""));
        var daemon = Daemon.start("registry", List.of(RealTier.binary("registry").toString(), "serve", config.toString()),
                dir.resolve("logs"));
        daemon.awaitReady(Duration.ofMinutes(1), () -> {
            try (var socket = new java.net.Socket("127.0.0.1", port)) {
                return socket.isConnected();
            } catch (IOException e) {
                return false;
            }
        });
        return new ChartRegistry(daemon, "127.0.0.1:" + port, dir.resolve("helm"), certificates.ca());
    }

    /** {@code 127.0.0.1:PORT}: what {@code spaces.registryHost} names. */
    public String host() {
        return host;
    }

    /** The chart's OCI reference, as {@code spaces.chart} takes it. */
    public String chart() {
        return "oci://" + host + "/" + REPOSITORY + "/spaces";
    }

    /** Packages the stand-in chart at {@code version} and pushes it, logged in as the registry's user. */
    public void push(String version) throws IOException, InterruptedException {
        var pusher = helmEnvironment("pusher", true);
        var out = helmHome.resolve("packages");
        Files.createDirectories(out);
        helm(pusher, "package", FIXTURES.resolve("chart/spaces").toAbsolutePath().toString(), "--version", version,
                "--destination", out.toString());
        helm(pusher, "push", out.resolve("spaces-" + version + ".tgz").toString(), "oci://" + host + "/" + REPOSITORY,
                "--ca-file", ca.toString());
    }

    /**
     * Helm directories of their own ({@code HELM_*}), under {@code name}: the Kubernetes provider reads
     * them as the Helm CLI does, so a login there is a login for the provider too.
     *
     * @param loggedIn whether to log in to this registry there first ({@code helm registry login})
     */
    public Map<String, String> helmEnvironment(String name, boolean loggedIn) throws IOException, InterruptedException {
        var home = helmHome.resolve(name);
        var environment = Map.of(
                "HELM_CONFIG_HOME", home.resolve("config").toString(),
                "HELM_CACHE_HOME", home.resolve("cache").toString(),
                "HELM_DATA_HOME", home.resolve("data").toString(),
                "HELM_REGISTRY_CONFIG", home.resolve("config/registry/config.json").toString());
        if (loggedIn) {
            helm(environment, "registry", "login", host, "--username", USERNAME, "--password", PASSWORD,
                    "--ca-file", ca.toString());
        }
        return environment;
    }

    private void helm(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        var command = new java.util.ArrayList<String>();
        command.add(RealTier.binary("helm").toString());
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        var result = ChildProcess.run(builder, HELM_TIMEOUT);
        if (result.exitCode() != 0) {
            throw new AssertionError("helm " + args[0] + " exited " + result.exitCode() + ": " + result.err());
        }
    }

    @Override
    public void close() throws InterruptedException {
        registry.close();
    }
}
