package spacesbackupidentity.settings;

import spacesbackupidentity.rules.AwsNames;
import spacesbackupidentity.rules.AwsPartitions;
import spacesbackupidentity.rules.KubernetesNames;
import spacesbackupidentity.rules.Quote;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import static spacesbackupidentity.settings.ConfigProblems.describe;

/**
 * {@code workloads}: which Spaces workloads get an identity from this stack, each with its own role.
 * Control-plane backups are managed unless {@code controlPlaneBackups: false}; the others only when
 * named, as {@code true} or an object of their settings.
 */
final class WorkloadsConfig {
    static final String KEY = "workloads";
    private static final Set<String> ROLE_FIELDS = RoleSettings.FIELDS;
    private static final Map<Workload, Set<String>> FIELDS = Map.of(
            Workload.CONTROL_PLANE_BACKUPS, Set.of(),
            Workload.SHARED_SECRETS, Set.of("role", "podLabels", "rollout", "region", "secretPrefixes",
                    "parameterPrefixes"),
            Workload.SPACE_BACKUPS, Set.of("role", "rollout", "bucket", "prefix", "kmsKeyArn", "region", "endpoint",
                    "config", "deleteOnDestroy"),
            Workload.BILLING, Set.of("role", "podLabels", "rollout", "bucket", "kmsKeyArn", "region", "endpoint",
                    "deleteObjects"));

    /** The workloads named, in declaration order, each with its settings object (empty for {@code true}). */
    record Selected(Map<Workload, ConfigObject> managed) {
        boolean manages(Workload workload) {
            return managed.containsKey(workload);
        }
    }

    private WorkloadsConfig() {
    }

    static Selected read(RootConfig root, ConfigProblems problems) {
        var managed = new LinkedHashMap<Workload, ConfigObject>();
        var expected = "an object of workloads (" + Workload.keys() + "), each true, false or an object of its"
                + " settings";
        var raw = root.structured(KEY, expected);
        var selection = new LinkedHashMap<String, Object>();
        if (raw.isPresent()) {
            if (raw.get() instanceof Map<?, ?> map) {
                map.forEach((k, v) -> selection.put(String.valueOf(k), v));
            } else {
                problems.add(KEY, "expected " + expected + ", got " + describe(raw.get(), false));
            }
        }
        for (var key : new TreeSet<>(selection.keySet())) {
            if (Workload.byKey(key).isEmpty()) {
                problems.add(KEY + "." + Quote.key(key), "not a workload this stack manages" + spacesbackupidentity
                        .rules.KeySuggestion.forTypo(key, Set.copyOf(Workload.ALL.stream().map(Workload::configKey)
                                .toList())) + "; expected one of " + Workload.keys());
            }
        }
        for (var workload : Workload.ALL) {
            var key = KEY + "." + workload.configKey();
            var value = selection.get(workload.configKey());
            var defaultOn = workload.equals(Workload.CONTROL_PLANE_BACKUPS);
            if (value == null) {
                if (defaultOn) {
                    managed.put(workload, ConfigObject.empty(key, problems));
                }
            } else if (value instanceof Boolean || "true".equals(value) || "false".equals(value)) {
                if (Boolean.parseBoolean(String.valueOf(value))) {
                    managed.put(workload, ConfigObject.empty(key, problems));
                }
            } else if (value instanceof Map<?, ?> map) {
                settingsOf(workload, key, map, problems).ifPresent(o -> managed.put(workload, o));
            } else {
                problems.add(key, "expected true, false or an object of its settings, got " + describe(value, false));
            }
        }
        return new Selected(managed);
    }

    private static Optional<ConfigObject> settingsOf(Workload workload, String key, Map<?, ?> map,
                                                     ConfigProblems problems) {
        var fields = new LinkedHashMap<String, Object>();
        map.forEach((k, v) -> fields.put(String.valueOf(k), v));
        if (workload.equals(Workload.CONTROL_PLANE_BACKUPS)) {
            new TreeSet<>(fields.keySet()).forEach(field -> problems.add(key + "." + Quote.key(field), "control-plane"
                    + " backups are configured by the top-level keys backup, role and podLabels; under " + key
                    + " only true or false (or {}) is accepted"));
            return Optional.of(ConfigObject.empty(key, problems));
        }
        if (workload.podLabelsPath().isEmpty() && fields.containsKey("podLabels")) {
            fields.remove("podLabels");
            problems.add(key + ".podLabels", "the Spaces chart has no value for the labels of the " + workload.title()
                    + " pods (its value reference has no controller.podLabels), and AWS needs none; remove it");
        }
        return ConfigObject.of(key, fields, FIELDS.get(workload), false, problems);
    }

    // ---- one reader per workload: what differs between them is which grant they read ----------------

    static WorkloadSettings controlPlaneBackups(RoleSettings role, SortedMap<String, String> podLabels,
                                                BackupSettings backup) {
        return new WorkloadSettings(Workload.CONTROL_PLANE_BACKUPS, role, RoleSettings.KEY, podLabels,
                Settings.POD_LABELS_KEY, Optional.empty(), KEY + ".controlPlaneBackups",
                new WorkloadSettings.BucketGrant(backup.location(), true, BackupSettings.KEY));
    }

    static WorkloadSettings sharedSecrets(ConfigObject settings, String project, String stack, RoleSettings base,
                                          Optional<String> providerRegion, ConfigProblems problems) {
        var region = settings.string("region").or(() -> providerRegion);
        var regionKey = settings.has("region") ? settings.keyOf("region") : S3Location.PROVIDER_REGION_KEY;
        region.filter(r -> AwsPartitions.ofRegion(r).isEmpty()).ifPresent(r -> problems.add(regionKey,
                Quote.of(r) + " is not an AWS region; expected one of " + AwsPartitions.regionsOf("")));
        if (region.isEmpty()) {
            problems.add(settings.keyOf("region"), "required: the region of the secrets and parameters the shared"
                    + " secrets read, such as us-east-1 (their ARNs name it); or set aws:region");
        }
        var defaultPrefix = "spaces/" + stack + "/";
        var secrets = prefixes(settings, "secretPrefixes", List.of(defaultPrefix), AwsNames::checkSecretNamePrefix,
                problems);
        var parameters = prefixes(settings, "parameterPrefixes", List.of("/" + defaultPrefix),
                AwsNames::checkParameterNamePrefix, problems);
        if (secrets.isEmpty() && parameters.isEmpty() && settings.has("secretPrefixes")
                && settings.has("parameterPrefixes")) {
            problems.add(settings.key(), "secretPrefixes and parameterPrefixes are both empty, so the role could read"
                    + " nothing; name the secrets' or the parameters' prefixes, or turn sharedSecrets off");
        }
        return common(Workload.SHARED_SECRETS, settings, project, stack, base, problems,
                new WorkloadSettings.SecretsGrant(region.orElse(""), regionKey, secrets, parameters));
    }

    static WorkloadSettings billing(ConfigObject settings, String project, String stack, RoleSettings base,
                                    Optional<String> providerRegion, ConfigProblems problems) {
        var location = S3Location.read(settings, providerRegion, false, "the billing data",
                "billing.storage.aws.region (the Spaces value)", problems);
        var delete = settings.bool("deleteObjects").orElse(false);
        return common(Workload.BILLING, settings, project, stack, base, problems,
                new WorkloadSettings.BucketGrant(location, delete, settings.key()));
    }

    /** Space backups' workload and SpaceBackupConfig; backups expire, so their role may delete. */
    record SpaceBackups(WorkloadSettings workload, SpaceBackupsSettings config) {
    }

    static SpaceBackups spaceBackups(ConfigObject settings, String project, String stack, RoleSettings base,
                                     Optional<String> providerRegion, ConfigProblems problems) {
        var location = S3Location.read(settings, providerRegion, true, "the Space backups",
                "the SpaceBackupConfig", problems);
        var config = settings.child("config", Set.of("name", "adoptExisting"));
        var name = config.string("name").orElse(BackupSettings.DEFAULT_OBJECT_NAME);
        KubernetesNames.checkDns1123Subdomain(name).ifPresent(p -> problems.add(config.keyOf("name"), p));
        var adopt = config.bool("adoptExisting").orElse(false);
        var deleteOnDestroy = settings.bool("deleteOnDestroy").orElse(false);
        if (deleteOnDestroy && adopt) {
            problems.add(settings.keyOf("deleteOnDestroy"), "true, but " + config.keyOf("adoptExisting") + " is true"
                    + " too: adopted objects are never deleted by this stack; remove adoptExisting once it is adopted"
                    + " if the stack should own it");
        }
        var workload = common(Workload.SPACE_BACKUPS, settings, project, stack, base, problems,
                new WorkloadSettings.BucketGrant(location, true, settings.key()));
        return new SpaceBackups(workload, new SpaceBackupsSettings(location, name, adopt, deleteOnDestroy));
    }

    /** Role, pod labels and rollout, which every workload configured under {@code workloads} has. */
    private static WorkloadSettings common(Workload workload, ConfigObject settings, String project, String stack,
                                           RoleSettings base, ConfigProblems problems, WorkloadSettings.Grant grant) {
        var role = RoleSettings.read(settings.child("role", ROLE_FIELDS),
                RoleSettings.defaultName(project + "-" + stack + "-" + workload.defaultRoleSuffix()), base, problems);
        var labels = podLabels(settings.keyOf("podLabels"), settings.raw("podLabels"), problems);
        var rollout = settings.string("rollout");
        rollout.flatMap(KubernetesNames::checkDns1123Subdomain).ifPresent(p -> problems.add(settings.keyOf("rollout"),
                p));
        return new WorkloadSettings(workload, role, settings.keyOf("role"), labels, settings.keyOf("podLabels"),
                rollout, settings.keyOf("rollout"), grant);
    }

    /** Labels as Kubernetes takes them; absent reads as none. */
    static SortedMap<String, String> podLabels(String key, Object raw, ConfigProblems problems) {
        if (raw == null) {
            return new TreeMap<>();
        }
        var labels = ConfigObject.stringMap(key, raw, false, problems).orElse(new TreeMap<>());
        labels.forEach((k, v) -> {
            KubernetesNames.checkLabelKey(k).ifPresent(p -> problems.add(key, p));
            KubernetesNames.checkLabelValue(v).ifPresent(p -> problems.add(key + "." + Quote.key(k), p));
        });
        return new TreeMap<>(labels);
    }

    /** A list of name prefixes, sorted and de-duplicated; {@code defaults} when absent. */
    private static List<String> prefixes(ConfigObject settings, String field, List<String> defaults,
                                         java.util.function.Function<String, Optional<String>> check,
                                         ConfigProblems problems) {
        if (!settings.has(field)) {
            return defaults;
        }
        var list = settings.stringList(field).orElse(List.of());
        var result = new TreeSet<String>();
        for (int i = 0; i < list.size(); i++) {
            var index = i;
            check.apply(list.get(i)).ifPresent(p -> problems.add(settings.keyOf(field) + "[" + index + "]", p));
            result.add(list.get(i));
        }
        return new ArrayList<>(result);
    }

    /**
     * IAM role names are unique in an account, compared without case (IAM User Guide, "IAM object
     * names"): two workloads' roles of one name would be one role, with two sets of trust and
     * permissions fighting over it.
     */
    static void checkRoleNames(List<WorkloadSettings> workloads, ConfigProblems problems) {
        var seen = new LinkedHashMap<String, WorkloadSettings>();
        for (var workload : workloads) {
            var name = workload.role().name().toLowerCase(Locale.ROOT);
            var first = seen.putIfAbsent(name, workload);
            if (first != null) {
                problems.add(workload.roleKey() + ".name", Quote.of(workload.role().name()) + " names the role of "
                        + first.workload().title() + " too (" + first.roleKey() + ".name"
                        + (first.role().name().equals(workload.role().name()) ? "" : ", " + Quote.of(first.role().name()))
                        + "); IAM role names are unique in an account without regard to case, and each workload"
                        + " needs a role of its own: name another");
            }
        }
    }
}
