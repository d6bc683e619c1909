package spacesbackupidentity.summary;

import spacesbackupidentity.config.ConfigJson;
import spacesbackupidentity.plan.ServiceAccountIdentity;
import spacesbackupidentity.plan.SpacesValues;
import spacesbackupidentity.rules.Quote;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
    /** The namespaces the last table listed: a role bound in the same ones says so instead of a second table. */
    private final Set<String> shownNamespaces = new LinkedHashSet<>();

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
            var changes = new RenderChanges(b.render(), head).lines();
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

    /** A role's ARN: the stack's output for that role (a workload's); else "" (the render holds no other). */
    static String roleArn(RenderedStack render, RenderedStack.Resource role) {
        return render.roleOutput(role.text("name"), "roleArn");
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
                namespaceTable("IRSA: the web identity token of", subjects);
            }
            if (statement.principals().contains("Service " + code(POD_IDENTITY_SERVICE))) {
                podIdentity(arn);
            }
        }
    }

    /** The OIDC subjects a statement lists, when every value of its {@code :sub} condition is a service account. */
    static List<Binding> serviceAccountSubjects(PolicyInWords.Statement statement) {
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

    static boolean isSubjectCondition(PolicyInWords.Condition condition) {
        return condition.key().endsWith(":sub") && condition.operator().equals("StringEquals")
                && condition.values().stream().allMatch(v -> SUBJECT.matcher(v).matches());
    }

    /** A service account in a namespace. */
    record Binding(String namespace, String serviceAccount) {
    }

    private void podIdentity(String roleArn) {
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
                + (bindings.size() == 1 ? " association " + where + " binds" : " associations " + where + " bind"),
                bindings));
    }

    /**
     * Bindings as a table of group, control plane and namespace; the service account is named once
     * when all share it. A table with exactly the namespaces of one shown before is not repeated.
     */
    private void namespaceTable(String title, List<Binding> bindings) {
        var accounts = bindings.stream().map(Binding::serviceAccount).collect(Collectors.toCollection(TreeSet::new));
        var namespaces = bindings.stream().map(Binding::namespace).collect(Collectors.toCollection(TreeSet::new));
        var oneAccount = accounts.size() == 1;
        var byControlPlane = head.controlPlanesByNamespace();
        if (oneAccount && namespaces.stream().noneMatch(byControlPlane::containsKey)) {
            // A workload of the Space: its namespace is the release's, no control plane's.
            out.add(title + " service account " + code(accounts.first()) + " in " + namespaces.stream()
                    .map(Markdown::code).collect(Collectors.joining(", ")) + " (no control plane's).");
            return;
        }
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

    /** A wait's condition as a reviewer reads it: the annotation and value it waits for, or its absence. */
    static String inWords(String waitFor) {
        return ServiceAccountIdentity.ofWaitFor(waitFor).map(identity -> identity.roleArn()
                        .map(arn -> "carries the annotation " + code(SpacesValues.ROLE_ARN_ANNOTATION) + " = " + code(arn))
                        .orElse("has no web-identity role annotation"))
                .orElse("meets " + code(waitFor));
    }

    /**
     * The rollouts, one paragraph per workload's Deployment (or StatefulSet): the digest it carries and
     * the service account it waits for first, as the render's rollout and wait resources say.
     */
    private void rollouts() {
        var patches = head.rollouts();
        if (patches.isEmpty()) {
            return;
        }
        blank();
        out.add("### Rollouts");
        blank();
        var known = head.controlPlanesByNamespace();
        for (var group : byWorkload(patches).values()) {
            var name = group.get(0).text("metadata", "name");
            var kind = group.get(0).type().equals(RenderedStack.STATEFUL_SET_PATCH) ? "StatefulSet" : "deployment";
            var digests = group.stream().map(StackSummary::digest).collect(Collectors.toCollection(TreeSet::new))
                    .stream().map(Markdown::code).collect(Collectors.joining(", "));
            var perControlPlane = group.stream().allMatch(p -> known.containsKey(p.text("metadata", "namespace")));
            if (perControlPlane) {
                out.add(group.size() + " " + code(name) + " " + kind + "s, one per control plane, carry the pod-template"
                        + " annotation " + code(RenderedStack.DIGEST_ANNOTATION) + " = " + digests + ". It covers the"
                        + " identity mode, the role ARN, the service-account annotation and the pod labels: when it"
                        + " changes, every " + kind + " rolls; a control plane added rolls only its own (its first"
                        + " patch).");
            } else {
                out.add(group.size() + " " + code(name) + " " + kind + (group.size() == 1 ? "" : "s") + " in "
                        + group.stream().map(p -> code(p.text("metadata", "namespace"))).distinct()
                        .collect(Collectors.joining(", ")) + " carr" + (group.size() == 1 ? "ies" : "y") + " the"
                        + " pod-template annotation " + code(RenderedStack.DIGEST_ANNOTATION) + " = " + digests + ":"
                        + " when the identity mode, the role ARN or the service-account annotation changes, it rolls.");
            }
            var waits = group.stream().flatMap(p -> head.dependencies(p, RenderedStack.SERVICE_ACCOUNT_WAIT).stream())
                    .toList();
            if (!waits.isEmpty()) {
                var conditions = waits.stream().map(w -> inWords(w.text("metadata", "annotations",
                        ServiceAccountIdentity.WAIT_FOR_ANNOTATION))).collect(Collectors.toCollection(TreeSet::new));
                var timeouts = waits.stream().map(w -> w.text("metadata", "annotations", ServiceAccountIdentity.TIMEOUT_ANNOTATION))
                        .collect(Collectors.toCollection(TreeSet::new));
                out.add((group.size() == 1 ? "It waits" : "Each waits") + " first, up to " + String.join(", ", timeouts)
                        + " s, until " + (perControlPlane ? "its control plane's" : "the") + " service account "
                        + code(waits.get(0).text("metadata", "name")) + " " + String.join(", or ", conditions)
                        + ", as " + (perControlPlane ? "Spaces makes it" : "the chart makes it") + " from the release's"
                        + " values (the Kubernetes provider's " + code(ServiceAccountIdentity.WAIT_FOR_ANNOTATION) + "); when "
                        + (perControlPlane ? "Spaces has" : "it has") + " not by then, the update fails and nothing"
                        + " rolls.");
            }
            blank();
        }
        var releaseNamespaces = head.ofType(RenderedStack.RELEASE).stream().map(r -> r.text("namespace")).toList();
        var unknown = patches.stream().map(p -> p.text("metadata", "namespace"))
                .filter(ns -> !known.containsKey(ns) && !releaseNamespaces.contains(ns)).distinct().toList();
        if (!unknown.isEmpty()) {
            out.add("Patched outside the configured control planes: " + list(unknown, Markdown::code) + ".");
        }
    }

    /** Rollouts by what they roll (kind and name), in the render's order. */
    static Map<String, List<RenderedStack.Resource>> byWorkload(List<RenderedStack.Resource> patches) {
        var groups = new java.util.LinkedHashMap<String, List<RenderedStack.Resource>>();
        patches.forEach(p -> groups.computeIfAbsent(p.type() + " " + p.text("metadata", "name"),
                k -> new ArrayList<>()).add(p));
        return groups;
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
        var space = head.ofType(RenderedStack.SPACE_BACKUP_CONFIG);
        if (configs.isEmpty() && schedules.isEmpty() && space.isEmpty()) {
            return;
        }
        if (configs.isEmpty() && schedules.isEmpty()) {
            blank();
            out.add("### Backup objects");
            spaceBackupConfigs(space);
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
        spaceBackupConfigs(space);
    }

    /** The Space's SpaceBackupConfig (cluster-scoped), below the groups' objects. */
    private void spaceBackupConfigs(List<RenderedStack.Resource> configs) {
        for (var c : configs) {
            blank();
            out.add("Space backups: SpaceBackupConfig " + code(c.text("metadata", "name")) + " (cluster-scoped): "
                    + code("s3://" + c.text("spec", "objectStorage", "bucket") + "/" + c.text("spec", "objectStorage",
                    "prefix")) + " in " + code(c.text("spec", "objectStorage", "config", "region")) + " via "
                    + code(c.text("spec", "objectStorage", "config", "endpoint")) + ", credentials "
                    + code(c.text("spec", "objectStorage", "credentials", "source")) + (Boolean.TRUE.equals(
                    c.options().get("retainOnDelete")) ? "; kept on destroy" : "; deleted on destroy")
                    + (c.options().containsKey("import") ? "; adopted (imported)" : "") + ".");
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
}
