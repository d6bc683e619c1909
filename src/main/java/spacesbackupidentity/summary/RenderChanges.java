package spacesbackupidentity.summary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static spacesbackupidentity.summary.Markdown.code;
import static spacesbackupidentity.summary.StackSummary.MAX_ITEMS;
import static spacesbackupidentity.summary.StackSummary.digest;
import static spacesbackupidentity.summary.StackSummary.flat;
import static spacesbackupidentity.summary.StackSummary.isSubjectCondition;
import static spacesbackupidentity.summary.StackSummary.list;
import static spacesbackupidentity.summary.StackSummary.roleArn;
import static spacesbackupidentity.summary.StackSummary.scalar;
import static spacesbackupidentity.summary.StackSummary.serviceAccountSubjects;

/**
 * What changed between two renders, in the order a reviewer weighs it: the roles, who may assume them
 * (OIDC subjects and Pod Identity associations, one by one), what they may do (one entry per effect,
 * action, resource and conditions), which deployments roll and why, then every other input that
 * changed, by logical name. A resource of a type no section explains is still listed, so nothing
 * changes unseen.
 */
final class RenderChanges {
    private final RenderedStack before;
    private final RenderedStack after;
    private final List<String> lines = new ArrayList<>();
    private final Set<String> explained = new java.util.HashSet<>();

    RenderChanges(RenderedStack before, RenderedStack after) {
        this.before = before;
        this.after = after;
    }

    List<String> lines() {
        roles();
        subjects();
        actions();
        rolls();
        compared("Spaces release", RenderedStack.RELEASE);
        compared("Backup objects", RenderedStack.BACKUP_CONFIG, RenderedStack.BACKUP_SCHEDULE,
                RenderedStack.SPACE_BACKUP_CONFIG);
        providerSettings();
        otherResources();
        // "nothing rolls" says something only next to a change.
        return lines.size() == 1 && noRolls(lines.get(0)) ? List.of() : lines;
    }

    private void roles() {
        for (var role : after.ofType(RenderedStack.ROLE)) {
            var old = before.resource(RenderedStack.ROLE, role.name());
            if (old.isEmpty()) {
                lines.add("- **Role** " + code(role.text("name")) + ": new");
                continue;
            }
            var changes = differences(without(flat(old.get().inputs()), "assumeRolePolicy"),
                    without(flat(role.inputs()), "assumeRolePolicy"));
            if (!old.get().text("name").equals(role.text("name"))) {
                changes.removeIf(c -> c.startsWith(code("name") + ":"));
                changes.add(0, "renamed from " + code(old.get().text("name")) + ", which replaces the role: its"
                        + " ARN " + code(roleArn(before, old.get())) + " → " + code(roleArn(after, role)));
            }
            changes.stream().distinct().forEach(c -> lines.add("- **Role** " + code(role.text("name")) + ": " + c));
        }
        for (var role : before.ofType(RenderedStack.ROLE)) {
            if (after.resource(RenderedStack.ROLE, role.name()).isEmpty()) {
                lines.add("- **Role** " + code(role.text("name")) + ": removed (deleted from IAM)");
            }
        }
        explained.add(RenderedStack.ROLE);
    }

    /** Who may assume the roles: OIDC subjects and Pod Identity associations, added and removed. */
    private void subjects() {
        var old = subjectsOf(before);
        var now = subjectsOf(after);
        var added = new TreeMap<>(now);
        old.keySet().forEach(added::remove);
        var removed = new TreeMap<>(old);
        now.keySet().forEach(removed::remove);
        if (!added.isEmpty()) {
            lines.add("- **Who may assume the role**: added " + list(added.values(), s -> s));
        }
        if (!removed.isEmpty()) {
            lines.add("- **Who may assume the role**: removed " + list(removed.values(), s -> s));
        }
        var trustBefore = trustWords(before);
        var trustAfter = trustWords(after);
        setChange("**Who may assume the role**: trust statement", trustBefore, trustAfter);
        explained.add(RenderedStack.ASSOCIATION);
    }

    /** Each subject, keyed so that the same binding in both renders compares equal. */
    private static Map<String, String> subjectsOf(RenderedStack render) {
        var result = new TreeMap<String, String>();
        var byNamespace = render.controlPlanesByNamespace();
        for (var role : render.ofType(RenderedStack.ROLE)) {
            try {
                for (var statement : PolicyInWords.read(role.text("assumeRolePolicy"))) {
                    for (var s : serviceAccountSubjects(statement)) {
                        result.put("irsa " + s.namespace() + " " + s.serviceAccount(), "service account "
                                + code(s.serviceAccount()) + " in " + code(s.namespace()) + label(byNamespace,
                                s.namespace()) + " (IRSA)");
                    }
                }
            } catch (IllegalArgumentException e) {
                result.put("unreadable trust policy", "a trust policy the AWS SDK cannot read");
            }
        }
        var region = String.valueOf(render.defaultProviderConfig("aws").getOrDefault("region", "AWS_REGION"));
        for (var a : render.ofType(RenderedStack.ASSOCIATION)) {
            result.put("pod " + a.text("clusterName") + " " + region + " " + a.text("namespace") + " "
                            + a.text("serviceAccount") + " " + a.text("roleArn"),
                    "Pod Identity association of " + code(a.text("serviceAccount")) + " in "
                            + code(a.text("namespace")) + label(byNamespace, a.text("namespace")) + " on cluster "
                            + code(a.text("clusterName")) + " in " + code(region) + " to "
                            + code(a.text("roleArn")));
        }
        return result;
    }

    private static String label(Map<String, String> byNamespace, String namespace) {
        return Optional.ofNullable(byNamespace.get(namespace)).map(cp -> " (" + code(cp) + ")").orElse("");
    }

    /** Trust statements in words, with the subject lists left out (they are compared one by one). */
    private static Set<String> trustWords(RenderedStack render) {
        var words = new TreeSet<String>();
        for (var role : render.ofType(RenderedStack.ROLE)) {
            try {
                for (var statement : PolicyInWords.read(role.text("assumeRolePolicy"))) {
                    var conditions = statement.conditions().stream().filter(c -> !isSubjectCondition(c))
                            .map(PolicyInWords.Condition::words).collect(Collectors.joining(" and "));
                    words.add(statement.effect() + " " + String.join(", ", statement.actions()) + " to "
                            + String.join(", ", statement.principals()) + (conditions.isEmpty() ? ""
                            : " when " + conditions));
                }
            } catch (IllegalArgumentException e) {
                words.add("a trust policy the AWS SDK cannot read");
            }
        }
        return words;
    }

    /** What the roles may do: one entry per action, resource and conditions, as words. */
    private void actions() {
        var old = grants(before);
        var now = grants(after);
        var added = new TreeSet<>(now);
        added.removeAll(old);
        var removed = new TreeSet<>(old);
        removed.removeAll(now);
        grouped("added", added);
        grouped("removed", removed);
        explained.add(RenderedStack.ROLE_POLICY);
    }

    private record Grant(String effect, String action, String on, String when) implements Comparable<Grant> {
        @Override
        public int compareTo(Grant o) {
            return (effect + on + when + action).compareTo(o.effect + o.on + o.when + o.action);
        }
    }

    private static Set<Grant> grants(RenderedStack render) {
        var result = new TreeSet<Grant>();
        for (var policy : render.ofType(RenderedStack.ROLE_POLICY)) {
            try {
                for (var statement : PolicyInWords.read(policy.text("policy"))) {
                    var on = statement.resources().isEmpty() ? ""
                            : " on " + String.join(", ", statement.resources());
                    for (var action : statement.actions()) {
                        result.add(new Grant(statement.effect(), action, on, statement.when()));
                    }
                }
            } catch (IllegalArgumentException e) {
                result.add(new Grant("?", "a policy the AWS SDK cannot read", " in " + code(policy.name()), ""));
            }
        }
        return result;
    }

    private void grouped(String how, Set<Grant> grants) {
        var byTarget = new LinkedHashMap<String, List<String>>();
        for (var grant : grants) {
            byTarget.computeIfAbsent(grant.effect() + "\u0000" + grant.on() + grant.when(), k -> new ArrayList<>())
                    .add(grant.action());
        }
        byTarget.forEach((target, actions) -> {
            var parts = target.split("\u0000", 2);
            lines.add("- **What the role may do**: " + how + " " + parts[0] + " " + String.join(", ", actions)
                    + parts[1]);
        });
    }

    /** Which workloads' deployments roll, and why: per Deployment (or StatefulSet) they roll. */
    private void rolls() {
        var old = new TreeMap<String, RenderedStack.Resource>();
        before.rollouts().forEach(p -> old.put(p.type() + " " + p.name(), p));
        var rolled = false;
        var groups = StackSummary.byWorkload(after.rollouts());
        for (var group : groups.values()) {
            var first = new ArrayList<String>();
            var changed = new ArrayList<String>();
            var deployment = group.get(0).text("metadata", "name");
            for (var patch : group) {
                var label = label(patch);
                var was = old.get(patch.type() + " " + patch.name());
                if (was == null || !was.text("metadata", "namespace").equals(patch.text("metadata", "namespace"))) {
                    first.add(label);
                } else if (!digest(was).equals(digest(patch))) {
                    changed.add(label);
                }
            }
            if (!changed.isEmpty()) {
                var existing = group.size() - first.size();
                var who = changed.size() == existing ? "all " + existing + (first.isEmpty() ? " " : " existing ")
                        + code(deployment) + " deployments"
                        : changed.size() + " of the " + existing + " existing: " + list(changed, Markdown::code);
                lines.add("- **Rolls**: " + who + ", because " + digestReasons(group.get(0)));
            }
            if (!first.isEmpty()) {
                lines.add("- **Rolls**: " + list(first, Markdown::code) + ", once: a new control plane's "
                        + code(deployment) + " gets its first patch");
            }
            rolled |= !changed.isEmpty() || !first.isEmpty();
        }
        if (!rolled) {
            var names = groups.values().stream().map(g -> code(g.get(0).text("metadata", "name"))).toList();
            lines.add("- **Rolls**: none; no " + (names.isEmpty() ? code("mxp-controller") : String.join(", ", names))
                    + " restarts");
        }
        var gone = old.values().stream().filter(p -> after.resource(p.type(), p.name()).isEmpty())
                .map(RenderChanges::label).toList();
        if (!gone.isEmpty()) {
            lines.add("- **Rollouts removed**: " + list(gone, Markdown::code) + ": no longer patched; the"
                    + " annotation stays (the patch is kept on delete), so nothing rolls");
        }
        var timeoutsBefore = timeouts(before);
        var timeoutsAfter = timeouts(after);
        if (!timeoutsBefore.isEmpty() && !timeoutsAfter.isEmpty() && !timeoutsBefore.equals(timeoutsAfter)) {
            lines.add("- **Waits**: each rollout waits up to " + String.join(", ", timeoutsAfter) + " s (was "
                    + String.join(", ", timeoutsBefore) + " s) for Spaces to put the identity on its service account");
        }
        // A wait's condition names the role ARN and mode, which the digest covers: its changes are the rolls'.
        RenderedStack.ROLLOUTS.forEach(explained::add);
        explained.add(RenderedStack.SERVICE_ACCOUNT_WAIT);
    }

    /**
     * A rollout as a reviewer names it: the control plane ({@code group/name}) of control-plane backups'
     * ({@code rollout-group/name}), the workload's rollout otherwise ({@code billing-rollout-group/name}).
     */
    private static String label(RenderedStack.Resource patch) {
        return patch.name().replaceFirst("^rollout-", "");
    }

    /** The rolling no-change line: none rolls. */
    private static boolean noRolls(String line) {
        return line.startsWith("- **Rolls**: none; no ");
    }
    private static java.util.SortedSet<String> timeouts(RenderedStack stack) {
        return stack.ofType(RenderedStack.SERVICE_ACCOUNT_WAIT).stream()
                .map(w -> w.text("metadata", "annotations", spacesbackupidentity.plan.ServiceAccountIdentity.TIMEOUT_ANNOTATION))
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    /**
     * What the identity digest covers that changed: the mode, the role ARN (of the role the rollout
     * depends on), and, for mxp-controller, whose Helm paths the summary knows, the annotation and labels.
     */
    private String digestReasons(RenderedStack.Resource patch) {
        var reasons = new ArrayList<String>();
        compare(reasons, "the identity mode", before.output("identityMode"), after.output("identityMode"));
        var roleNow = after.dependencies(patch, RenderedStack.ROLE).stream().findFirst();
        var roleWas = before.resource(patch.type(), patch.name())
                .flatMap(p -> before.dependencies(p, RenderedStack.ROLE).stream().findFirst());
        compare(reasons, "the role ARN", roleWas.map(r -> roleArn(before, r)).orElse(before.output("roleArn")),
                roleNow.map(r -> roleArn(after, r)).orElse(after.output("roleArn")));
        if (patch.text("metadata", "name").equals("mxp-controller")) {
            var annotation = List.of("controlPlanes", "mxpController", "serviceAccount", "annotations",
                    spacesbackupidentity.plan.SpacesValues.ROLE_ARN_ANNOTATION);
            compare(reasons, "the service-account annotation", valueAt(before, annotation), valueAt(after, annotation));
            var labels = List.of("controlPlanes", "mxpController", "pod", "customLabels");
            compare(reasons, "the pod labels", valueAt(before, labels), valueAt(after, labels));
        }
        return reasons.isEmpty() ? "the identity digest changed" : String.join(", and ", reasons) + " changed";
    }

    private static void compare(List<String> reasons, String what, String old, String now) {
        if (!old.equals(now)) {
            reasons.add(what + " (" + code(old) + " → " + code(now) + ")");
        }
    }

    private static String valueAt(RenderedStack render, List<String> path) {
        return render.ofType(RenderedStack.RELEASE).stream().findFirst()
                .flatMap(r -> r.input("values")).map(v -> {
                    Object value = v;
                    for (var step : path) {
                        value = value instanceof Map<?, ?> map ? map.get(step) : null;
                    }
                    return value == null ? "" : value instanceof Map<?, ?> map ? flat(map).entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "))
                            : scalar(value);
                }).orElse("");
    }

    /** Resources of these types, by name: added, removed, and each input that changed. */
    private void compared(String title, String... types) {
        for (var type : types) {
            explained.add(type);
            var names = new TreeSet<String>();
            before.ofType(type).forEach(r -> names.add(r.name()));
            after.ofType(type).forEach(r -> names.add(r.name()));
            for (var name : names) {
                var old = before.resource(type, name);
                var now = after.resource(type, name);
                var shown = code(now.or(() -> old).map(RenderChanges::objectName).orElse(name));
                if (old.isEmpty()) {
                    lines.add("- **" + title + "**: " + shown + " " + kind(type) + " new");
                } else if (now.isEmpty()) {
                    lines.add("- **" + title + "**: " + shown + " " + kind(type) + " removed");
                } else {
                    var changes = differences(flat(old.get().inputs()), flat(now.get().inputs()));
                    changes.addAll(differences(options(old.get()), options(now.get())));
                    changes.forEach(c -> lines.add("- **" + title + "**: " + shown + " " + kind(type) + ": " + c));
                }
            }
        }
    }

    private static Map<String, String> options(RenderedStack.Resource resource) {
        var result = new TreeMap<String, String>();
        flat(resource.options()).forEach((k, v) -> result.put("option " + k, v));
        return result;
    }

    private static String kind(String type) {
        return type.substring(type.lastIndexOf(':') + 1);
    }

    private void providerSettings() {
        var old = flat(before.defaultProviders());
        var now = flat(after.defaultProviders());
        if (!before.defaultProviders().isEmpty() || !before.madeFrom().isEmpty()) {
            differences(old, now).forEach(c -> lines.add("- **Default provider**: " + c));
        } else if (!after.defaultProviders().isEmpty()) {
            lines.add("- **Default provider**: the base render does not show its settings (made before renders"
                    + " did), so they cannot be compared; the head's are under Provider settings");
        }
        for (var type : providerTypes()) {
            compared("Provider", type);
        }
    }

    private Set<String> providerTypes() {
        var types = new TreeSet<String>();
        for (var render : List.of(before, after)) {
            render.resources().stream().map(RenderedStack.Resource::type)
                    .filter(t -> t.startsWith(RenderedStack.PROVIDER_PREFIX)).forEach(types::add);
        }
        return types;
    }

    /** Resources of types no section above explains: added, removed or changed, by type and name. */
    private void otherResources() {
        var keys = new TreeSet<String>();
        for (var render : List.of(before, after)) {
            render.resources().stream().filter(r -> !explained.contains(r.type()))
                    .forEach(r -> keys.add(r.type() + "\u0000" + r.name()));
        }
        for (var key : keys) {
            var parts = key.split("\u0000", 2);
            var old = before.resource(parts[0], parts[1]);
            var now = after.resource(parts[0], parts[1]);
            var what = "- **Other**: " + code(parts[0]) + " " + code(parts[1]);
            if (old.isEmpty()) {
                lines.add(what + " new");
            } else if (now.isEmpty()) {
                lines.add(what + " removed");
            } else {
                differences(flat(old.get().inputs()), flat(now.get().inputs())).forEach(c -> lines.add(what + ": "
                        + c));
            }
        }
    }

    private void setChange(String title, Set<String> old, Set<String> now) {
        now.stream().filter(w -> !old.contains(w)).forEach(w -> lines.add("- " + title + " added: " + w));
        old.stream().filter(w -> !now.contains(w)).forEach(w -> lines.add("- " + title + " removed: " + w));
    }

    private static Map<String, String> without(Map<String, String> map, String key) {
        var result = new TreeMap<>(map);
        result.remove(key);
        return result;
    }

    /** The name a Kubernetes object has in its namespace, else the resource's logical name. */
    private static String objectName(RenderedStack.Resource resource) {
        var namespace = resource.text("metadata", "namespace").isEmpty() ? resource.text("namespace")
                : resource.text("metadata", "namespace");
        var name = resource.text("metadata", "name").isEmpty() ? resource.text("name")
                : resource.text("metadata", "name");
        return namespace.isEmpty() || name.isEmpty() ? resource.name() : namespace + "/" + name;
    }

    /** Each leaf that differs: "`a.b`: `x` → `y`", "`a.c` added: `z`", "`a.d` removed (was `w`)". */
    static List<String> differences(Map<String, String> before, Map<String, String> after) {
        var result = new ArrayList<String>();
        var keys = new TreeSet<String>(before.keySet());
        keys.addAll(after.keySet());
        for (var key : keys) {
            var old = before.get(key);
            var now = after.get(key);
            if (Objects.equals(old, now)) {
                continue;
            }
            result.add(old == null ? code(key) + " added: " + code(now) : now == null ? code(key) + " removed (was "
                    + code(old) + ")" : code(key) + ": " + code(old) + " → " + code(now));
        }
        if (result.size() > MAX_ITEMS) {
            var more = result.size() - MAX_ITEMS;
            result.subList(MAX_ITEMS, result.size()).clear();
            result.add("and " + more + " more changes: compare the full renders");
        }
        return result;
    }
}
