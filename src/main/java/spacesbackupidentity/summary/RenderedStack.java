package spacesbackupidentity.summary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A full render read back: the JSON document {@code render STACK} prints (project, stack, what it
 * was made from, the default providers' settings, every resource's type, name, inputs and options,
 * and the outputs). The summary is made from this and nothing else, so a summary of today's render
 * and one of a render saved earlier ({@code render STACK > base.json}) say the same things the same
 * way. {@code madeFrom} and {@code defaultProviders} are absent from renders made before they were
 * added, and read as empty.
 */
public record RenderedStack(String project, String stack, Map<String, Object> madeFrom,
                            Map<String, Object> defaultProviders, List<Resource> resources,
                            Map<String, Object> outputs) {
    public static final String ROLE = "aws:iam/role:Role";
    public static final String ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
    public static final String ASSOCIATION = "aws:eks/podIdentityAssociation:PodIdentityAssociation";
    public static final String RELEASE = "kubernetes:helm.sh/v3:Release";
    public static final String PATCH = "kubernetes:apps/v1:DeploymentPatch";
    /** Billing's rollout when vector runs as a StatefulSet. */
    public static final String STATEFUL_SET_PATCH = "kubernetes:apps/v1:StatefulSetPatch";
    /** The rollouts of every kind. */
    public static final List<String> ROLLOUTS = List.of(PATCH, STATEFUL_SET_PATCH);
    /** Each rollout's wait for its service account to carry the identity (ServiceAccountIdentityWaits). */
    public static final String SERVICE_ACCOUNT_WAIT = "kubernetes:core/v1:ServiceAccountPatch";
    public static final String BACKUP_CONFIG = "kubernetes:spaces.upbound.io/v1alpha1:SharedBackupConfig";
    public static final String BACKUP_SCHEDULE = "kubernetes:spaces.upbound.io/v1alpha1:SharedBackupSchedule";
    public static final String SPACE_BACKUP_CONFIG = "kubernetes:admin.spaces.upbound.io/v1alpha1:SpaceBackupConfig";
    public static final String STACK_REFERENCE = "pulumi:pulumi:StackReference";
    public static final String PROVIDER_PREFIX = "pulumi:providers:";
    public static final String DIGEST_ANNOTATION = "spaces-backup-identity/identity-digest";

    /**
     * One resource as the engine receives it.
     *
     * @param dependsOn the logical names of the resources it depends on
     */
    public record Resource(String type, String name, Map<String, Object> inputs, Map<String, Object> options,
                           List<String> dependsOn) {
        public Resource {
            dependsOn = List.copyOf(dependsOn);
        }

        public Resource(String type, String name, Map<String, Object> inputs, Map<String, Object> options) {
            this(type, name, inputs, options, List.of());
        }

        /** The input at {@code path}, such as {@code metadata}, {@code namespace}. */
        public Optional<Object> input(String... path) {
            Object value = inputs;
            for (var step : path) {
                if (!(value instanceof Map<?, ?> map) || !map.containsKey(step)) {
                    return Optional.empty();
                }
                value = map.get(step);
            }
            return Optional.ofNullable(value);
        }

        /** A text input, or "" when absent or not text. */
        public String text(String... path) {
            return input(path).filter(String.class::isInstance).map(String.class::cast).orElse("");
        }

        /** Whether the resource goes through an explicit provider, not the default one. */
        public boolean explicitProvider() {
            return options.containsKey("provider");
        }
    }

    /**
     * @param document the parsed JSON of a full render
     * @throws IllegalArgumentException naming what the document lacks to be a full render
     */
    public static RenderedStack of(Object document) {
        if (!(document instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("not a full render: expected a JSON object");
        }
        for (var key : List.of("project", "stack", "resources", "outputs")) {
            if (!map.containsKey(key)) {
                throw new IllegalArgumentException("not a full render: no " + key + " (made with --only? a full"
                        + " render is `render STACK > FILE`)");
            }
        }
        if (!(map.get("resources") instanceof List<?> list)) {
            throw new IllegalArgumentException("not a full render: resources is not a list");
        }
        var resources = new ArrayList<Resource>();
        for (var item : list) {
            if (!(item instanceof Map<?, ?> resource) || !(resource.get("type") instanceof String type)
                    || !(resource.get("name") instanceof String name)) {
                throw new IllegalArgumentException("not a full render: a resource without type and name");
            }
            var dependsOn = resource.get("dependsOn") instanceof List<?> names
                    ? names.stream().map(String::valueOf).toList() : List.<String>of();
            resources.add(new Resource(type, name, object(resource.get("inputs")), object(resource.get("options")),
                    dependsOn));
        }
        return new RenderedStack(String.valueOf(map.get("project")), String.valueOf(map.get("stack")),
                object(map.get("madeFrom")), object(map.get("defaultProviders")), List.copyOf(resources),
                object(map.get("outputs")));
    }

    private static Map<String, Object> object(Object value) {
        var result = new LinkedHashMap<String, Object>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> result.put(String.valueOf(k), v));
        }
        return result;
    }

    public List<Resource> ofType(String type) {
        return resources.stream().filter(r -> r.type().equals(type)).toList();
    }

    /** Every rollout, Deployment and StatefulSet patches alike, in the render's order. */
    public List<Resource> rollouts() {
        return resources.stream().filter(r -> ROLLOUTS.contains(r.type())).toList();
    }

    /** The resources of a type that {@code resource} depends on. */
    public List<Resource> dependencies(Resource resource, String type) {
        return resource.dependsOn().stream().map(name -> resource(type, name)).flatMap(Optional::stream).toList();
    }

    /**
     * A text output of a workload: control-plane backups' are top-level ({@code roleArn}), every other
     * workload's sit in an object output of its own; {@code ""} when none of them has this role.
     */
    public String roleOutput(String roleName, String field) {
        if (roleName.equals(output("roleName")) && outputs.get(field) instanceof String text) {
            return text;
        }
        for (var value : outputs.values()) {
            if (value instanceof Map<?, ?> workload && roleName.equals(workload.get("roleName"))
                    && workload.get(field) instanceof String text) {
                return text;
            }
        }
        return "";
    }

    public Optional<Resource> resource(String type, String name) {
        return resources.stream().filter(r -> r.type().equals(type) && r.name().equals(name)).findFirst();
    }

    /** A text output, or "" when absent. */
    public String output(String name) {
        return outputs.get(name) instanceof String text ? text : "";
    }

    /** {@code group/name} by host namespace, from the output {@code controlPlaneNamespaces}. */
    public Map<String, String> controlPlanesByNamespace() {
        var result = new LinkedHashMap<String, String>();
        if (outputs.get("controlPlaneNamespaces") instanceof Map<?, ?> map) {
            map.forEach((k, v) -> result.put(String.valueOf(v), String.valueOf(k)));
        }
        return result;
    }

    /** The settings the engine gives the default provider of {@code pkg}, by key; empty when unknown. */
    public Map<String, Object> defaultProviderConfig(String pkg) {
        return defaultProviders.get(pkg) instanceof Map<?, ?> provider ? object(provider.get("config")) : Map.of();
    }
}
