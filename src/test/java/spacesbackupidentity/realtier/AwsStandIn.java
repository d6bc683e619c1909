package spacesbackupidentity.realtier;

import com.google.gson.Gson;
import com.google.protobuf.Empty;
import com.google.protobuf.Struct;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import pulumirpc.Plugin.PluginAttach;
import pulumirpc.Plugin.PluginInfo;
import pulumirpc.Provider.CheckRequest;
import pulumirpc.Provider.CheckResponse;
import pulumirpc.Provider.ConfigureRequest;
import pulumirpc.Provider.ConfigureResponse;
import pulumirpc.Provider.CreateRequest;
import pulumirpc.Provider.CreateResponse;
import pulumirpc.Provider.DeleteRequest;
import pulumirpc.Provider.DiffRequest;
import pulumirpc.Provider.DiffResponse;
import pulumirpc.Provider.InvokeRequest;
import pulumirpc.Provider.InvokeResponse;
import pulumirpc.Provider.PropertyDiff;
import pulumirpc.Provider.ProviderHandshakeRequest;
import pulumirpc.Provider.ProviderHandshakeResponse;
import pulumirpc.Provider.ReadRequest;
import pulumirpc.Provider.ReadResponse;
import pulumirpc.Provider.UpdateRequest;
import pulumirpc.Provider.UpdateResponse;
import pulumirpc.ResourceProviderGrpc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A stand-in for the AWS provider plugin (pulumi-aws 6.83.0), which cannot be built here: it is
 * bridged from a patched copy of the Terraform provider. The engine dials it through
 * {@code PULUMI_DEBUG_PROVIDERS=aws:PORT} (pulumi/pulumi sdk/go/common/resource/plugin/provider_plugin.go:
 * Handshake, then Attach) instead of launching a plugin. It serves the resource types and the
 * invoke this program uses, and behaves as IAM and EKS do where it matters here:
 * <ul>
 *   <li>a role name is unique in the account, compared without case (IAM: "EntityAlreadyExists");
 *       so a replacement that creates the new role before deleting the old one collides when the
 *       name stays. It does not apply the Terraform bridge's own delete-before-replace for
 *       explicitly named resources (pulumi-terraform-bridge pkg/tfbridge/schema.go,
 *       nameRequiresDeleteBeforeReplace): the program must ask for it itself;</li>
 *   <li>{@code name} and {@code path} of a role, {@code name} and {@code role} of an inline policy,
 *       and cluster, namespace and service account of a Pod Identity association are replaced, not
 *       updated (ForceNew in the Terraform schema); everything else updates in place;</li>
 *   <li>a trust policy longer than the account's quota, counted without whitespace, is refused
 *       ("LimitExceeded: Cannot exceed quota for ACLSizePerRole"), and so is a federated principal
 *       that is no OIDC provider of the account ("MalformedPolicyDocument: Invalid principal");</li>
 *   <li>an inline policy needs its role; a Pod Identity association needs its cluster in the region
 *       the provider is configured for, and one association per namespace and service account;</li>
 *   <li>{@code getCallerIdentity} answers with the account's deploying identity.</li>
 * </ul>
 * Every call is recorded ({@link #calls()}) with what the cloud would have received.
 */
public final class AwsStandIn implements AutoCloseable {
    public static final String ROLE = "aws:iam/role:Role";
    public static final String ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
    public static final String POD_IDENTITY_ASSOCIATION = "aws:eks/podIdentityAssociation:PodIdentityAssociation";
    public static final String CALLER_IDENTITY = "aws:index/getCallerIdentity:getCallerIdentity";
    /** Which inputs replace a resource instead of updating it (ForceNew in the Terraform schema). */
    private static final Map<String, Set<String>> REPLACED_ON = Map.of(
            ROLE, Set.of("name", "namePrefix", "path"),
            ROLE_POLICY, Set.of("name", "namePrefix", "role"),
            POD_IDENTITY_ASSOCIATION, Set.of("clusterName", "namespace", "serviceAccount"));
    private static final Gson GSON = new Gson();

    /** One call the engine made, with the inputs it carried (secrets revealed, as the cloud gets them). */
    public record Call(String method, String type, String name, Map<String, Object> inputs, Optional<String> error) {
    }

    /** An EKS cluster the account has, by region and name. */
    public record Cluster(String region, String name) {
    }

    private volatile String account;
    private final Set<String> oidcProviders;
    private final Set<Cluster> clusters;
    private final int trustPolicyQuota;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    /** Live roles by lower-case name: their outputs. */
    private final Map<String, Map<String, Object>> roles = new ConcurrentHashMap<>();
    /** Live inline policies by {@code role:name}. */
    private final Map<String, Map<String, Object>> rolePolicies = new ConcurrentHashMap<>();
    /** Live associations by ID. */
    private final Map<String, Map<String, Object>> associations = new ConcurrentHashMap<>();
    private volatile Map<String, Object> providerConfig = Map.of();
    private final Server server;
    private int nextId = 1;

    /**
     * @param oidcProviders the ARNs of the account's IAM OIDC providers
     * @param clusters      the account's EKS clusters
     */
    public AwsStandIn(String account, Set<String> oidcProviders, Set<Cluster> clusters, int trustPolicyQuota)
            throws IOException {
        this.account = account;
        this.oidcProviders = Set.copyOf(oidcProviders);
        this.clusters = Set.copyOf(clusters);
        this.trustPolicyQuota = trustPolicyQuota;
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(new Service())
                .build()
                .start();
    }

    /** What PULUMI_DEBUG_PROVIDERS names: {@code aws:PORT}. */
    public String debugProviders() {
        return "aws:" + server.getPort();
    }

    public String account() {
        return account;
    }

    /**
     * From now on, the account the roles are made in and the deploying credentials belong to: one
     * engine previews stacks of several accounts (dev's and prod's) with the credentials of each.
     */
    public void useAccount(String account) {
        this.account = account;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The live roles' names, as created. */
    public Set<String> roleNames() {
        var names = new TreeSet<String>();
        roles.values().forEach(role -> names.add((String) role.get("name")));
        return names;
    }

    public Optional<Map<String, Object>> role(String name) {
        return Optional.ofNullable(roles.get(name.toLowerCase(Locale.ROOT)));
    }

    public Optional<Map<String, Object>> rolePolicy(String role, String name) {
        return Optional.ofNullable(rolePolicies.get(role.toLowerCase(Locale.ROOT) + ":" + name));
    }

    /** The live associations' outputs. */
    public List<Map<String, Object>> associations() {
        return List.copyOf(associations.values());
    }

    /** The region the engine configured the provider for. */
    public Optional<String> region() {
        return Optional.ofNullable((String) providerConfig.get("region"));
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    private static String name(String urn) {
        return urn.substring(urn.lastIndexOf("::") + 2);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> revealed(Struct struct) {
        return (Map<String, Object>) WireValues.revealed(WireValues.toJava(struct));
    }

    /** A cloud API's refusal, as the provider reports it to the engine. */
    private static final class CloudError extends RuntimeException {
        CloudError(String message) {
            super(message);
        }
    }

    private synchronized Map<String, Object> created(String type, Map<String, Object> inputs) {
        return switch (type) {
            case ROLE -> {
                var name = (String) inputs.get("name");
                if (name == null) {
                    throw new CloudError("this stand-in creates only named roles");
                }
                if (roles.containsKey(name.toLowerCase(Locale.ROOT))) {
                    throw new CloudError("creating IAM Role (" + name + "): operation error IAM: CreateRole, https"
                            + " response error StatusCode: 409, EntityAlreadyExists: Role with name " + name
                            + " already exists.");
                }
                checkTrustPolicy("CreateRole", (String) inputs.get("assumeRolePolicy"));
                var path = (String) inputs.getOrDefault("path", "/");
                var outputs = new LinkedHashMap<>(inputs);
                outputs.put("path", path);
                outputs.put("arn", "arn:aws:iam::" + account + ":role" + path + name);
                outputs.put("uniqueId", "AROA" + String.format("%016d", nextId++));
                outputs.put("id", name);
                roles.put(name.toLowerCase(Locale.ROOT), outputs);
                yield outputs;
            }
            case ROLE_POLICY -> {
                var role = (String) inputs.get("role");
                if (role == null || !roles.containsKey(role.toLowerCase(Locale.ROOT))) {
                    throw new CloudError("putting IAM Role (" + role + ") Policy: operation error IAM: PutRolePolicy,"
                            + " https response error StatusCode: 404, NoSuchEntity: The role with name " + role
                            + " cannot be found.");
                }
                var outputs = new LinkedHashMap<>(inputs);
                outputs.put("id", role + ":" + inputs.get("name"));
                rolePolicies.put(role.toLowerCase(Locale.ROOT) + ":" + inputs.get("name"), outputs);
                yield outputs;
            }
            case POD_IDENTITY_ASSOCIATION -> {
                var cluster = new Cluster(region().orElse(""), (String) inputs.get("clusterName"));
                if (!clusters.contains(cluster)) {
                    throw new CloudError("creating EKS Pod Identity Association: operation error EKS:"
                            + " CreatePodIdentityAssociation, https response error StatusCode: 404,"
                            + " ResourceNotFoundException: No cluster found for name: " + cluster.name() + ".");
                }
                var taken = associations.values().stream().anyMatch(a -> a.get("clusterName").equals(cluster.name())
                        && a.get("namespace").equals(inputs.get("namespace"))
                        && a.get("serviceAccount").equals(inputs.get("serviceAccount")));
                if (taken) {
                    throw new CloudError("creating EKS Pod Identity Association: operation error EKS:"
                            + " CreatePodIdentityAssociation, https response error StatusCode: 409,"
                            + " ResourceInUseException: Association already exists");
                }
                var id = String.format("a-%017d", nextId++);
                var outputs = new LinkedHashMap<>(inputs);
                outputs.put("associationId", id);
                outputs.put("associationArn", "arn:aws:eks:" + cluster.region() + ":" + account
                        + ":podidentityassociation/" + cluster.name() + "/" + id);
                outputs.put("id", cluster.name() + "," + id);
                associations.put(id, outputs);
                yield outputs;
            }
            default -> throw new CloudError("this stand-in does not serve " + type);
        };
    }

    private synchronized Map<String, Object> update(String type, String id, Map<String, Object> olds,
                                                    Map<String, Object> news) {
        var outputs = new LinkedHashMap<>(olds);
        outputs.putAll(news);
        switch (type) {
            case ROLE -> {
                checkTrustPolicy("UpdateAssumeRolePolicy", (String) news.get("assumeRolePolicy"));
                requireLive(roles, id.toLowerCase(Locale.ROOT), "role " + id).putAll(outputs);
            }
            case ROLE_POLICY -> requireLive(rolePolicies, policyKey(id), "role policy " + id).putAll(outputs);
            case POD_IDENTITY_ASSOCIATION -> requireLive(associations, id.substring(id.indexOf(',') + 1),
                    "association " + id).putAll(outputs);
            default -> throw new CloudError("this stand-in does not serve " + type);
        }
        return outputs;
    }

    private synchronized void delete(String type, String id) {
        switch (type) {
            case ROLE -> {
                var key = id.toLowerCase(Locale.ROOT);
                if (rolePolicies.keySet().stream().anyMatch(k -> k.startsWith(key + ":"))) {
                    throw new CloudError("deleting IAM Role (" + id + "): operation error IAM: DeleteRole, https"
                            + " response error StatusCode: 409, DeleteConflict: Cannot delete entity, must delete"
                            + " policies first.");
                }
                roles.remove(key);
            }
            case ROLE_POLICY -> rolePolicies.remove(policyKey(id));
            case POD_IDENTITY_ASSOCIATION -> associations.remove(id.substring(id.indexOf(',') + 1));
            default -> throw new CloudError("this stand-in does not serve " + type);
        }
    }

    private Optional<Map<String, Object>> live(String type, String id) {
        return Optional.ofNullable(switch (type) {
            case ROLE -> roles.get(id.toLowerCase(Locale.ROOT));
            case ROLE_POLICY -> rolePolicies.get(policyKey(id));
            case POD_IDENTITY_ASSOCIATION -> associations.get(id.substring(id.indexOf(',') + 1));
            default -> null;
        });
    }

    private static String policyKey(String id) {
        var colon = id.indexOf(':');
        return id.substring(0, colon).toLowerCase(Locale.ROOT) + id.substring(colon);
    }

    private static Map<String, Object> requireLive(Map<String, Map<String, Object>> live, String key, String what) {
        var found = live.get(key);
        if (found == null) {
            throw new CloudError(what + " does not exist");
        }
        return found;
    }

    /** IAM's checks of a trust policy: the size quota, and federated principals that exist. */
    private void checkTrustPolicy(String operation, String policy) {
        if (policy == null) {
            throw new CloudError(operation + ": MalformedPolicyDocument: no assume role policy");
        }
        var size = policy.replaceAll("\\s", "").length();
        if (size > trustPolicyQuota) {
            throw new CloudError("operation error IAM: " + operation + ", https response error StatusCode: 409,"
                    + " LimitExceeded: Cannot exceed quota for ACLSizePerRole: " + trustPolicyQuota);
        }
        @SuppressWarnings("unchecked")
        var document = (Map<String, Object>) GSON.fromJson(policy, Map.class);
        for (var statement : statements(document)) {
            if (statement.get("Principal") instanceof Map<?, ?> principal && principal.get("Federated") != null) {
                var federated = principal.get("Federated");
                var arns = federated instanceof List<?> list ? list : List.of(federated);
                for (var arn : arns) {
                    if (!oidcProviders.contains(String.valueOf(arn))) {
                        throw new CloudError("operation error IAM: " + operation + ", https response error"
                                + " StatusCode: 400, MalformedPolicyDocument: Invalid principal in policy: \"Federated\":\""
                                + arn + "\"");
                    }
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements(Map<String, Object> document) {
        var statement = document.get("Statement");
        if (statement instanceof List<?> list) {
            return (List<Map<String, Object>>) list;
        }
        return statement == null ? List.of() : List.of((Map<String, Object>) statement);
    }

    private DiffResponse inputDiff(String type, Map<String, Object> oldInputs, Map<String, Object> news) {
        var keys = new TreeSet<String>(news.keySet());
        keys.addAll(oldInputs.keySet());
        keys.remove("__defaults");
        var response = DiffResponse.newBuilder().setHasDetailedDiff(true);
        var replacedOn = REPLACED_ON.getOrDefault(type, Set.of());
        for (var key : keys) {
            var before = oldInputs.get(key);
            var after = news.get(key);
            if (Objects.equals(before, after)) {
                continue;
            }
            var replaces = replacedOn.contains(key);
            var kind = before == null ? (replaces ? PropertyDiff.Kind.ADD_REPLACE : PropertyDiff.Kind.ADD)
                    : after == null ? (replaces ? PropertyDiff.Kind.DELETE_REPLACE : PropertyDiff.Kind.DELETE)
                    : (replaces ? PropertyDiff.Kind.UPDATE_REPLACE : PropertyDiff.Kind.UPDATE);
            response.addDiffs(key).putDetailedDiff(key, PropertyDiff.newBuilder().setKind(kind).setInputDiff(true).build());
            if (replaces) {
                response.addReplaces(key);
            }
        }
        return response.setChanges(response.getDiffsCount() == 0 ? DiffResponse.DiffChanges.DIFF_NONE
                : DiffResponse.DiffChanges.DIFF_SOME).build();
    }

    /** Outputs a create would have, for a preview: the inputs, and what the cloud computes unknown. */
    private static Map<String, Object> previewed(String type, Map<String, Object> inputs) {
        var outputs = new LinkedHashMap<String, Object>(inputs);
        var computed = switch (type) {
            case ROLE -> List.of("arn", "uniqueId", "id");
            case ROLE_POLICY -> List.of("id");
            case POD_IDENTITY_ASSOCIATION -> List.of("associationId", "associationArn", "id");
            default -> List.<String>of();
        };
        computed.forEach(key -> outputs.putIfAbsent(key, WireValues.UNKNOWN));
        return outputs;
    }

    private final class Service extends ResourceProviderGrpc.ResourceProviderImplBase {
        private <T> void answer(StreamObserver<T> observer, String method, String type, String name,
                                Map<String, Object> inputs, Supplier<T> action) {
            try {
                var response = action.get();
                calls.add(new Call(method, type, name, inputs, Optional.empty()));
                observer.onNext(response);
                observer.onCompleted();
            } catch (CloudError e) {
                calls.add(new Call(method, type, name, inputs, Optional.of(e.getMessage())));
                observer.onError(Status.UNKNOWN.withDescription(e.getMessage()).asRuntimeException());
            } catch (RuntimeException e) {
                calls.add(new Call(method, type, name, inputs, Optional.of(e.toString())));
                observer.onError(Status.INTERNAL.withDescription("AWS stand-in: " + e).asRuntimeException());
            }
        }

        @Override
        public void handshake(ProviderHandshakeRequest request, StreamObserver<ProviderHandshakeResponse> observer) {
            answer(observer, "Handshake", "", "", Map.of(), () -> ProviderHandshakeResponse.newBuilder()
                    .setAcceptSecrets(true).setAcceptResources(true).build());
        }

        @Override
        public void attach(PluginAttach request, StreamObserver<Empty> observer) {
            answer(observer, "Attach", "", "", Map.of(), Empty::getDefaultInstance);
        }

        @Override
        public void getPluginInfo(Empty request, StreamObserver<PluginInfo> observer) {
            answer(observer, "GetPluginInfo", "", "", Map.of(),
                    () -> PluginInfo.newBuilder().setVersion("6.83.0").build());
        }

        @Override
        public void checkConfig(CheckRequest request, StreamObserver<CheckResponse> observer) {
            answer(observer, "CheckConfig", request.getType(), request.getName(), revealed(request.getNews()),
                    () -> CheckResponse.newBuilder().setInputs(request.getNews()).build());
        }

        @Override
        public void diffConfig(DiffRequest request, StreamObserver<DiffResponse> observer) {
            var news = revealed(request.getNews());
            answer(observer, "DiffConfig", request.getType(), request.getName(), news,
                    () -> inputDiff("pulumi:providers:aws", revealed(request.getOldInputs()), news));
        }

        @Override
        public void configure(ConfigureRequest request, StreamObserver<ConfigureResponse> observer) {
            var config = request.hasArgs() ? revealed(request.getArgs()) : new LinkedHashMap<String, Object>(
                    request.getVariablesMap());
            answer(observer, "Configure", request.getType(), request.getName(), config, () -> {
                providerConfig = config;
                return ConfigureResponse.newBuilder().setAcceptSecrets(true).setAcceptResources(true)
                        .setSupportsPreview(true).build();
            });
        }

        @Override
        public void check(CheckRequest request, StreamObserver<CheckResponse> observer) {
            answer(observer, "Check", request.getType(), request.getName(), revealed(request.getNews()),
                    () -> CheckResponse.newBuilder().setInputs(request.getNews()).build());
        }

        @Override
        public void diff(DiffRequest request, StreamObserver<DiffResponse> observer) {
            var news = revealed(request.getNews());
            answer(observer, "Diff", request.getType(), request.getName(), news,
                    () -> inputDiff(request.getType(), revealed(request.getOldInputs()), news));
        }

        @Override
        public void create(CreateRequest request, StreamObserver<CreateResponse> observer) {
            var inputs = revealed(request.getProperties());
            answer(observer, request.getPreview() ? "Create(preview)" : "Create", request.getType(), request.getName(),
                    inputs, () -> {
                        if (request.getPreview()) {
                            return CreateResponse.newBuilder()
                                    .setProperties(WireValues.toStruct(previewed(request.getType(), inputs))).build();
                        }
                        var outputs = created(request.getType(), inputs);
                        return CreateResponse.newBuilder().setId((String) outputs.get("id"))
                                .setProperties(WireValues.toStruct(outputs)).build();
                    });
        }

        @Override
        public void update(UpdateRequest request, StreamObserver<UpdateResponse> observer) {
            var news = revealed(request.getNews());
            answer(observer, request.getPreview() ? "Update(preview)" : "Update", request.getType(), request.getName(),
                    news, () -> {
                        var olds = revealed(request.getOlds());
                        var outputs = request.getPreview() ? merged(olds, news)
                                : AwsStandIn.this.update(request.getType(), request.getId(), olds, news);
                        return UpdateResponse.newBuilder().setProperties(WireValues.toStruct(outputs)).build();
                    });
        }

        @Override
        public void delete(DeleteRequest request, StreamObserver<Empty> observer) {
            answer(observer, "Delete", request.getType(), request.getName(), revealed(request.getProperties()), () -> {
                AwsStandIn.this.delete(request.getType(), request.getId());
                return Empty.getDefaultInstance();
            });
        }

        @Override
        public void read(ReadRequest request, StreamObserver<ReadResponse> observer) {
            answer(observer, "Read", request.getType(), request.getName(), revealed(request.getInputs()), () -> {
                var found = live(request.getType(), request.getId());
                var response = ReadResponse.newBuilder();
                found.ifPresent(outputs -> response.setId(request.getId()).setProperties(WireValues.toStruct(outputs))
                        .setInputs(request.getInputs()));
                return response.build();
            });
        }

        @Override
        public void invoke(InvokeRequest request, StreamObserver<InvokeResponse> observer) {
            answer(observer, "Invoke", request.getTok(), "", revealed(request.getArgs()), () -> {
                if (!CALLER_IDENTITY.equals(request.getTok())) {
                    throw new CloudError("this stand-in does not serve " + request.getTok());
                }
                var arn = "arn:aws:sts::" + account + ":assumed-role/deploy/pulumi";
                return InvokeResponse.newBuilder().setReturn(WireValues.toStruct(Map.of("accountId", account,
                        "arn", arn, "id", account, "userId", "AROADEPLOY:pulumi"))).build();
            });
        }

        @Override
        public void cancel(Empty request, StreamObserver<Empty> observer) {
            answer(observer, "Cancel", "", "", Map.of(), Empty::getDefaultInstance);
        }

        private Map<String, Object> merged(Map<String, Object> olds, Map<String, Object> news) {
            var outputs = new LinkedHashMap<>(olds);
            outputs.putAll(news);
            return outputs;
        }
    }

    /** Calls of one method on one type, in order. */
    public List<Call> calls(String method, String type) {
        var result = new ArrayList<Call>();
        for (var call : calls) {
            if (call.method().equals(method) && call.type().equals(type)) {
                result.add(call);
            }
        }
        return result;
    }
}
