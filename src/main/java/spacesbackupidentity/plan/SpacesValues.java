package spacesbackupidentity.plan;

import spacesbackupidentity.config.SortedValues;
import spacesbackupidentity.rules.Quote;
import spacesbackupidentity.settings.IdentityMode;
import spacesbackupidentity.settings.InvalidConfigException;
import spacesbackupidentity.settings.S3Location;
import spacesbackupidentity.settings.Secret;
import spacesbackupidentity.settings.SpacesSettings;
import spacesbackupidentity.settings.ValuesSource;
import spacesbackupidentity.settings.Workload;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import static spacesbackupidentity.settings.ConfigProblems.describe;

/**
 * The Spaces release's values: the user's layers (values files, then {@code spaces.values}),
 * deep-merged as Helm merges them, with the identity values this program owns on top. Keys are
 * literal: {@code eks.amazonaws.com/role-arn} is one key in a nested map, never a dotted path.
 */
public final class SpacesValues {
    public static final String ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn";
    public static final String AUDIENCE_ANNOTATION = "eks.amazonaws.com/audience";
    /** mxp-controller's: control-plane backups'. */
    public static final List<String> SERVICE_ACCOUNT_ANNOTATIONS = Workload.CONTROL_PLANE_BACKUPS.annotationsPath();
    public static final List<String> POD_CUSTOM_LABELS = Workload.CONTROL_PLANE_BACKUPS.podLabelsPath().orElseThrow();

    private SpacesValues() {
    }

    /**
     * One value this program owns: the map at {@code path} has {@code key} = {@code value}, or,
     * when {@code value} is empty, must not have {@code key} at all.
     */
    public record OwnedValue(List<String> path, String key, Optional<Object> value, String owner) {
        public OwnedValue {
            path = List.copyOf(path);
        }

        String where() {
            return String.join(".", path) + "[\"" + key + "\"]";
        }
    }

    /**
     * Control-plane backups' identity overlay: with IRSA the role ARN annotation on the service account,
     * with Pod Identity alone no annotation at all (the association binds the role); and the pod labels.
     */
    public static List<OwnedValue> identityOverlay(IdentityMode mode, String roleArn, Map<String, String> podLabels) {
        return identityOverlay(Workload.CONTROL_PLANE_BACKUPS, mode, roleArn, podLabels, "podLabels");
    }

    /**
     * One workload's identity overlay, at its own Helm paths: with IRSA the role ARN annotation on its
     * service account, with Pod Identity alone no annotation at all; and its pod labels.
     *
     * @param podLabelsKey where the labels are configured, named in messages
     */
    public static List<OwnedValue> identityOverlay(Workload workload, IdentityMode mode, String roleArn,
                                                   Map<String, String> podLabels, String podLabelsKey) {
        var role = workload.equals(Workload.CONTROL_PLANE_BACKUPS) ? "the backup role" : "the " + workload.title()
                + " role";
        var owned = new ArrayList<OwnedValue>();
        owned.add(mode.usesIrsa()
                ? new OwnedValue(workload.annotationsPath(), ROLE_ARN_ANNOTATION, Optional.of(roleArn),
                role + "'s ARN")
                : new OwnedValue(workload.annotationsPath(), ROLE_ARN_ANNOTATION, Optional.empty(),
                "identity.mode podIdentity binds " + (workload.equals(Workload.CONTROL_PLANE_BACKUPS) ? "the role"
                        : role) + " through Pod Identity associations and sets no role annotation"));
        workload.podLabelsPath().ifPresent(path -> podLabels.forEach((k, v) -> owned.add(new OwnedValue(path, k,
                Optional.of(v), podLabelsKey))));
        return owned;
    }

    /**
     * Billing's storage (upbound/docs billing-config.md, "Apply the IAM role"; the chart's value
     * reference): billing on, AWS, the bucket and its region, and an empty {@code secretRef.name}, "how
     * to use a workload identity" instead of a secret; the endpoint is the configured one or none,
     * never one the values invent, since the role's session token goes there.
     */
    public static List<OwnedValue> billingStorage(S3Location location) {
        var owner = "workloads.billing";
        var storage = List.of("billing", "storage");
        var aws = List.of("billing", "storage", "aws");
        var owned = new ArrayList<OwnedValue>();
        owned.add(new OwnedValue(List.of("billing"), "enabled", Optional.of(Boolean.TRUE), owner
                + " (the billing component runs only with billing.enabled)"));
        owned.add(new OwnedValue(storage, "provider", Optional.of("aws"), owner));
        owned.add(new OwnedValue(aws, "bucket", Optional.of(location.bucket()), owner + ".bucket"));
        owned.add(new OwnedValue(aws, "region", Optional.of(location.region().orElseThrow()), owner + ".region"));
        owned.add(location.endpoint().isPresent()
                ? new OwnedValue(aws, "endpoint", Optional.of(location.endpoint().get()), owner + ".endpoint")
                : new OwnedValue(aws, "endpoint", Optional.empty(), owner + " sends billing data and the role's"
                + " session token only to the region's S3 endpoint, or to workloads.billing.endpoint"));
        owned.add(new OwnedValue(List.of("billing", "storage", "secretRef"), "name", Optional.of(""), owner
                + ": an empty secretRef.name makes billing use the workload identity instead of a secret"));
        return owned;
    }

    /**
     * The Spaces controller's own service account, {@code <release>-controller}, which the Space
     * backups role trusts: the chart makes it ({@code controller.serviceAccount.create}) under its
     * own name ({@code controller.serviceAccount.name} unset).
     */
    public static List<OwnedValue> spaceController(String serviceAccount) {
        var path = List.of("controller", "serviceAccount");
        return List.of(
                new OwnedValue(path, "create", Optional.of(Boolean.TRUE), "workloads.spaceBackups (the chart must"
                        + " make the service account it annotates)"),
                new OwnedValue(path, "name", Optional.empty(), "workloads.spaceBackups trusts the chart's own"
                        + " service account " + serviceAccount + ", so set no other name"));
    }

    /**
     * Merges the user's layers in order, then sets the owned values. A layer that sets an owned
     * key to something else, or puts a non-map where the owned value needs a map, is an error
     * naming that layer's config key. Each problem is reported once, however many owned values
     * run into it: a look-alike or a non-map on the way to ten pod labels is one line.
     */
    public static SortedMap<String, Object> merge(List<ValuesSource> layers, List<OwnedValue> owned) {
        var problems = new ArrayList<String>();
        for (var layer : layers) {
            var layerProblems = new LinkedHashSet<String>();
            var notMaps = new HashSet<String>();
            for (var value : owned) {
                conflict(layer.values(), value, layer.secret(), notMaps)
                        .ifPresent(p -> layerProblems.add(layer.key() + ": " + p));
                lookAlikes(layer.values(), value, 0, "").forEach(p -> layerProblems.add(layer.key() + ": " + p));
            }
            problems.addAll(layerProblems);
            owned.stream().filter(v -> v.key().equals(ROLE_ARN_ANNOTATION)).map(OwnedValue::path).distinct()
                    .forEach(path -> audience(layer, path).ifPresent(problems::add));
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        var merged = new TreeMap<String, Object>();
        layers.forEach(layer -> deepMerge(merged, layer.secret() ? sealed(layer.values()) : layer.values()));
        for (var value : owned) {
            value.value().ifPresent(v -> mapAt(merged, value.path()).put(value.key(), v));
        }
        var lost = new ArrayList<String>();
        nullsBesideSecrets(merged, "", lost);
        if (!lost.isEmpty()) {
            throw new InvalidConfigException(lost.stream().map(path -> SpacesSettings.SECRET_VALUES_KEY + ": the Helm"
                    + " value " + path + " is null (to drop a chart default) in a map that also holds a secret value;"
                    + " the Pulumi Java SDK drops null entries from such maps, so the default would stay. Keep the"
                    + " secret values out of that map, or set the value instead of null").toList());
        }
        return merged;
    }

    /** Whether any value at or under this one is secret. */
    public static boolean holdsSecret(Object value) {
        if (value instanceof Secret<?>) {
            return true;
        }
        if (value instanceof Map<?, ?> map) {
            return map.values().stream().anyMatch(SpacesValues::holdsSecret);
        }
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(SpacesValues::holdsSecret);
        }
        return false;
    }

    /** Nulls directly in maps on the way to a secret: the SDK passes such maps on as maps, and drops their nulls. */
    private static void nullsBesideSecrets(Map<?, ?> map, String path, List<String> lost) {
        if (!holdsSecret(map)) {
            return;
        }
        map.forEach((key, value) -> {
            var where = (path.isEmpty() ? "" : path + ".") + Quote.key(String.valueOf(key));
            if (value == null) {
                lost.add(where);
            } else if (value instanceof Map<?, ?> child) {
                nullsBesideSecrets(child, where, lost);
            }
        });
    }

    /**
     * What is wrong with the owned value in one layer. A non-map on its path is reported for the
     * first owned value under it only: {@code notMaps} holds the paths reported so far.
     */
    private static Optional<String> conflict(Map<String, Object> values, OwnedValue owned, boolean secret,
                                             Set<String> notMaps) {
        Object node = values;
        var walked = new ArrayList<String>();
        for (var segment : owned.path()) {
            var map = (Map<?, ?>) node;
            if (!map.containsKey(segment)) {
                return Optional.empty();
            }
            node = map.get(segment);
            walked.add(segment);
            if (!(node instanceof Map)) {
                var path = String.join(".", walked);
                return notMaps.add(path) ? Optional.of(path + " is " + describe(node, secret) + "; expected a map,"
                        + " because this stack sets " + owned.where() + " to " + owned.owner()) : Optional.empty();
            }
        }
        var leaf = (Map<?, ?>) node;
        if (!leaf.containsKey(owned.key())) {
            return Optional.empty();
        }
        var userValue = leaf.get(owned.key());
        if (owned.value().isEmpty()) {
            return Optional.of(owned.where() + " is set to " + describe(userValue, secret) + "; " + owned.owner()
                    + ", so remove it");
        }
        if (secret) {
            return Optional.of(owned.where() + " is set here (" + describe(userValue, true) + "), but this stack sets"
                    + " it (" + owned.owner() + "); remove it from these values");
        }
        if (!Objects.equals(owned.value().get(), userValue)) {
            return Optional.of(owned.where() + " is " + describe(userValue, secret) + ", but this stack sets it to "
                    + describe(owned.value().get()) + " (" + owned.owner() + "); remove it or make them agree");
        }
        return Optional.empty();
    }

    /**
     * Keys that differ from one this stack sets only by case, whitespace or invisible characters:
     * a reviewer reads them as the same key, Helm and Kubernetes do not. Each one on the way to an
     * owned value is reported; the real key is walked on.
     */
    private static List<String> lookAlikes(Map<?, ?> values, OwnedValue owned, int depth, String where) {
        var expected = depth < owned.path().size() ? owned.path().get(depth) : owned.key();
        var problems = new ArrayList<String>();
        values.forEach((k, v) -> {
            var key = String.valueOf(k);
            if (!key.equals(expected) && folded(key).equals(folded(expected))) {
                problems.add((where.isEmpty() ? "" : where + ".") + Quote.of(key) + " differs from "
                        + Quote.of(expected) + ", which this stack sets, only by case, whitespace or invisible"
                        + " characters; Helm would treat it as another key. Use " + Quote.of(expected) + " or remove it");
            }
        });
        if (depth < owned.path().size() && values.get(expected) instanceof Map<?, ?> child) {
            problems.addAll(lookAlikes(child, owned, depth + 1, where.isEmpty() ? expected : where + "." + expected));
        }
        return problems;
    }

    /** Lower case, without whitespace, control or format (zero-width) characters. */
    static String folded(String key) {
        var folded = new StringBuilder();
        key.codePoints().filter(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c)
                        && Character.getType(c) != Character.CONTROL && Character.getType(c) != Character.FORMAT)
                .map(Character::toLowerCase).forEach(folded::appendCodePoint);
        return folded.toString();
    }

    /**
     * IRSA's token audience: EKS's webhook projects a token for the audience this annotation names,
     * and the trust policy requires {@value TrustPolicy#STS_AUDIENCE}; any other value breaks IRSA.
     * Without the annotation the webhook uses its default, {@value TrustPolicy#STS_AUDIENCE}, so
     * {@code null} (Helm's way to delete a chart default) is accepted: this stack sets no audience,
     * so a null removes at most the chart's.
     */
    private static Optional<String> audience(ValuesSource layer, List<String> annotationsPath) {
        Object annotations = layer.values();
        for (var segment : annotationsPath) {
            annotations = annotations instanceof Map<?, ?> map ? map.get(segment) : null;
        }
        if (annotations instanceof Map<?, ?> map && map.get(AUDIENCE_ANNOTATION) != null
                && !TrustPolicy.STS_AUDIENCE.equals(map.get(AUDIENCE_ANNOTATION))) {
            return Optional.of(layer.key() + ": " + String.join(".", annotationsPath) + "[\""
                    + AUDIENCE_ANNOTATION + "\"] is " + describe(map.get(AUDIENCE_ANNOTATION), layer.secret())
                    + "; the trust policy accepts only tokens for " + TrustPolicy.STS_AUDIENCE
                    + ", so set that, or remove the annotation (null removes a chart default)");
        }
        return Optional.empty();
    }

    /** A secret layer: its maps stay maps (so they merge), every other value is {@link Secret}. */
    private static Map<String, Object> sealed(Map<String, Object> layer) {
        var result = new LinkedHashMap<String, Object>();
        layer.forEach((key, value) -> result.put(key, sealedValue(value)));
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Object sealedValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return sealed((Map<String, Object>) map);
        }
        return value == null ? null : new Secret<>(value);
    }

    /** Helm's merge: maps merge key by key, anything else is replaced; keys come out sorted. */
    @SuppressWarnings("unchecked")
    private static void deepMerge(Map<String, Object> into, Map<String, Object> layer) {
        layer.forEach((key, value) -> {
            var existing = into.get(key);
            if (existing instanceof Map && value instanceof Map) {
                deepMerge((Map<String, Object>) existing, (Map<String, Object>) value);
            } else {
                into.put(key, SortedValues.of(value));
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapAt(Map<String, Object> root, List<String> path) {
        var node = root;
        for (var segment : path) {
            node = (Map<String, Object>) node.computeIfAbsent(segment, k -> new TreeMap<String, Object>());
        }
        return node;
    }
}
