package spacesbackupidentity;

import spacesbackupidentity.offline.EngineRequests;
import spacesbackupidentity.offline.OfflineRun;
import spacesbackupidentity.settings.Secret;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Lookups over what the engine received in a run, by resource type and logical name. */
public record Declared(OfflineRun.Result result) {
    public static final String ROLE = "aws:iam/role:Role";
    public static final String ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
    public static final String PROVIDER = "pulumi:providers:kubernetes";
    public static final String RELEASE = "kubernetes:helm.sh/v3:Release";
    public static final String PATCH = "kubernetes:apps/v1:DeploymentPatch";
    public static final String SERVICE_ACCOUNT_PATCH = "kubernetes:core/v1:ServiceAccountPatch";
    public static final String STACK_REFERENCE = "pulumi:pulumi:StackReference";
    public static final String SHARED_BACKUP_CONFIG = "kubernetes:spaces.upbound.io/v1alpha1:SharedBackupConfig";
    public static final String SHARED_BACKUP_SCHEDULE = "kubernetes:spaces.upbound.io/v1alpha1:SharedBackupSchedule";
    public static final String ASSOCIATION = "aws:eks/podIdentityAssociation:PodIdentityAssociation";

    public static Declared run(StackConfig config) {
        var result = StackRun.of(config);
        result.error().ifPresent(e -> {
            throw new AssertionError("the stack failed: " + e.getMessage(), e);
        });
        return new Declared(result);
    }

    public EngineRequests.Registration one(String type, String name) {
        var matches = result.registrations().stream()
                .filter(r -> r.type().equals(type) && r.name().equals(name)).toList();
        if (matches.size() != 1) {
            throw new AssertionError(matches.size() + " registrations of " + type + " " + name);
        }
        return matches.get(0);
    }

    public Map<String, Object> inputs(String type, String name) {
        return one(type, name).inputs();
    }

    public List<EngineRequests.Registration> all(String type) {
        return result.registrations().stream().filter(r -> r.type().equals(type)).toList();
    }

    /** Inputs of every resource of a type, by logical name. */
    public Map<String, Map<String, Object>> inputsByName(String type) {
        var byName = new TreeMap<String, Map<String, Object>>();
        all(type).forEach(r -> byName.put(r.name(), r.inputs()));
        return byName;
    }

    public EngineRequests.ResourceOptions options(String type, String name) {
        return one(type, name).options();
    }

    /** A stack output as registered: whole numbers as Integer, secret ones as {@link Secret}. */
    public Object output(String name) {
        if (!result.outputs().containsKey(name)) {
            throw new AssertionError("no stack output " + name + "; outputs: " + result.outputs().keySet());
        }
        return wholeNumbers(result.outputs().get(name));
    }

    /** The engine carries numbers as doubles; tests compare with the integers the program exported. */
    static Object wholeNumbers(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < Integer.MAX_VALUE) {
            return d.intValue();
        }
        if (value instanceof Map<?, ?> map) {
            var copy = new LinkedHashMap<Object, Object>();
            map.forEach((k, v) -> copy.put(k, wholeNumbers(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Declared::wholeNumbers).toList();
        }
        return value;
    }

    /** Whether the engine receives this value as a secret. */
    public static boolean isSecret(Object value) {
        return value instanceof Secret<?>;
    }

    /** The plaintext of a value the engine receives as a secret; fails when it is not one. */
    public static Object secretValue(Object value) {
        if (!(value instanceof Secret<?> secret)) {
            throw new AssertionError("expected a secret, got " + value);
        }
        return secret.value();
    }

    @SuppressWarnings("unchecked")
    public static Object at(Object node, String... path) {
        for (var segment : path) {
            if (node == null) {
                return null;
            }
            node = ((Map<String, Object>) node).get(segment);
        }
        return node;
    }
}
