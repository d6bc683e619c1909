package spacesbackupidentity.realtier;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.protobuf.util.JsonFormat;
import com.pulumi.automation.ConfigValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import pulumirpc.Resource.ReadResourceRequest;
import pulumirpc.Resource.RegisterResourceRequest;
import spacesbackupidentity.offline.EngineRequests;
import spacesbackupidentity.render.Render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The render's oracle: for the dev, prod and secrets stack files, what the real engine receives from
 * the program under {@code pulumi preview} (every RegisterResource and ReadResource request, read
 * from the engine's own gRPC debug log, {@code PULUMI_DEBUG_GRPC}) equals what {@code render}
 * prints for the same files, resource for resource: inputs, dependencies and options.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RenderParityRealEngineIT {
    private static final Gson GSON = new Gson();
    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create();
    private RealTierWorld world;
    private Path dir;
    private Path grpcLog;

    @BeforeAll
    void start() throws Exception {
        world = RealTierWorld.get();
        world.registry().push("1.14.1");
        dir = RealTierWorld.ROOT.resolve("render-parity").toAbsolutePath();
        RealTierWorld.deleteTree(dir);
        Files.createDirectories(dir);
        grpcLog = dir.resolve("grpc.log");
    }

    @AfterAll
    void stop() {
    }

    @Test
    void devAsTheEngineReceivesIt() throws Exception {
        assertParity("dev", "111122223333", Path.of("Pulumi.dev.yaml"),
                Optional.of(Path.of("examples/eks-cluster-dev.outputs.json")),
                Map.of());
    }

    @Test
    void prodAsTheEngineReceivesIt() throws Exception {
        assertParity("prod", "444455556666", Path.of("Pulumi.prod.yaml"),
                Optional.of(Path.of("examples/eks-cluster-prod.outputs.json")),
                Map.of());
    }

    /** Every key that may hold a secret holds one, set with --secret as a user sets it. */
    @Test
    void theSecretsCorpusAsTheEngineReceivesIt() throws Exception {
        var secrets = new LinkedHashMap<String, String>();
        secrets.put("kubeconfig", world.cluster().kubeconfig());
        secrets.put("registry.username", ChartRegistry.USERNAME);
        secrets.put("registry.password", ChartRegistry.PASSWORD);
        secrets.put("spacesSecretValues.license.token", "license-canary-7c1e");
        secrets.put("spacesSecretValues.database.url", "postgres://canary-3b9d@db/spaces");
        assertParity("secrets", "111122223333", Path.of("src/test/resources/parity/Pulumi.secrets.yaml"), Optional.empty(),
                secrets);
    }

    /**
     * @param secrets config set with {@code pulumi config set --secret --path}, in place of the
     *                corpus file's ciphertext (which no passphrase decrypts)
     */
    private void assertParity(String stack, String account, Path source, Optional<Path> clusterOutputs,
                              Map<String, String> secrets) throws Exception {
        // The deploying credentials are of the stack's own account: the program checks them first.
        try (var aws = new AwsStandIn(account, Set.of(), Set.of(), 2048);
             var engine = new RealEngine(dir.resolve(stack + "-pulumi"), aws, environment())) {
            assertParity(engine, stack, source, clusterOutputs, secrets);
        }
    }

    private Map<String, String> environment() throws Exception {
        var environment = new HashMap<>(world.registry().helmEnvironment("parity-provider", true));
        environment.put("SSL_CERT_FILE", world.cluster().certificates().ca().toString());
        environment.put("PULUMI_DEBUG_GRPC", grpcLog.toString());
        return environment;
    }

    @SuppressWarnings("unchecked")
    private void assertParity(RealEngine engine, String stack, Path source, Optional<Path> clusterOutputs,
                              Map<String, String> secrets) throws Exception {
        Optional<Path> outputsFile = Optional.empty();
        var project = TestProject.of(dir.resolve(stack), stack, source, "organization/eks-cluster-" + stack + "/" + stack,
                world.registry(), config -> secrets.keySet().forEach(key -> config.remove(TestProject.KEY_PREFIX
                        + key.split("\\.")[0])));
        if (clusterOutputs.isPresent()) {
            var outputs = new LinkedHashMap<String, Object>(GSON.fromJson(Files.readString(clusterOutputs.get()), Map.class));
            outputs.put("kubeconfig", world.cluster().kubeconfig());
            engine.clusterStack("eks-cluster-" + stack, stack, outputs, Set.of("kubeconfig"));
            outputsFile = Optional.of(project.clusterOutputsFile(outputs, Set.of("kubeconfig")));
        }
        project.createNamespaces(world.cluster());
        var program = engine.program(project.dir(), stack);
        for (var secret : secrets.entrySet()) {
            program.stack().setConfig(TestProject.KEY_PREFIX + secret.getKey(), new ConfigValue(secret.getValue(), true),
                    true);
        }
        Files.deleteIfExists(grpcLog);

        var preview = program.preview();

        var received = receivedByTheEngine();
        var rendered = (Map<String, Object>) GSON.fromJson(Render.render(project.dir(), stack, outputsFile, Optional.empty()),
                Map.class);
        var renderedResources = new TreeMap<String, Object>();
        for (var resource : (List<Map<String, Object>>) rendered.get("resources")) {
            renderedResources.put(resource.get("type") + " " + resource.get("name"), resource);
        }
        assertThat(received.keySet()).as(preview.standardOutput()).isEqualTo(renderedResources.keySet());
        for (var key : renderedResources.keySet()) {
            // Both read back from JSON text, so that a number is a double on both sides.
            assertThat(PRETTY.toJson(GSON.fromJson(PRETTY.toJson(received.get(key)), Object.class)))
                    .as(key + ": what the engine received, printed as the render prints it")
                    .isEqualTo(PRETTY.toJson(renderedResources.get(key)));
        }
        for (var value : secrets.values()) {
            assertThat(Files.readString(project.stackFile())).doesNotContain(value);
        }
    }

    /** The program's RegisterResource and ReadResource requests in the engine's gRPC debug log, by type and name. */
    private Map<String, Object> receivedByTheEngine() throws IOException {
        var received = new TreeMap<String, Object>();
        for (var line : Files.readAllLines(grpcLog)) {
            var entry = com.google.gson.JsonParser.parseString(line).getAsJsonObject();
            var method = entry.has("method") ? entry.get("method").getAsString() : "";
            // Each call is logged when it starts and again when it completes; the first is the request as received.
            if (!entry.has("request") || !entry.has("progress")
                    || !"request_started".equals(entry.get("progress").getAsString())) {
                continue;
            }
            var request = entry.getAsJsonObject("request");
            EngineRequests.Registration registration;
            if ("/pulumirpc.ResourceMonitor/RegisterResource".equals(method)) {
                var builder = RegisterResourceRequest.newBuilder();
                JsonFormat.parser().ignoringUnknownFields().merge(GSON.toJson(request), builder);
                if (builder.getType().equals("pulumi:pulumi:Stack")) {
                    continue;
                }
                registration = EngineRequests.registration(builder.setObject(struct(request.get("object"))).build());
            } else if ("/pulumirpc.ResourceMonitor/ReadResource".equals(method)) {
                var builder = ReadResourceRequest.newBuilder();
                JsonFormat.parser().ignoringUnknownFields().merge(GSON.toJson(request), builder);
                registration = EngineRequests.registration(builder.setProperties(struct(request.get("properties")))
                        .build());
            } else {
                continue;
            }
            var key = registration.type() + " " + registration.name();
            assertThat(received).as("one request for " + key).doesNotContainKey(key);
            received.put(key, Render.resource(registration));
        }
        assertThat(received).as("the engine's gRPC debug log " + grpcLog + " holds the program's requests").isNotEmpty();
        return received;
    }

    /**
     * A Struct from its protojson text, as the engine logged it. Protobuf's own JsonFormat parser
     * drops a map entry whose value is JSON {@code null}, which for a Struct is a NullValue the
     * program sent (a Helm value set to null); this reading keeps it.
     */
    private static com.google.protobuf.Struct struct(com.google.gson.JsonElement json) {
        var struct = com.google.protobuf.Struct.newBuilder();
        if (json != null && json.isJsonObject()) {
            json.getAsJsonObject().entrySet().forEach(e -> struct.putFields(e.getKey(), value(e.getValue())));
        }
        return struct.build();
    }

    private static com.google.protobuf.Value value(com.google.gson.JsonElement json) {
        var value = com.google.protobuf.Value.newBuilder();
        if (json.isJsonNull()) {
            value.setNullValue(com.google.protobuf.NullValue.NULL_VALUE);
        } else if (json.isJsonObject()) {
            value.setStructValue(struct(json));
        } else if (json.isJsonArray()) {
            var list = com.google.protobuf.ListValue.newBuilder();
            json.getAsJsonArray().forEach(item -> list.addValues(value(item)));
            value.setListValue(list);
        } else if (json.getAsJsonPrimitive().isBoolean()) {
            value.setBoolValue(json.getAsBoolean());
        } else if (json.getAsJsonPrimitive().isNumber()) {
            value.setNumberValue(json.getAsDouble());
        } else {
            value.setStringValue(json.getAsString());
        }
        return value.build();
    }
}
