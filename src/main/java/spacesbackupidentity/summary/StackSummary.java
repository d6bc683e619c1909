package spacesbackupidentity.summary;

import spacesbackupidentity.config.ConfigJson;
import spacesbackupidentity.rules.Quote;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static spacesbackupidentity.summary.Markdown.cell;
import static spacesbackupidentity.summary.Markdown.code;

/**
 * What a reviewer reads in a pull request: a render as Markdown. For each role, who may assume it
 * (service accounts by namespace, or Pod Identity associations with their cluster and region) and
 * what it may do (actions by resource, conditions in words); which deployments roll and why; the
 * Spaces values the stack sets; the backup objects; the provider settings that decide where calls
 * go and what is tagged; and the files it was made from. Given the render of the base, it starts
 * with what changed. Everything comes from the render's JSON document ({@link RenderedStack}),
 * nothing from the program's own model, so it shows what the engine would receive.
 */
public final class StackSummary {
    /** Longer lists are cut, with a count of the rest: the full render has them all. */
    static final int MAX_ITEMS = 30;
    private static final Pattern SUBJECT = Pattern.compile("system:serviceaccount:([^:]+):([^:]+)");
    private static final String POD_IDENTITY_SERVICE = "pods.eks.amazonaws.com";

    private final RenderedStack head;
    private final Optional<Base> base;
    private final List<String> out = new ArrayList<>();

    /** The render to compare with, and how to name it. */
    public record Base(String name, RenderedStack render) {
    }

    private StackSummary(RenderedStack head, Optional<Base> base) {
        this.head = head;
        this.base = base;
    }

    /** The summary of {@code head}, with what changed since {@code base} when one is given. */
    public static String of(RenderedStack head, Optional<Base> base) {
        var summary = new StackSummary(head, base);
        summary.write();
        return String.join("\n", summary.out) + "\n";
    }

    private void write() {
        out.add("## " + code(head.stack()) + ": what this stack deploys");
        blank();
        out.add(madeFrom(head) + ", rendered offline (project " + code(head.project()) + ").");
        base.ifPresent(b -> {
            blank();
            out.add("### Changes against " + code(b.name()));
            blank();
            out.add("The base: " + madeFrom(b.render()).replaceFirst("^Made", "made") + ".");
            blank();
            var changes = new Changes(b.render(), head).lines();
            out.addAll(changes.isEmpty() ? List.of("No change: the two renders declare the same resources with the"
                    + " same inputs and settings.") : changes);
        });
        for (var role : head.ofType(RenderedStack.ROLE)) {
            role(role);
        }
        rollouts();
        release();
        backupObjects();
        providers();
    }

    /** One blank line between blocks, however many ask for it. */
    private void blank() {
        if (!out.isEmpty() && !out.get(out.size() - 1).isEmpty()) {
            out.add("");
        }
    }

    private static String madeFrom(RenderedStack render) {
        var stackFile = render.madeFrom().get("stackFile");
        var outputs = render.madeFrom().get("clusterOutputs");
        var reference = render.ofType(RenderedStack.STACK_REFERENCE).stream().findFirst()
                .map(r -> " for the cluster stack " + code(r.text("name"))).orElse("");
        if (stackFile == null) {
            return "Made from a render that does not name its files (made before renders did)";
        }
        return "Made from " + code(String.valueOf(stackFile)) + (outputs == null ? "" : " and the cluster outputs "
                + code(String.valueOf(outputs)) + reference);
    }

    // ---- roles ---------------------------------------------------------------------------------

    /** A role's ARN: the stack's output, when it is this role's; else "" (the render holds no other). */
    private static String roleArn(RenderedStack render, RenderedStack.Resource role) {
        if (render.output("roleName").equals(role.text("name")) && !render.output("roleArn").isEmpty()) {
            return render.output("roleArn");
        }
        return "";
    }

    private void role(RenderedStack.Resource role) {
        blank();
        out.add("### Role " + code(role.text("name")));
        blank();
        var facts = new ArrayList<String>();
        var arn = roleArn(head, role);
        if (!arn.isEmpty()) {
            facts.add(code(arn));
        }
        facts.add("path " + code(role.text("path")));
        role.input("maxSessionDuration").ifPresent(s -> facts.add("sessions up to " + code(scalar(s)) + " s"));
        role.input("permissionsBoundary").ifPresent(b -> facts.add("permissions boundary " + code(scalar(b))));
        var tags = role.input("tags").filter(Map.class::isInstance).map(t -> (Map<?, ?>) t).orElse(Map.of());
        facts.add(tags.isEmpty() ? "no tags" : "tags " + tags.entrySet().stream()
                .map(e -> code(e.getKey() + "=" + scalar(e.getValue()))).collect(Collectors.joining(", ")));
        out.add(String.join(" · ", facts));
        blank();
        out.add("**Who may assume it**");
        blank();
        whoMayAssume(role, arn);
        blank();
        out.add("**What it may do**");
        blank();
        whatItMayDo(role);
    }

    private void whoMayAssume(RenderedStack.Resource role, String arn) {
        List<PolicyInWords.Statement> statements;
        try {
            statements = PolicyInWords.read(role.text("assumeRolePolicy"));
        } catch (IllegalArgumentException e) {
            out.add("- the trust policy is " + ("[secret]".equals(role.text("assumeRolePolicy")) ? "secret"
                    : "not one the AWS SDK can read") + ": see the full render");
            return;
        }
        Set<String> shownNamespaces = new LinkedHashSet<>();
        for (var statement : statements) {
            var subjects = serviceAccountSubjects(statement);
            var conditions = statement.conditions().stream()
                    .map(c -> subjects.isEmpty() || !isSubjectCondition(c) ? c.words()
                            : code(c.operator()) + " " + code(c.key()) + " = the service account of each namespace"
                            + " below")
                    .collect(Collectors.joining(" and "));
            out.add("- " + statement.effect() + " " + String.join(", ", statement.actions()) + " to "
                    + String.join(", ", statement.principals()) + (conditions.isEmpty() ? "" : " when " + conditions));
            if (!subjects.isEmpty()) {
                blank();
                namespaceTable("IRSA: the web identity token of", subjects, shownNamespaces);
            }
            if (statement.principals().contains("Service " + code(POD_IDENTITY_SERVICE))) {
                podIdentity(arn, shownNamespaces);
            }
        }
    }

    /** The OIDC subjects a statement lists, when every value of its {@code :sub} condition is a service account. */
    private static List<Binding> serviceAccountSubjects(PolicyInWords.Statement statement) {
        var subjects = new ArrayList<Binding>();
        for (var condition : statement.conditions()) {
            if (isSubjectCondition(condition)) {
                for (var value : condition.values()) {
                    var m = SUBJECT.matcher(value);
                    m.matches();
                    subjects.add(new Binding(m.group(1), m.group(2)));
                }
            }
        }
        return subjects;
    }

    private static boolean isSubjectCondition(PolicyInWords.Condition condition) {
        return condition.key().endsWith(":sub") && condition.operator().equals("StringEquals")
                && condition.values().stream().allMatch(v -> SUBJECT.matcher(v).matches());
    }

    /** A service account in a namespace. */
    private record Binding(String namespace, String serviceAccount) {
    }

    private void podIdentity(String roleArn, Set<String> shownNamespaces) {
        var associations = head.ofType(RenderedStack.ASSOCIATION).stream()
                .filter(a -> roleArn.isEmpty() || a.text("roleArn").equals(roleArn)).toList();
        var region = head.defaultProviderConfig("aws").get("region");
        var byCluster = new TreeMap<String, List<Binding>>();
        for (var association : associations) {
            var where = association.explicitProvider() ? "through provider " + code(String.valueOf(
                    association.options().get("provider"))) : region == null ? "in the region of AWS_REGION where"
                    + " it is deployed (no aws:region)" : "in " + code(String.valueOf(region)) + " (aws:region)";
            byCluster.computeIfAbsent("on cluster " + code(association.text("clusterName")) + " " + where,
                    k -> new ArrayList<>()).add(new Binding(association.text("namespace"),
                    association.text("serviceAccount")));
        }
        blank();
        if (byCluster.isEmpty()) {
            out.add("No Pod Identity association binds this role: no pod gets it through Pod Identity.");
        }
        byCluster.forEach((where, bindings) -> namespaceTable("Pod Identity: " + bindings.size()
                + " associations " + where + " bind", bindings, shownNamespaces));
    }

    /**
     * Bindings as a table of group, control plane and namespace; the service account is named once
     * when all share it. A table with exactly the namespaces of one shown before is not repeated.
     */
    private void namespaceTable(String title, List<Binding> bindings, Set<String> shownNamespaces) {
        var accounts = bindings.stream().map(Binding::serviceAccount).collect(Collectors.toCollection(TreeSet::new));
        var namespaces = bindings.stream().map(Binding::namespace).collect(Collectors.toCollection(TreeSet::new));
        var oneAccount = accounts.size() == 1;
        var who = title + (oneAccount ? " service account " + code(accounts.first()) + " in " : " these service"
                + " accounts in ") + (title.startsWith("IRSA") ? "any of " : "");
        if (!shownNamespaces.isEmpty() && shownNamespaces.equals(namespaces)) {
            out.add(who + "the same " + namespaces.size() + " namespaces as above.");
            return;
        }
        shownNamespaces.clear();
        shownNamespaces.addAll(namespaces);
        out.add(who + "these " + namespaces.size() + " namespaces:");
        blank();
        out.add(oneAccount ? "| Group | Control plane | Namespace |"
                : "| Group | Control plane | Namespace | Service account |");
        out.add(oneAccount ? "|---|---|---|" : "|---|---|---|---|");
        var byNamespace = head.controlPlanesByNamespace();
        var rows = new TreeMap<String, String>();
        for (var binding : bindings) {
            var controlPlane = byNamespace.getOrDefault(binding.namespace(), "");
            var slash = controlPlane.indexOf('/');
            var group = slash < 0 ? "(not a configured control plane)" : cell(controlPlane.substring(0, slash));
            var name = slash < 0 ? "" : cell(controlPlane.substring(slash + 1));
            rows.put(controlPlane + "\u0000" + binding.namespace() + "\u0000" + binding.serviceAccount(),
                    "| " + group + " | " + name + " | " + cell(binding.namespace()) + " |"
                            + (oneAccount ? "" : " " + cell(binding.serviceAccount()) + " |"));
        }
        out.addAll(rows.values());
        blank();   // a table ends at a blank line
    }

    private void whatItMayDo(RenderedStack.Resource role) {
        var name = role.text("name");
        var any = false;
        for (var policy : head.ofType(RenderedStack.ROLE_POLICY)) {
            if (!policy.text("role").equals(name)) {
                continue;
            }
            any = true;
            out.add("Inline policy " + code(policy.text("name")) + ":");
            blank();
            try {
                for (var statement : PolicyInWords.read(policy.text("policy"))) {
                    out.add("- " + statement.grant() + statement.when());
                }
            } catch (IllegalArgumentException e) {
                out.add("- not a policy the AWS SDK can read: see the full render");
            }
        }
        for (var other : head.resources()) {
            if (other.type().startsWith("aws:iam/") && !other.type().equals(RenderedStack.ROLE_POLICY)
                    && !other.type().equals(RenderedStack.ROLE) && other.text("role").equals(name)) {
                any = true;
                out.add("- also " + code(other.type()) + " " + code(other.name()) + ", not summarized here: see the"
                        + " full render");
            }
        }
        if (!any) {
            out.add("Nothing: no policy names this role.");
        }
    }

    // ---- rollouts, release, backup objects, providers --------------------------------------------

    private void rollouts() {
        var patches = head.ofType(RenderedStack.PATCH);
        if (patches.isEmpty()) {
            return;
        }
        blank();
        out.add("### Rollouts");
        blank();
        var digests = patches.stream().map(StackSummary::digest).collect(Collectors.toCollection(TreeSet::new));
        var deployments = patches.stream().map(p -> p.text("metadata", "name"))
                .collect(Collectors.toCollection(TreeSet::new));
        out.add(patches.size() + " " + deployments.stream().map(Markdown::code).collect(Collectors.joining(", "))
                + " deployments, one per control plane, carry the pod-template annotation "
                + code(RenderedStack.DIGEST_ANNOTATION) + " = " + digests.stream().map(Markdown::code)
                .collect(Collectors.joining(", ")) + ". It covers the identity mode, the role ARN, the"
                + " service-account annotation and the pod labels: when it changes, every deployment rolls; a"
                + " control plane added rolls only its own (its first patch).");
        var known = head.controlPlanesByNamespace();
        var unknown = patches.stream().map(p -> p.text("metadata", "namespace")).filter(ns -> !known.containsKey(ns))
                .toList();
        if (!unknown.isEmpty()) {
            out.add("Patched outside the configured control planes: " + list(unknown, Markdown::code) + ".");
        }
    }

    static String digest(RenderedStack.Resource patch) {
        return patch.input("spec", "template", "metadata", "annotations").filter(Map.class::isInstance)
                .map(a -> ((Map<?, ?>) a).get(RenderedStack.DIGEST_ANNOTATION)).map(String::valueOf).orElse("");
    }

    private void release() {
        for (var release : head.ofType(RenderedStack.RELEASE)) {
            blank();
            out.add("### Spaces release " + code(release.text("namespace") + "/" + release.text("name")));
            blank();
            out.add("Chart " + code(release.text("chart")) + " version " + code(release.text("version"))
                    + release.input("repositoryOpts").map(r -> ", registry login " + flat(r).entrySet().stream()
                    .map(e -> code(e.getKey()) + " = " + code(e.getValue())).collect(Collectors.joining(", ")))
                    .orElse("") + ". The values this stack sets:");
            blank();
            var values = flat(release.input("values").orElse(Map.of()));
            if (values.isEmpty()) {
                out.add("- none: the chart's defaults");
            }
            values.entrySet().stream().limit(MAX_ITEMS).forEach(e -> out.add("- " + code(e.getKey()) + " = "
                    + code(e.getValue())));
            if (values.size() > MAX_ITEMS) {
                out.add("- and " + (values.size() - MAX_ITEMS) + " more: `render " + head.stack() + " --only values`"
                        + " shows them all");
            }
        }
    }

    private void backupObjects() {
        var configs = head.ofType(RenderedStack.BACKUP_CONFIG);
        var schedules = head.ofType(RenderedStack.BACKUP_SCHEDULE);
        if (configs.isEmpty() && schedules.isEmpty()) {
            return;
        }
        blank();
        out.add("### Backup objects");
        blank();
        out.add("| Group | SharedBackupConfig | SharedBackupSchedule |");
        out.add("|---|---|---|");
        var groups = new TreeSet<String>();
        configs.forEach(c -> groups.add(c.text("metadata", "namespace")));
        schedules.forEach(s -> groups.add(s.text("metadata", "namespace")));
        for (var group : groups) {
            var config = configs.stream().filter(c -> c.text("metadata", "namespace").equals(group))
                    .map(c -> cell(c.text("metadata", "name")) + ": " + cell("s3://" + c.text("spec", "objectStorage",
                            "bucket") + "/" + c.text("spec", "objectStorage", "prefix")) + " in " + cell(c.text("spec",
                            "objectStorage", "config", "region")) + " via " + cell(c.text("spec", "objectStorage",
                            "config", "endpoint")) + ", credentials " + cell(c.text("spec", "objectStorage",
                            "credentials", "source")))
                    .collect(Collectors.joining("; "));
            var schedule = schedules.stream().filter(s -> s.text("metadata", "namespace").equals(group))
                    .map(s -> cell(s.text("metadata", "name")) + ": " + cell(s.text("spec", "schedule"))
                            + (s.text("spec", "ttl").isEmpty() ? "" : ", kept " + cell(s.text("spec", "ttl")))
                            + ", for " + s.input("spec", "controlPlaneSelector", "names").filter(List.class::isInstance)
                            .map(n -> ((List<?>) n).stream().map(x -> cell(String.valueOf(x)))
                                    .collect(Collectors.joining(", "))).orElse("(no names)"))
                    .collect(Collectors.joining("; "));
            out.add("| " + cell(group) + " | " + (config.isEmpty() ? "none" : config) + " | "
                    + (schedule.isEmpty() ? "none" : schedule) + " |");
        }
    }

    private void providers() {
        blank();
        out.add("### Provider settings");
        blank();
        var defaults = head.defaultProviders();
        if (defaults.isEmpty() && head.madeFrom().isEmpty()) {
            out.add("- default providers: not in this render (made before renders showed them)");
        }
        defaults.forEach((pkg, provider) -> {
            var settings = head.defaultProviderConfig(pkg);
            var version = provider instanceof Map<?, ?> map && map.get("version") != null
                    ? " (plugin " + code(String.valueOf(map.get("version"))) + ")" : "";
            out.add("- " + code(pkg) + " default provider" + version + ", from the stack's " + code(pkg + ":")
                    + " keys: " + (settings.isEmpty() ? "none, so the environment of whoever deploys decides the"
                    + " region and account" : settings.entrySet().stream().map(e -> code(pkg + ":" + e.getKey())
                    + " = " + code(scalar(e.getValue()))).collect(Collectors.joining(", "))));
            if (pkg.equals("aws")) {
                out.add("  - tags added to every AWS resource: " + defaultTags(settings));
            }
        });
        for (var provider : head.resources()) {
            if (provider.type().startsWith(RenderedStack.PROVIDER_PREFIX)) {
                var version = provider.options().get("version");
                out.add("- " + code(provider.type().substring(RenderedStack.PROVIDER_PREFIX.length()))
                        + " provider " + code(provider.name()) + (version == null ? "" : " (plugin "
                        + code(String.valueOf(version)) + ")") + ": " + flat(provider.inputs()).entrySet().stream()
                        .map(e -> code(e.getKey()) + " = " + code(e.getValue())).collect(Collectors.joining(", ")));
            }
        }
    }

    private static String defaultTags(Map<String, Object> awsSettings) {
        var raw = awsSettings.get("defaultTags");
        if (raw == null) {
            return "none (no aws:defaultTags)";
        }
        try {
            var parsed = ConfigJson.parse(String.valueOf(raw));
            if (parsed instanceof Map<?, ?> map && map.get("tags") instanceof Map<?, ?> tags) {
                return tags.entrySet().stream().map(e -> code(e.getKey() + "=" + scalar(e.getValue())))
                        .collect(Collectors.joining(", "));
            }
        } catch (IllegalArgumentException e) {
            // shown as written below
        }
        return code(String.valueOf(raw));
    }

    // ---- values as text ----------------------------------------------------------------------------

    /** A leaf value as text: strings as they are, whole numbers without a fraction, the rest as JSON. */
    static String scalar(Object value) {
        if (value instanceof String text) {
            return text;
        }
        var whole = Quote.wholeNumber(value);
        if (whole.isPresent()) {
            return String.valueOf(whole.get());
        }
        return new com.google.gson.Gson().toJson(value);
    }

    /**
     * A nested value as one line per leaf: {@code a.b["c.d"][0]} to its text; an empty map or list is
     * a leaf of its own, so that setting one shows.
     */
    static Map<String, String> flat(Object value) {
        var result = new TreeMap<String, String>();
        flatten("", value, result);
        return result;
    }

    private static void flatten(String path, Object value, Map<String, String> result) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            map.forEach((k, v) -> {
                var key = String.valueOf(k);
                flatten(key.matches("[A-Za-z0-9_-]+") ? (path.isEmpty() ? key : path + "." + key)
                        : path + "[" + new com.google.gson.Gson().toJson(key) + "]", v, result);
            });
        } else if (value instanceof List<?> list && !list.isEmpty()) {
            for (int i = 0; i < list.size(); i++) {
                flatten(path + "[" + i + "]", list.get(i), result);
            }
        } else {
            result.put(path, scalar(value));
        }
    }

    static <T> String list(Collection<T> items, Function<T, String> shown) {
        var all = new ArrayList<>(items);
        var listed = all.stream().limit(MAX_ITEMS).map(shown).collect(Collectors.joining(", "));
        return all.size() > MAX_ITEMS ? listed + " and " + (all.size() - MAX_ITEMS) + " more" : listed;
    }

    // ---- what changed --------------------------------------------------------------------------------

    /** What changed between two renders, in the order a reviewer weighs it. */
    private static final class Changes {
        private static final String NO_ROLLS = "- **Rolls**: none; no " + code("mxp-controller") + " restarts";
        private final RenderedStack before;
        private final RenderedStack after;
        private final List<String> lines = new ArrayList<>();
        private final Set<String> explained = new java.util.HashSet<>();

        Changes(RenderedStack before, RenderedStack after) {
            this.before = before;
            this.after = after;
        }

        List<String> lines() {
            roles();
            subjects();
            actions();
            rolls();
            compared("Spaces release", RenderedStack.RELEASE);
            compared("Backup objects", RenderedStack.BACKUP_CONFIG, RenderedStack.BACKUP_SCHEDULE);
            providerSettings();
            otherResources();
            // "nothing rolls" says something only next to a change.
            return lines.equals(List.of(NO_ROLLS)) ? List.of() : lines;
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

        /** Which mxp-controller deployments roll, and why. */
        private void rolls() {
            var old = new TreeMap<String, RenderedStack.Resource>();
            before.ofType(RenderedStack.PATCH).forEach(p -> old.put(p.name(), p));
            var first = new ArrayList<String>();
            var changed = new ArrayList<String>();
            var patches = after.ofType(RenderedStack.PATCH);
            for (var patch : patches) {
                var label = patch.name().replaceFirst("^rollout-", "");
                var was = old.get(patch.name());
                if (was == null || !was.text("metadata", "namespace").equals(patch.text("metadata", "namespace"))) {
                    first.add(label);
                } else if (!digest(was).equals(digest(patch))) {
                    changed.add(label);
                }
            }
            var gone = old.keySet().stream().filter(n -> after.resource(RenderedStack.PATCH, n).isEmpty())
                    .map(n -> n.replaceFirst("^rollout-", "")).toList();
            if (first.isEmpty() && changed.isEmpty()) {
                lines.add(NO_ROLLS);
            }
            if (!changed.isEmpty()) {
                var existing = patches.size() - first.size();
                var who = changed.size() == existing ? "all " + existing + (first.isEmpty() ? " " : " existing ")
                        + code("mxp-controller") + " deployments"
                        : changed.size() + " of the " + existing + " existing: " + list(changed, Markdown::code);
                lines.add("- **Rolls**: " + who + ", because " + digestReasons());
            }
            if (!first.isEmpty()) {
                lines.add("- **Rolls**: " + list(first, Markdown::code) + ", once: a new control plane's "
                        + code("mxp-controller") + " gets its first patch");
            }
            if (!gone.isEmpty()) {
                lines.add("- **Rollouts removed**: " + list(gone, Markdown::code) + ": no longer patched; the"
                        + " annotation stays (the patch is kept on delete), so nothing rolls");
            }
            explained.add(RenderedStack.PATCH);
        }

        /** What the identity digest covers that changed: the mode, the role ARN, the annotation, the labels. */
        private String digestReasons() {
            var reasons = new ArrayList<String>();
            compare(reasons, "the identity mode", before.output("identityMode"), after.output("identityMode"));
            compare(reasons, "the role ARN", before.output("roleArn"), after.output("roleArn"));
            var annotation = List.of("controlPlanes", "mxpController", "serviceAccount", "annotations",
                    "eks.amazonaws.com/role-arn");
            compare(reasons, "the service-account annotation", valueAt(before, annotation), valueAt(after, annotation));
            var labels = List.of("controlPlanes", "mxpController", "pod", "customLabels");
            compare(reasons, "the pod labels", valueAt(before, labels), valueAt(after, labels));
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
                    var shown = code(now.or(() -> old).map(StackSummary::objectName).orElse(name));
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
