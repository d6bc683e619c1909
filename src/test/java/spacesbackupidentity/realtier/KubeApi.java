package spacesbackupidentity.realtier;

import com.google.gson.Gson;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The test's own view of the API server, over its REST API with the admin's client certificate:
 * what a test reads to check what the program did, and what the stand-ins for the kubelet and for
 * Spaces write. JSON in and out, read with Gson into maps and lists.
 */
public final class KubeApi {
    public static final String FIELD_MANAGER = "real-tier-test";
    private static final Gson GSON = new Gson();
    private final URI server;
    private final HttpClient http;

    public KubeApi(URI server, Path caCertificate, Path clientPkcs12, String password) {
        this.server = server;
        try {
            var keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(clientPkcs12)) {
                keys.load(in, password.toCharArray());
            }
            var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password.toCharArray());
            var trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            try (InputStream in = Files.newInputStream(caCertificate)) {
                trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            var trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trusted);
            var tls = SSLContext.getInstance("TLS");
            tls.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            this.http = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the admin's TLS client: " + e, e);
        }
    }

    /** A response that is not a success. */
    public static final class ApiException extends RuntimeException {
        private final int status;

        ApiException(String request, int status, String body) {
            super(request + ": HTTP " + status + ": " + body);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public Optional<Map<String, Object>> get(String path) {
        try {
            return Optional.of(send("GET", path, null, null));
        } catch (ApiException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The items of a list. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> list(String path) {
        return (List<Map<String, Object>>) send("GET", path, null, null).get("items");
    }

    /** A whole list response: its {@code items} and its {@code metadata.resourceVersion}, to watch from. */
    public Map<String, Object> listing(String path) {
        return send("GET", path, null, null);
    }

    /**
     * A watch ({@code path} with {@code watch=1}): each event ({@code type}, {@code object}) as the server
     * sends it, one JSON document a line, until the server ends the watch ({@code timeoutSeconds}).
     */
    @SuppressWarnings("unchecked")
    public void watch(String path, Duration timeout, java.util.function.Consumer<Map<String, Object>> onEvent) {
        var request = HttpRequest.newBuilder(server.resolve(path)).timeout(timeout).header("Accept", "application/json")
                .GET().build();
        HttpResponse<java.util.stream.Stream<String>> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("GET " + path + ": interrupted", e);
        }
        try (var lines = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw new ApiException("GET " + path, response.statusCode(), String.join("\n", lines.toList()));
            }
            lines.filter(line -> !line.isBlank()).forEach(line -> onEvent.accept(GSON.fromJson(line, Map.class)));
        }
    }

    public Map<String, Object> create(String path, Map<String, Object> body) {
        return send("POST", path, "application/json", GSON.toJson(body));
    }

    /** A server-side apply of {@code body}, forced, as this test's field manager. */
    public Map<String, Object> apply(String path, Map<String, Object> body) {
        return apply(path, FIELD_MANAGER, body);
    }

    /** A server-side apply of {@code body}, forced, as {@code fieldManager}. */
    public Map<String, Object> apply(String path, String fieldManager, Map<String, Object> body) {
        return send("PATCH", path + "?fieldManager=" + fieldManager + "&force=true", "application/apply-patch+yaml",
                GSON.toJson(body));
    }

    /**
     * The values a Helm release was installed with ({@code helm get values}), read from Helm's storage:
     * the newest release Secret, whose {@code release} is base64 of gzip of JSON (helm.sh/helm/v3
     * pkg/storage/driver/util.go), its {@code config} the user-supplied values; empty when there is
     * no such release.
     */
    @SuppressWarnings("unchecked")
    public java.util.Optional<Map<String, Object>> helmReleaseValues(String namespace, String release) {
        var secrets = list("/api/v1/namespaces/" + namespace + "/secrets?labelSelector=owner%3Dhelm,name%3D" + release);
        var newest = secrets.stream().max(java.util.Comparator.comparingInt(secret -> Integer.parseInt(
                (String) ((Map<String, Object>) ((Map<String, Object>) secret.get("metadata")).get("labels"))
                        .get("version"))));
        if (newest.isEmpty()) {
            return java.util.Optional.empty();
        }
        var data = (String) ((Map<String, Object>) newest.get().get("data")).get("release");
        var helmEncoded = new String(java.util.Base64.getDecoder().decode(data), java.nio.charset.StandardCharsets.US_ASCII);
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(
                java.util.Base64.getDecoder().decode(helmEncoded)))) {
            var stored = GSON.fromJson(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), Map.class);
            return java.util.Optional.of((Map<String, Object>) stored.getOrDefault("config", Map.of()));
        } catch (IOException e) {
            throw new IllegalStateException("Helm release " + namespace + "/" + release + " is not readable: " + e, e);
        }
    }

    /** How many revisions Helm keeps of a release: one Secret each. */
    public int helmReleaseRevisions(String namespace, String release) {
        return list("/api/v1/namespaces/" + namespace + "/secrets?labelSelector=owner%3Dhelm,name%3D" + release).size();
    }

    public Map<String, Object> mergePatch(String path, Map<String, Object> body) {
        return send("PATCH", path, "application/merge-patch+json", GSON.toJson(body));
    }

    /** A merge patch as JSON text: the only way to say {@code null} (remove this key), which Gson drops from a map. */
    public Map<String, Object> mergePatch(String path, String json) {
        return send("PATCH", path, "application/merge-patch+json", json);
    }

    public void delete(String path, Map<String, Object> options) {
        try {
            send("DELETE", path, "application/json", GSON.toJson(options));
        } catch (ApiException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
    }

    /** Whether the server answers {@code path} with 200. */
    public boolean answers(String path) {
        try {
            var response = http.send(HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> send(String method, String path, String contentType, String body) {
        var request = HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.header("Accept", "application/json");
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + ": interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new ApiException(method + " " + path, response.statusCode(), response.body());
        }
        return GSON.fromJson(response.body(), Map.class);
    }
}
