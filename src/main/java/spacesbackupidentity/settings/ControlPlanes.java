package spacesbackupidentity.settings;

import spacesbackupidentity.rules.KubernetesNames;
import spacesbackupidentity.rules.Quote;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static spacesbackupidentity.settings.ConfigProblems.describe;

/**
 * Reads {@code controlPlanes}: each entry is {name, group, id} or {name, group, namespace}, the
 * namespace being the control plane's host namespace {@code mxp-<id>-system} spelled out.
 */
final class ControlPlanes {
    static final String KEY = "controlPlanes";
    static final String EXPECTED = "a list of {name, group, id} objects";
    private static final Set<String> FIELDS = Set.of("name", "group", "id", "namespace");
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** Spaces' host namespace for a control plane: mxp-, its ID, -system; nothing else is one. */
    private static final Pattern HOST_NAMESPACE = Pattern.compile("mxp-" + UUID.pattern() + "-system");
    private static final String FIND_ID = "kubectl get controlplane NAME -n GROUP"
            + " -o jsonpath='{.status.controlPlaneID}'";

    private ControlPlanes() {
    }

    /**
     * The control planes sorted by group and name; every entry's problems are reported.
     *
     */
    static List<ControlPlane> read(Object raw, ConfigProblems problems) {
        if (raw == null) {
            problems.add(KEY, "required; list every control plane as {name, group, id} (the ID from `"
                    + FIND_ID + "`) or {name, group, namespace}");
            return List.of();
        }
        if (!(raw instanceof List<?> entries)) {
            problems.add(KEY, "expected " + EXPECTED + ", got " + describe(raw));
            return List.of();
        }
        if (entries.isEmpty()) {
            problems.add(KEY, "the list is empty; list at least one control plane as {name, group, id}");
            return List.of();
        }
        var result = new ArrayList<ControlPlane>();
        var seenByLabel = new HashMap<String, String>();
        var seenById = new HashMap<String, String>();
        var seenByNamespace = new HashMap<String, String>();
        for (int i = 0; i < entries.size(); i++) {
            var key = KEY + "[" + i + "]";
            var entry = ConfigObject.of(key, entries.get(i), FIELDS, false, problems);
            if (entry.isEmpty()) {
                continue;
            }
            var cp = readOne(entry.get(), problems);
            if (cp == null) {
                continue;
            }
            var id = entry.get().string("id").orElse(null);
            if (duplicate(seenByLabel, cp.label(), key, "group and name " + Quote.of(cp.label()), problems)
                    | (id != null && duplicate(seenById, id, key, "id " + Quote.of(id), problems))
                    | duplicate(seenByNamespace, cp.namespace(), key, "namespace " + Quote.of(cp.namespace()), problems)) {
                continue;
            }
            result.add(cp);
        }
        result.sort(ControlPlane.BY_GROUP_AND_NAME);
        return List.copyOf(result);
    }

    private static ControlPlane readOne(ConfigObject entry, ConfigProblems problems) {
        var name = entry.string("name");
        var group = entry.string("group");
        var id = entry.string("id");
        var namespace = entry.string("namespace");
        var ok = true;
        for (var field : List.of("name", "group")) {
            var value = field.equals("name") ? name : group;
            if (value.isEmpty()) {
                if (!entry.has(field)) {
                    problems.add(entry.keyOf(field), "required; the control plane's " + field
                            + (field.equals("group") ? " (its Kubernetes namespace in Spaces)" : ""));
                }
                ok = false;
            } else {
                var problem = KubernetesNames.checkDns1123Label(value.get());
                if (problem.isPresent()) {
                    problems.add(entry.keyOf(field), problem.get());
                    ok = false;
                }
            }
        }
        if (id.isPresent() == namespace.isPresent()) {
            if (!(entry.has("id") || entry.has("namespace")) || (id.isPresent() && namespace.isPresent())) {
                problems.add(entry.key(), "set exactly one of id (namespace mxp-<id>-system; find it with `"
                        + FIND_ID + "`) and namespace (the host namespace mxp-<id>-system itself)");
            }
            return null;
        }
        String resolved;
        if (id.isPresent()) {
            if (!UUID.matcher(id.get()).matches()) {
                problems.add(entry.keyOf("id"), Quote.of(id.get()) + " is not a control-plane ID; expected a"
                        + " lowercase UUID such as 3f2c9a4e-5b1d-4c7e-9a8f-0d1e2f3a4b5c (find it with `" + FIND_ID + "`)");
                return null;
            }
            resolved = ControlPlane.namespaceFor(id.get());
        } else {
            var problem = KubernetesNames.checkDns1123Label(namespace.get());
            if (problem.isPresent()) {
                problems.add(entry.keyOf("namespace"), problem.get());
                return null;
            }
            // Any other namespace in the trust policy would hand the backup role to whoever can
            // create an mxp-controller service account there: an app's, another tenant's.
            if (!HOST_NAMESPACE.matcher(namespace.get()).matches()) {
                problems.add(entry.keyOf("namespace"), Quote.of(namespace.get()) + " is not a control plane's host"
                        + " namespace; expected mxp-<id>-system with the control plane's ID, a lowercase UUID (find it"
                        + " with `" + FIND_ID + "`): whoever can create a service account named mxp-controller in"
                        + " the namespace could assume the backup role");
                return null;
            }
            resolved = namespace.get();
        }
        return ok ? new ControlPlane(group.get(), name.get(), resolved) : null;
    }

    private static boolean duplicate(Map<String, String> seen, String value, String key, String what,
                                     ConfigProblems problems) {
        var first = seen.putIfAbsent(value, key);
        if (first != null) {
            problems.add(key, "the same control plane as " + first + " (same " + what
                    + "); list each control plane once");
            return true;
        }
        return false;
    }
}
