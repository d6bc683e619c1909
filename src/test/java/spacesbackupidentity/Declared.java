package spacesbackupidentity;

import spacesbackupidentity.offline.OfflineCloud;
import spacesbackupidentity.offline.OfflineRun;
import spacesbackupidentity.offline.RecordedOptions;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Lookups over what a run declared, by resource type and logical name. */
public record Declared(OfflineRun.Result result) {
    public static final String ROLE = "aws:iam/role:Role";
    public static final String ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
    public static final String PROVIDER = "pulumi:providers:kubernetes";
    public static final String RELEASE = "kubernetes:helm.sh/v3:Release";
    public static final String PATCH = "kubernetes:apps/v1:DeploymentPatch";
    public static final String STACK_REFERENCE = "pulumi:pulumi:StackReference";
    public static final String SHARED_BACKUP_CONFIG = "kubernetes:spaces.upbound.io/v1alpha1:SharedBackupConfig";
    public static final String SHARED_BACKUP_SCHEDULE = "kubernetes:spaces.upbound.io/v1alpha1:SharedBackupSchedule";
    public static final String ASSOCIATION = "aws:eks/podIdentityAssociation:PodIdentityAssociation";

    public static Declared run(StackConfig config) {
        var result = StackRun.of(config.settings());
        result.error().ifPresent(e -> {
            throw new AssertionError("the stack failed: " + e.getMessage(), e);
        });
        return new Declared(result);
    }

    public OfflineCloud.Registration one(String type, String name) {
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

    public List<OfflineCloud.Registration> all(String type) {
        return result.registrations().stream().filter(r -> r.type().equals(type)).toList();
    }

    /** Inputs of every resource of a type, by logical name. */
    public Map<String, Map<String, Object>> inputsByName(String type) {
        var byName = new TreeMap<String, Map<String, Object>>();
        all(type).forEach(r -> byName.put(r.name(), r.inputs()));
        return byName;
    }

    public RecordedOptions.Options options(String type, String name) {
        return result.options(type, name)
                .orElseThrow(() -> new AssertionError("no options recorded for " + type + " " + name));
    }

    public Object output(String name) {
        var value = result.outputs().get(name);
        if (value == null) {
            throw new AssertionError("no stack output " + name + "; outputs: " + result.outputs().keySet());
        }
        return value.value();
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
