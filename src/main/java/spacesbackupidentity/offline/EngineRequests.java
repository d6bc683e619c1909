package spacesbackupidentity.offline;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.pulumi.Log;
import com.pulumi.core.internal.Constants;
import com.pulumi.resources.Resource;
import com.pulumi.test.Mocks;
import com.pulumi.test.internal.MockMonitor;
import pulumirpc.Resource.ReadResourceRequest;
import pulumirpc.Resource.ReadResourceResponse;
import pulumirpc.Resource.RegisterResourceOutputsRequest;
import pulumirpc.Resource.RegisterResourceRequest;
import pulumirpc.Resource.RegisterResourceResponse;
import spacesbackupidentity.settings.Secret;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the engine receives, recorded at the gRPC boundary: the Pulumi SDK's in-memory monitor,
 * with each {@code RegisterResource} and {@code RegisterResourceOutputs} request kept as sent.
 * Inputs keep the wire's secret markers ({@link Secret}) and unknowns ({@link #UNKNOWN}), and
 * each resource keeps the options the request carries; nothing here is a second model of the SDK.
 */
public final class EngineRequests extends MockMonitor {
    /** How an unknown value (not known until the engine runs) reads in recorded inputs. */
    public static final String UNKNOWN = "[unknown]";

    /** One resource as the engine would receive it. */
    public record Registration(String type, String name, Map<String, Object> inputs, ResourceOptions options) {
    }

    /**
     * The options a {@code RegisterResource} request carries, as logical names and values:
     * {@code dependencies} are every resource the engine orders this one after (explicit
     * {@code dependsOn} and the resources its inputs come from).
     */
    public record ResourceOptions(List<String> dependencies, Optional<String> provider, Optional<String> version,
                                  Optional<String> importId, Optional<String> readId, boolean protect,
                                  boolean retainOnDelete,
                                  boolean deleteBeforeReplace, List<String> ignoreChanges,
                                  List<String> replaceOnChanges, List<String> aliases,
                                  List<String> additionalSecretOutputs, Optional<String> deletedWith) {
        /** A read (a stack reference): only what a ReadResource request carries, the rest unset. */
        static ResourceOptions forRead(List<String> dependencies, Optional<String> provider, Optional<String> version,
                                       String readId) {
            return new ResourceOptions(dependencies, provider, version, Optional.empty(), Optional.of(readId), false,
                    false, false, List.of(), List.of(), List.of(), List.of(), Optional.empty());
        }
    }

    private final List<Registration> registrations = Collections.synchronizedList(new ArrayList<>());
    private volatile Map<String, Object> stackOutputs = Map.of();

    public EngineRequests(Mocks mocks, Log log) {
        super(mocks, log);
    }

    @Override
    public CompletableFuture<RegisterResourceResponse> registerResourceAsync(Resource resource,
                                                                             RegisterResourceRequest request) {
        if (!request.getType().equals(com.pulumi.resources.internal.Stack.RootPulumiStackTypeName)) {
            registrations.add(registration(request));
        }
        return super.registerResourceAsync(resource, request);
    }

    /** A read of an existing resource, such as a stack reference: recorded with the ID it reads. */
    @Override
    public CompletableFuture<ReadResourceResponse> readResourceAsync(Resource resource, ReadResourceRequest request) {
        registrations.add(registration(request));
        return super.readResourceAsync(resource, request);
    }

    /**
     * A {@code RegisterResource} request as recorded here; requests that reach a real engine over
     * gRPC read the same way, so the two can be compared.
     */
    public static Registration registration(RegisterResourceRequest request) {
        return new Registration(request.getType(), request.getName(), struct(request.getObject()), options(request));
    }

    /** A {@code ReadResource} request (a stack reference) as recorded here, with the ID it reads. */
    public static Registration registration(ReadResourceRequest request) {
        return new Registration(request.getType(), request.getName(), struct(request.getProperties()),
                ResourceOptions.forRead(names(request.getDependenciesList()), optionalName(request.getProvider()),
                        present(request.getVersion()), request.getId()));
    }

    @Override
    public CompletableFuture<Void> registerResourceOutputsAsync(RegisterResourceOutputsRequest request) {
        if (request.getUrn().contains("::" + com.pulumi.resources.internal.Stack.RootPulumiStackTypeName + "::")) {
            stackOutputs = struct(request.getOutputs());
        }
        return super.registerResourceOutputsAsync(request);
    }

    /** Registrations in the order the engine received them (for independent resources, any order). */
    public List<Registration> registrations() {
        synchronized (registrations) {
            return List.copyOf(registrations);
        }
    }

    /** The stack's outputs as registered, with secret ones as {@link Secret}. */
    public Map<String, Object> stackOutputs() {
        return stackOutputs;
    }

    private static ResourceOptions options(RegisterResourceRequest request) {
        return new ResourceOptions(
                names(request.getDependenciesList()),
                optionalName(request.getProvider()),
                present(request.getVersion()),
                present(request.getImportId()),
                Optional.empty(),
                request.getProtect(),
                request.hasRetainOnDelete() && request.getRetainOnDelete(),
                request.getDeleteBeforeReplace(),
                List.copyOf(request.getIgnoreChangesList()),
                List.copyOf(request.getReplaceOnChangesList()),
                request.getAliasesList().stream().map(EngineRequests::alias).toList(),
                List.copyOf(request.getAdditionalSecretOutputsList()),
                optionalName(request.getDeletedWith()));
    }

    /** URNs as the resources' logical names, sorted, each once. */
    private static List<String> names(List<String> urns) {
        return urns.stream().map(EngineRequests::nameOf).sorted().distinct().toList();
    }

    /** A URN-valued field (a provider reference, deletedWith) by name; empty when unset. */
    private static Optional<String> optionalName(String urnOrEmpty) {
        return present(urnOrEmpty).map(EngineRequests::nameOf);
    }

    /** Protobuf's "" for an unset string field, as an empty Optional. */
    private static Optional<String> present(String value) {
        return Optional.of(value).filter(v -> !v.isEmpty());
    }

    /** An alias as a reviewer reads it: its URN, or the parts of the old identity that differ. */
    private static String alias(pulumirpc.AliasOuterClass.Alias alias) {
        if (alias.hasUrn()) {
            return alias.getUrn();
        }
        var spec = alias.getSpec();
        var parts = new ArrayList<String>();
        if (!spec.getName().isEmpty()) {
            parts.add("name " + spec.getName());
        }
        if (!spec.getType().isEmpty()) {
            parts.add("type " + spec.getType());
        }
        if (!spec.getStack().isEmpty()) {
            parts.add("stack " + spec.getStack());
        }
        if (!spec.getProject().isEmpty()) {
            parts.add("project " + spec.getProject());
        }
        if (spec.hasParentUrn() && !spec.getParentUrn().isEmpty()) {
            parts.add("parent " + nameOf(spec.getParentUrn()));
        }
        if (spec.hasNoParent() && spec.getNoParent()) {
            parts.add("no parent");
        }
        return String.join(", ", parts);
    }

    /** A resource's logical name from its URN ({@code urn:pulumi:STACK::PROJECT::TYPE::NAME}), or its provider reference ({@code URN::ID}). */
    static String nameOf(String urnOrReference) {
        var urn = urnOrReference;
        if (urn.startsWith("urn:pulumi:")) {
            var parts = urn.split("::");
            if (parts.length >= 4) {
                return parts[3];
            }
        }
        return urn;
    }

    /** A wire object as Java, read as {@link #value} reads each of its values. */
    public static Map<String, Object> struct(Struct struct) {
        var map = new LinkedHashMap<String, Object>();
        struct.getFieldsMap().forEach((key, value) -> map.put(key, value(value)));
        return map;
    }

    /** A wire value as Java: secrets as {@link Secret}, unknowns as {@link #UNKNOWN}, numbers as doubles. */
    static Object value(Value value) {
        return switch (value.getKindCase()) {
            case NULL_VALUE, KIND_NOT_SET -> null;
            case BOOL_VALUE -> value.getBoolValue();
            case NUMBER_VALUE -> value.getNumberValue();
            case STRING_VALUE -> Constants.UnknownValue.equals(value.getStringValue()) ? UNKNOWN : value.getStringValue();
            case LIST_VALUE -> list(value.getListValue());
            case STRUCT_VALUE -> special(value.getStructValue());
        };
    }

    private static List<Object> list(ListValue list) {
        var result = new ArrayList<Object>(list.getValuesCount());
        list.getValuesList().forEach(v -> result.add(value(v)));
        return result;
    }

    private static Object special(Struct struct) {
        var signature = struct.getFieldsMap().get(Constants.SpecialSigKey);
        if (signature != null && Constants.SpecialSecretSig.equals(signature.getStringValue())) {
            return new Secret<>(Optional.ofNullable(struct.getFieldsMap().get(Constants.SecretValueName))
                    .map(EngineRequests::value).orElse(UNKNOWN));
        }
        return struct(struct);
    }
}
