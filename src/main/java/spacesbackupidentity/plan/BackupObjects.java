package spacesbackupidentity.plan;

import spacesbackupidentity.settings.BackupSettings;
import spacesbackupidentity.settings.S3Location;
import spacesbackupidentity.settings.Settings;
import spacesbackupidentity.settings.SpaceBackupsSettings;
import spacesbackupidentity.settings.Workload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Spaces objects that make Spaces back up: in each group that holds a configured control
 * plane, a SharedBackupConfig pointing at the bucket with the injected identity, and optionally a
 * SharedBackupSchedule that selects exactly the configured control planes of that group; with Space
 * backups, the Space's SpaceBackupConfig, cluster-scoped, pointing at theirs.
 */
public final class BackupObjects {
    public static final String API_VERSION = "spaces.upbound.io/v1alpha1";
    public static final String CONFIG_KIND = "SharedBackupConfig";
    public static final String SCHEDULE_KIND = "SharedBackupSchedule";
    /**
     * The SpaceBackupConfig's group and version: upbound/docs {@code static/crds/space/v1.17/
     * admin.spaces.upbound.io_spacebackupconfigs.yaml} ({@code scope: Cluster}).
     */
    public static final String ADMIN_API_VERSION = "admin.spaces.upbound.io/v1alpha1";
    public static final String SPACE_CONFIG_KIND = "SpaceBackupConfig";

    /**
     * One Spaces object; {@code spec} is as the API server receives it.
     *
     * @param namespace       its namespace; empty for a cluster-scoped object
     * @param adopt           {@code adoptExisting}: imported as {@link #reference()} rather than created
     * @param retainOnDelete  kept in the cluster on destroy, unless {@code deleteOnDestroy}:
     *                        once adoptExisting is off, nothing tells an adopted object from a created one
     * @param after           the resource this one needs first (a schedule, its group's config)
     * @param workload        whose role it names: it is applied once that role and its permissions exist
     */
    public record SpacesObject(String resourceName, String apiVersion, String kind, Optional<String> namespace,
                               String name, Map<String, Object> spec, boolean adopt, boolean retainOnDelete,
                               Optional<String> after, Workload workload) {
        public Map<String, Object> metadata() {
            return namespace.<Map<String, Object>>map(ns -> Map.of("name", name, "namespace", ns))
                    .orElse(Map.of("name", name));
        }

        /** {@code namespace/name}, as kubectl and messages refer to it; the name alone when cluster-scoped. */
        public String reference() {
            return namespace.map(ns -> ns + "/" + name).orElse(name);
        }

        /** The whole manifest, as JSON schema validation and {@code kubectl apply} see it. */
        public Map<String, Object> manifest() {
            var manifest = new LinkedHashMap<String, Object>();
            manifest.put("apiVersion", apiVersion);
            manifest.put("kind", kind);
            manifest.put("metadata", metadata());
            manifest.put("spec", spec);
            return manifest;
        }
    }

    private BackupObjects() {
    }

    /**
     * Configs first, then schedules, each by group (none when the SharedBackupConfig is turned off or
     * control-plane backups are not managed); then the SpaceBackupConfig, with Space backups.
     */
    public static List<SpacesObject> of(Settings settings) {
        var objects = new ArrayList<SpacesObject>();
        settings.backup().filter(backup -> backup.sharedConfig().enabled())
                .ifPresent(backup -> objects.addAll(shared(settings, backup)));
        settings.spaceBackups().ifPresent(space -> objects.add(spaceBackupConfig(space)));
        return objects;
    }

    private static List<SpacesObject> shared(Settings settings, BackupSettings backup) {
        var objects = new ArrayList<SpacesObject>();
        var namesByGroup = new TreeMap<String, List<String>>();
        settings.controlPlanes().forEach(cp -> namesByGroup.computeIfAbsent(cp.group(), g -> new ArrayList<>())
                .add(cp.name()));
        namesByGroup.keySet().forEach(group -> objects.add(sharedBackupConfig(group, backup)));
        backup.schedule().ifPresent(schedule -> namesByGroup.forEach((group, names) ->
                objects.add(sharedBackupSchedule(group, names.stream().sorted().toList(), backup, schedule))));
        return objects;
    }

    private static SpacesObject sharedBackupConfig(String group, BackupSettings backup) {
        return new SpacesObject(ResourceNames.sharedBackupConfig(group), API_VERSION, CONFIG_KIND, Optional.of(group),
                backup.sharedConfig().name(), Map.of("objectStorage", objectStorage(backup.location())),
                backup.sharedConfig().adoptExisting(), !backup.deleteOnDestroy(), Optional.empty(),
                Workload.CONTROL_PLANE_BACKUPS);
    }

    /**
     * The Space's SpaceBackupConfig: the same object storage as a SharedBackupConfig (its CRD's
     * {@code spec.objectStorage} has the same fields), with {@code credentials.source: InjectedIdentity},
     * the identity of the Spaces controller's pod.
     */
    private static SpacesObject spaceBackupConfig(SpaceBackupsSettings space) {
        return new SpacesObject(ResourceNames.SPACE_BACKUP_CONFIG, ADMIN_API_VERSION, SPACE_CONFIG_KIND,
                Optional.empty(), space.configName(), Map.of("objectStorage", objectStorage(space.location())),
                space.adoptExisting(), !space.deleteOnDestroy(), Optional.empty(), Workload.SPACE_BACKUPS);
    }

    private static Map<String, Object> objectStorage(S3Location location) {
        var objectStorage = new LinkedHashMap<String, Object>();
        objectStorage.put("provider", "AWS");
        objectStorage.put("bucket", location.bucket());
        location.prefix().ifPresent(prefix -> objectStorage.put("prefix", prefix));
        objectStorage.put("config", Map.of("region", location.region().orElseThrow(),
                "endpoint", location.s3Endpoint().orElseThrow()));
        // The role reaches the workload through IRSA or Pod Identity: no secret holds credentials.
        objectStorage.put("credentials", Map.of("source", "InjectedIdentity"));
        return objectStorage;
    }

    private static SpacesObject sharedBackupSchedule(String group, List<String> controlPlanes, BackupSettings backup,
                                                     BackupSettings.Schedule schedule) {
        var spec = new LinkedHashMap<String, Object>();
        spec.put("schedule", schedule.cron());
        spec.put("configRef", Map.of("kind", CONFIG_KIND, "name", backup.sharedConfig().name()));
        schedule.ttl().ifPresent(ttl -> spec.put("ttl", ttl));
        spec.put("controlPlaneSelector", Map.of("names", controlPlanes));
        return new SpacesObject(ResourceNames.sharedBackupSchedule(group), API_VERSION, SCHEDULE_KIND,
                Optional.of(group), schedule.name(), spec, schedule.adoptExisting(), !backup.deleteOnDestroy(),
                Optional.of(ResourceNames.sharedBackupConfig(group)), Workload.CONTROL_PLANE_BACKUPS);
    }
}
