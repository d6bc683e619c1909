package spacesbackupidentity.runtime;

import com.google.protobuf.Empty;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.pulumi.test.Mocks;
import io.grpc.BindableService;
import io.grpc.HandlerRegistry;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import pulumirpc.EngineGrpc;
import pulumirpc.EngineOuterClass.LogRequest;
import pulumirpc.Resource.ReadResourceRequest;
import pulumirpc.Resource.ReadResourceResponse;
import pulumirpc.Resource.RegisterResourceOutputsRequest;
import pulumirpc.Resource.RegisterResourceRequest;
import pulumirpc.Resource.RegisterResourceResponse;
import pulumirpc.Resource.SupportsFeatureRequest;
import pulumirpc.Resource.SupportsFeatureResponse;
import pulumirpc.ResourceMonitorGrpc;
import spacesbackupidentity.offline.OfflineCloud;
import spacesbackupidentity.settings.Secret;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The Pulumi engine as a program sees it under {@code pulumi up}: the ResourceMonitor and Engine
 * gRPC services (pulumi/pulumi proto/pulumi/resource.proto, engine.proto), each on a port of its
 * own on 127.0.0.1, as the engine serves them. It answers as the engine does:
 * <ul>
 *   <li>RegisterResource: the URN from stack, project, parent type and type and name; for a custom
 *       resource, an ID and the outputs: the inputs echoed back, secrets still secret, plus what a
 *       provider computes (a role's ARN), taken from the same {@link OfflineCloud} the offline render
 *       uses, so that any difference from the render is the SDK's way to the engine, not the cloud.
 *       In a preview, as for a resource not created yet: no ID, and what the provider would compute
 *       unknown (a provider's preview of a create, such as the Terraform bridge's, echoes the inputs
 *       and leaves computed values unknown; the engine echoes the inputs itself for a provider that
 *       does not preview).</li>
 *   <li>ReadResource of a stack reference: as the engine's builtin provider reads it (pkg/resource/
 *       deploy/builtins.go, readStackReference): {@code name}, {@code outputs} with secret ones as
 *       secrets, and {@code secretOutputNames}; in a preview too, since the engine reads for real.</li>
 *   <li>A parent, provider or dependency that names no resource registered before is refused, as the
 *       engine refuses it, and recorded in {@link #refusals()}.</li>
 * </ul>
 * Every call is recorded by method name. A method not implemented here, or a service not served,
 * answers UNIMPLEMENTED: the program sees the failure, and the test sees the call.
 */
final class EngineServer implements AutoCloseable {
    /** The wire's marker of a special object, and the signature that makes one a secret (sdk/go/common/resource/sig). */
    static final String SPECIAL_SIG_KEY = "4dabf18193072939515e22adb298388d";
    static final String SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
    /** The wire's unknown value (sdk/go/common/resource/plugin, UnknownStringValue). */
    static final String UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    static final String ROOT_STACK_TYPE = "pulumi:pulumi:Stack";
    /** The engine's RPC message size limit (rpcutil.MaxRPCMessageSize), as the SDK's client sets it too. */
    private static final int MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

    private final String project;
    private final String stack;
    private final boolean preview;
    private final boolean echoInputs;
    private final OfflineCloud cloud;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<String> features = new CopyOnWriteArrayList<>();
    private final List<RegisterResourceRequest> registrations = new CopyOnWriteArrayList<>();
    private final List<ReadResourceRequest> reads = new CopyOnWriteArrayList<>();
    private final List<RegisterResourceOutputsRequest> outputs = new CopyOnWriteArrayList<>();
    private final List<LogRequest> logs = new CopyOnWriteArrayList<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final Set<String> urns = ConcurrentHashMap.newKeySet();
    private final Server monitor;
    private final Server engine;

    private EngineServer(String project, String stack, boolean preview, boolean echoInputs, OfflineCloud cloud)
            throws IOException {
        this.project = project;
        this.stack = stack;
        this.preview = preview;
        this.echoInputs = echoInputs;
        this.cloud = cloud;
        this.monitor = serve(new Monitor());
        this.engine = serve(new Engine());
    }

    /** Serves both services until {@link #close()}. */
    static EngineServer start(String project, String stack, boolean preview, OfflineCloud cloud) throws IOException {
        return new EngineServer(project, stack, preview, true, cloud);
    }

    /**
     * A preview in which the engine returns no outputs at all, as for a provider that echoes no
     * inputs: then the program's dependencies must not rest on outputs alone.
     */
    static EngineServer startSilentPreview(String project, String stack, OfflineCloud cloud) throws IOException {
        return new EngineServer(project, stack, true, false, cloud);
    }

    /** {@code PULUMI_MONITOR}, as the engine hands it to the language host: host and port. */
    String monitorAddress() {
        return "127.0.0.1:" + monitor.getPort();
    }

    /** {@code PULUMI_ENGINE}. */
    String engineAddress() {
        return "127.0.0.1:" + engine.getPort();
    }

    /** Every call received, by gRPC method name ({@code pulumirpc.ResourceMonitor/RegisterResource}), in order. */
    List<String> calls() {
        return List.copyOf(calls);
    }

    /** The features asked about with SupportsFeature. */
    List<String> features() {
        return List.copyOf(features);
    }

    /** RegisterResource requests in the order they arrived, the root stack's included. */
    List<RegisterResourceRequest> registrations() {
        return List.copyOf(registrations);
    }

    List<ReadResourceRequest> reads() {
        return List.copyOf(reads);
    }

    List<RegisterResourceOutputsRequest> outputs() {
        return List.copyOf(outputs);
    }

    List<LogRequest> logs() {
        return List.copyOf(logs);
    }

    /** Requests refused because they named a resource not registered before them. */
    List<String> refusals() {
        return List.copyOf(refusals);
    }

    @Override
    public void close() throws InterruptedException {
        monitor.shutdownNow();
        engine.shutdownNow();
        monitor.awaitTermination(5, TimeUnit.SECONDS);
        engine.awaitTermination(5, TimeUnit.SECONDS);
    }

    private Server serve(BindableService service) throws IOException {
        ServerInterceptor recorder = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                              ServerCallHandler<Q, R> next) {
                calls.add(call.getMethodDescriptor().getFullMethodName());
                return next.startCall(call, headers);
            }
        };
        HandlerRegistry unserved = new HandlerRegistry() {
            @Override
            public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
                calls.add(methodName);
                return null;   // gRPC answers UNIMPLEMENTED
            }
        };
        return NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .addService(ServerInterceptors.intercept(service, recorder))
                .fallbackHandlerRegistry(unserved)
                .build()
                .start();
    }

    private final class Monitor extends ResourceMonitorGrpc.ResourceMonitorImplBase {
        @Override
        public void supportsFeature(SupportsFeatureRequest request, StreamObserver<SupportsFeatureResponse> response) {
            features.add(request.getId());
            // The engine supports resource references unless PULUMI_DISABLE_RESOURCE_REFERENCES; the
            // other features the SDK could ask about are not served here.
            answer(response, SupportsFeatureResponse.newBuilder()
                    .setHasSupport(request.getId().equals("resourceReferences")).build());
        }

        @Override
        public void registerResource(RegisterResourceRequest request,
                                     StreamObserver<RegisterResourceResponse> response) {
            registrations.add(request);
            if (refused(response, request.getType() + " " + request.getName(), request.getParent(),
                    request.getProvider(), request.getDependenciesList())) {
                return;
            }
            var urn = urn(request.getParent(), request.getType(), request.getName());
            if (!urns.add(urn)) {
                refuse(response, "duplicate resource URN " + urn);
                return;
            }
            var answer = RegisterResourceResponse.newBuilder().setUrn(urn);
            if (request.getCustom()) {
                var result = cloud.newResourceAsync(new Mocks.ResourceArgs(request.getType(), request.getName(),
                        plain(request.getObject()), request.getProvider(), request.getImportId())).join();
                // A preview creates nothing: no ID, and what only the cloud knows is unknown.
                answer.setId(preview ? request.getImportId() : result.id.orElseThrow());
                if (echoInputs) {
                    answer.setObject(echoed(request.getObject(), state(result), preview));
                }
            }
            answer(response, answer.build());
        }

        @Override
        public void readResource(ReadResourceRequest request, StreamObserver<ReadResourceResponse> response) {
            reads.add(request);
            if (!request.getType().equals(OfflineCloud.STACK_REFERENCE)) {
                response.onError(Status.UNIMPLEMENTED.withDescription("ReadResource of " + request.getType())
                        .asRuntimeException());
                return;
            }
            if (refused(response, request.getType() + " " + request.getName(), request.getParent(),
                    request.getProvider(), request.getDependenciesList())) {
                return;
            }
            var urn = urn(request.getParent(), request.getType(), request.getName());
            urns.add(urn);
            var state = state(cloud.newResourceAsync(new Mocks.ResourceArgs(request.getType(), request.getName(),
                    plain(request.getProperties()), request.getProvider(), request.getId())).join());
            @SuppressWarnings("unchecked")
            var secretNames = (List<String>) state.get("secretOutputNames");
            var stackOutputs = new LinkedHashMap<String, Object>();
            ((Map<?, ?>) state.get("outputs")).forEach((name, value) -> stackOutputs.put(String.valueOf(name),
                    secretNames.contains(String.valueOf(name)) ? new Secret<>(value) : value));
            var properties = Struct.newBuilder()
                    .putFields("name", wire(state.get("name")))
                    .putFields("outputs", wire(stackOutputs))
                    .putFields("secretOutputNames", wire(secretNames));
            answer(response, ReadResourceResponse.newBuilder().setUrn(urn).setProperties(properties).build());
        }

        /** An invoke, answered by the provider as the offline cloud answers it (the deploying identity). */
        @Override
        public void invoke(pulumirpc.Resource.ResourceInvokeRequest request,
                           StreamObserver<pulumirpc.Resource.ResourceInvokeResponse> response) {
            Map<String, Object> result;
            try {
                result = cloud.callAsync(new Mocks.CallArgs(request.getTok(),
                        com.google.common.collect.ImmutableMap.copyOf(plain(request.getArgs())), request.getProvider()))
                        .join();
            } catch (java.util.concurrent.CompletionException e) {
                response.onError(Status.UNKNOWN.withDescription(e.getCause().getMessage()).asRuntimeException());
                return;
            }
            answer(response, pulumirpc.Resource.ResourceInvokeResponse.newBuilder()
                    .setReturn(wire(result).getStructValue()).build());
        }

        @Override
        public void registerResourceOutputs(RegisterResourceOutputsRequest request, StreamObserver<Empty> response) {
            outputs.add(request);
            if (!urns.contains(request.getUrn())) {
                refuse(response, "outputs for unknown resource " + request.getUrn());
                return;
            }
            answer(response, Empty.getDefaultInstance());
        }
    }

    private final class Engine extends EngineGrpc.EngineImplBase {
        @Override
        public void log(LogRequest request, StreamObserver<Empty> response) {
            logs.add(request);
            answer(response, Empty.getDefaultInstance());
        }
    }

    private static <T> void answer(StreamObserver<T> response, T value) {
        response.onNext(value);
        response.onCompleted();
    }

    private void refuse(StreamObserver<?> response, String why) {
        refusals.add(why);
        response.onError(Status.FAILED_PRECONDITION.withDescription(why).asRuntimeException());
    }

    /** Whether the request names a parent, provider or dependency the engine has not seen; if so, refused. */
    private boolean refused(StreamObserver<?> response, String what, String parent, String providerReference,
                            List<String> dependencies) {
        var named = new ArrayList<String>(dependencies);
        if (!parent.isEmpty()) {
            named.add(parent);
        }
        if (!providerReference.isEmpty()) {
            // A provider reference is URN::ID; in a preview the ID of a provider not yet created is unknown.
            named.add(providerReference.substring(0, providerReference.lastIndexOf("::")));
        }
        var unknown = named.stream().filter(urn -> !urns.contains(urn)).toList();
        if (unknown.isEmpty()) {
            return false;
        }
        refuse(response, what + " names resources not registered before it: " + unknown);
        return true;
    }

    /** {@code urn:pulumi:STACK::PROJECT::[PARENT-TYPE$]TYPE::NAME}; resources under the root stack have no parent type. */
    private String urn(String parent, String type, String name) {
        var qualifiedType = type;
        if (!parent.isEmpty()) {
            var parentType = parent.split("::")[2];
            if (!parentType.equals(ROOT_STACK_TYPE)) {
                qualifiedType = parentType + "$" + type;
            }
        }
        return "urn:pulumi:" + stack + "::" + project + "::" + qualifiedType + "::" + name;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> state(Mocks.ResourceResult result) {
        return (Map<String, Object>) result.state;
    }

    /** The inputs as sent, secrets kept, with what the cloud added: unknown in a preview. */
    private static Struct echoed(Struct inputs, Map<String, Object> state, boolean preview) {
        var outputs = inputs.toBuilder();
        state.forEach((key, value) -> {
            if (!inputs.containsFields(key)) {
                outputs.putFields(key, wire(preview ? UNKNOWN : value));
            }
        });
        return outputs.build();
    }

    /** Inputs as a provider reads them: secrets unwrapped. */
    private static Map<String, Object> plain(Struct struct) {
        var map = new LinkedHashMap<String, Object>();
        struct.getFieldsMap().forEach((key, value) -> map.put(key, plain(value)));
        return map;
    }

    private static Object plain(Value value) {
        return switch (value.getKindCase()) {
            case NULL_VALUE, KIND_NOT_SET -> null;
            case BOOL_VALUE -> value.getBoolValue();
            case NUMBER_VALUE -> value.getNumberValue();
            case STRING_VALUE -> value.getStringValue();
            case LIST_VALUE -> value.getListValue().getValuesList().stream().map(EngineServer::plain).toList();
            case STRUCT_VALUE -> {
                var fields = value.getStructValue().getFieldsMap();
                var signature = fields.get(SPECIAL_SIG_KEY);
                yield signature != null && signature.getStringValue().equals(SECRET_SIG) ? plain(fields.get("value"))
                        : plain(value.getStructValue());
            }
        };
    }

    /** A Java value on the wire; {@link Secret} as the engine marks a secret. */
    static Value wire(Object value) {
        var builder = Value.newBuilder();
        if (value == null) {
            return builder.setNullValue(NullValue.NULL_VALUE).build();
        }
        if (value instanceof Secret<?> secret) {
            var struct = Struct.newBuilder().putFields(SPECIAL_SIG_KEY, wire(SECRET_SIG))
                    .putFields("value", wire(secret.value()));
            return builder.setStructValue(struct).build();
        }
        if (value instanceof String text) {
            return builder.setStringValue(text).build();
        }
        if (value instanceof Boolean bool) {
            return builder.setBoolValue(bool).build();
        }
        if (value instanceof Number number) {
            return builder.setNumberValue(number.doubleValue()).build();
        }
        if (value instanceof List<?> list) {
            var values = ListValue.newBuilder();
            list.forEach(element -> values.addValues(wire(element)));
            return builder.setListValue(values).build();
        }
        if (value instanceof Map<?, ?> map) {
            var struct = Struct.newBuilder();
            map.forEach((key, element) -> struct.putFields(String.valueOf(key), wire(element)));
            return builder.setStructValue(struct).build();
        }
        throw new IllegalArgumentException("no wire form for " + value.getClass().getName());
    }
}
