package spacesbackupidentity.plan;

import spacesbackupidentity.settings.BackupSettings;
import spacesbackupidentity.settings.Settings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Spaces objects that make Spaces back up: in each group that holds a configured control
 * plane, a SharedBackupConfig pointing at the bucket with the injected identity, and optionally a
 * SharedBackupSchedule that selects exactly the configured control planes of that group.
 */
public final class BackupObjects {
    public static final String API_VERSION = "spaces.upbound.io/v1alpha1";
    public static final String CONFIG_KIND = "SharedBackupConfig";
    public static final String SCHEDULE_KIND = "SharedBackupSchedule";

    /**
     * One namespaced Spaces object; {@code spec} is as the API server receives it.
     *
     * @param adopt           {@code adoptExisting}: imported as {@link #reference()} rather than created
     * @param retainOnDelete  kept in the cluster on destroy, unless {@code backup.deleteOnDestroy}:
     *                        once adoptExisting is off, nothing tells an adopted object from a created one
     * @param after           the resource this one needs first (a schedule, its group's config)
     */
    public record SpacesObject(String resourceName, String kind, String namespace, String name,
                               Map<String, Object> spec, boolean adopt, boolean retainOnDelete,
                               java.util.Optional<String> after) {
        public Map<String, Object> metadata() {
            return Map.of("name", name, "namespace", namespace);
        }

        /** {@code namespace/name}, as kubectl and messages refer to it. */
        public String reference() {
            return namespace + "/" + name;
        }

        /** The whole manifest, as JSON schema validation and {@code kubectl apply} see it. */
        public Map<String, Object> manifest() {
            var manifest = new LinkedHashMap<String, Object>();
            manifest.put("apiVersion", API_VERSION);
            manifest.put("kind", kind);
            manifest.put("metadata", metadata());
            manifest.put("spec", spec);
            return manifest;
        }
    }

    private BackupObjects() {
    }

    /** Configs first, then schedules, each by group; none when the SharedBackupConfig is turned off. */
    public static List<SpacesObject> of(Settings settings) {
        var backup = settings.backup();
        var objects = new ArrayList<SpacesObject>();
        if (!backup.sharedConfig().enabled()) {
            return objects;
        }
        var namesByGroup = new TreeMap<String, List<String>>();
        settings.controlPlanes().forEach(cp -> namesByGroup.computeIfAbsent(cp.group(), g -> new ArrayList<>())
                .add(cp.name()));
        namesByGroup.keySet().forEach(group -> objects.add(sharedBackupConfig(group, backup)));
        backup.schedule().ifPresent(schedule -> namesByGroup.forEach((group, names) ->
                objects.add(sharedBackupSchedule(group, names.stream().sorted().toList(), backup, schedule))));
        return objects;
    }

    private static SpacesObject sharedBackupConfig(String group, BackupSettings backup) {
        var objectStorage = new LinkedHashMap<String, Object>();
        objectStorage.put("provider", "AWS");
        objectStorage.put("bucket", backup.bucket());
        backup.prefix().ifPresent(prefix -> objectStorage.put("prefix", prefix));
        objectStorage.put("config", Map.of("region", backup.region().orElseThrow(),
                "endpoint", backup.s3Endpoint().orElseThrow()));
        // The role reaches mxp-controller through IRSA or Pod Identity: no secret holds credentials.
        objectStorage.put("credentials", Map.of("source", "InjectedIdentity"));
        return new SpacesObject(ResourceNames.sharedBackupConfig(group), CONFIG_KIND, group,
                backup.sharedConfig().name(), Map.of("objectStorage", objectStorage), backup.sharedConfig().adoptExisting(),
                !backup.deleteOnDestroy(), java.util.Optional.empty());
    }

    private static SpacesObject sharedBackupSchedule(String group, List<String> controlPlanes, BackupSettings backup,
                                                     BackupSettings.Schedule schedule) {
        var spec = new LinkedHashMap<String, Object>();
        spec.put("schedule", schedule.cron());
        spec.put("configRef", Map.of("kind", CONFIG_KIND, "name", backup.sharedConfig().name()));
        schedule.ttl().ifPresent(ttl -> spec.put("ttl", ttl));
        spec.put("controlPlaneSelector", Map.of("names", controlPlanes));
        return new SpacesObject(ResourceNames.sharedBackupSchedule(group), SCHEDULE_KIND, group, schedule.name(), spec,
                schedule.adoptExisting(), !backup.deleteOnDestroy(),
                java.util.Optional.of(ResourceNames.sharedBackupConfig(group)));
    }
}
