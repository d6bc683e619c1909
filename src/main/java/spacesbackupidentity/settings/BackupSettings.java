package spacesbackupidentity.settings;

import spacesbackupidentity.rules.AwsNames;
import spacesbackupidentity.rules.AwsPartitions;
import spacesbackupidentity.rules.CronSchedule;
import spacesbackupidentity.rules.GoDuration;
import spacesbackupidentity.rules.KubernetesNames;
import spacesbackupidentity.rules.Quote;

import java.util.Optional;
import java.util.Set;

/**
 * {@code backup}: where Spaces writes control-plane backups, and the Spaces objects that make it
 * do so: a SharedBackupConfig per group (on unless turned off) and, optionally, a
 * SharedBackupSchedule per group.
 *
 * @param region    the bucket's region for the SharedBackupConfig: {@code backup.region}, else
 *                  {@code aws:region}; empty only when no SharedBackupConfig is made
 * @param regionKey the config key the region came from, for messages
 * @param endpoint  {@code backup.endpoint}: an S3 endpoint to use instead of the region's (FIPS, a
 *                  VPC endpoint)
 * @param deleteOnDestroy {@code backup.deleteOnDestroy}: whether destroy (or removing a group)
 *                  deletes the SharedBackup objects; otherwise they are kept, because the stack cannot
 *                  tell the ones it created from ones it adopted once {@code adoptExisting} is off
 */
public record BackupSettings(String bucket, Optional<String> prefix, Optional<String> kmsKeyArn,
                             Optional<String> region, String regionKey, Optional<String> endpoint,
                             SharedConfig sharedConfig, Optional<Schedule> schedule, boolean deleteOnDestroy) {
    public static final String KEY = "backup";
    /** {@code backup.kmsKeyArn}, for the checks that need the role's partition. */
    public static final String KMS_KEY = KEY + ".kmsKeyArn";
    static final Set<String> FIELDS = Set.of("bucket", "prefix", "kmsKeyArn", "region", "endpoint", "sharedConfig",
            "schedule", "deleteOnDestroy");
    static final String PROVIDER_REGION_KEY = S3Location.PROVIDER_REGION_KEY;
    public static final String DEFAULT_OBJECT_NAME = "default";
    /**
     * The shortest time allowed between two scheduled backups, and what a backup is allowed to take.
     * Upbound publishes no duration for a control plane backup; 15 minutes is the shortest interval in
     * the schedule examples of https://docs.upbound.io/deploy/backup-and-restore/ ("0/15 * * * 1-5").
     */
    static final java.time.Duration MIN_BACKUP_INTERVAL = java.time.Duration.ofMinutes(15);

    /**
     * {@code backup.sharedConfig}: whether to make a SharedBackupConfig per group, its name, and
     * whether to adopt ones that already exist instead of failing on them.
     */
    public record SharedConfig(boolean enabled, String name, boolean adoptExisting) {
        static final Set<String> FIELDS = Set.of("enabled", "name", "adoptExisting");
    }

    /** {@code backup.schedule}: a SharedBackupSchedule per group; existing ones adopted on request. */
    public record Schedule(String name, String cron, Optional<String> ttl, boolean adoptExisting) {
        static final Set<String> FIELDS = Set.of("name", "cron", "ttl", "adoptExisting");
    }

    /**
     * The endpoint Thanos' S3 client connects to (it refuses a config without one, "no s3
     * endpoint in config file", thanos-io/objstore providers/s3/s3.go): {@code backup.endpoint}, else
     * the region's regional endpoint in its partition, as the Upbound docs' AWS example sets it.
     */
    public Optional<String> s3Endpoint() {
        return endpoint.or(() -> region.flatMap(r -> AwsPartitions.ofRegion(r).map(p -> p.s3Endpoint(r))));
    }

    /** The bucket, prefix, key, region and endpoint, as every S3 workload has them. */
    public S3Location location() {
        return new S3Location(bucket, prefix, kmsKeyArn, region, regionKey, endpoint);
    }

    static BackupSettings read(ConfigObject backup, Optional<String> providerRegion, ConfigProblems problems) {
        var bucket = backup.string("bucket");
        if (bucket.isEmpty() && !backup.has("bucket")) {
            problems.add(backup.keyOf("bucket"), "required; the S3 bucket that holds the backups");
        }
        bucket.flatMap(AwsNames::checkBucketName).ifPresent(p -> problems.add(backup.keyOf("bucket"), p));
        // Checked as written, then normalized: "/" must not turn into "no prefix", the whole bucket.
        var prefix = backup.string("prefix");
        prefix.flatMap(p -> S3Location.checkPrefix(p, backup.keyOf("prefix")))
                .ifPresent(p -> problems.add(backup.keyOf("prefix"), p));
        prefix = prefix.map(S3Location::normalizePrefix);
        var kms = backup.string("kmsKeyArn");
        kms.flatMap(AwsNames::checkKmsKeyArn).ifPresent(p -> problems.add(backup.keyOf("kmsKeyArn"), p));

        var sharedConfig = readSharedConfig(backup, problems);
        var schedule = readSchedule(backup, problems);
        if (schedule.isPresent() && !sharedConfig.enabled()) {
            problems.add(backup.keyOf("schedule"), "set, but backup.sharedConfig.enabled is false; a"
                    + " SharedBackupSchedule needs the SharedBackupConfig it refers to");
        }

        var region = backup.string("region").or(() -> providerRegion);
        var regionKey = backup.has("region") ? backup.keyOf("region") : PROVIDER_REGION_KEY;
        region.filter(r -> AwsPartitions.ofRegion(r).isEmpty()).ifPresent(r -> problems.add(regionKey,
                Quote.of(r) + " is not an AWS region; expected one of " + AwsPartitions.regionsOf("")));
        S3Location.checkKeyRegion(kms, region, regionKey).ifPresent(p -> problems.add(backup.keyOf("kmsKeyArn"), p));
        var endpoint = backup.string("endpoint");
        endpoint.ifPresent(e -> checkEndpoint(e, region, sharedConfig).ifPresent(p -> problems.add(
                backup.keyOf("endpoint"), p)));
        if (region.isEmpty() && sharedConfig.enabled()) {
            problems.add(backup.keyOf("region"), "required for the SharedBackupConfig: the bucket's region, such as"
                    + " us-east-1 (or set aws:region); or set backup.sharedConfig.enabled to false");
        }
        var deleteOnDestroy = backup.bool("deleteOnDestroy").orElse(false);
        var adopting = sharedConfig.adoptExisting() ? "backup.sharedConfig.adoptExisting"
                : schedule.filter(Schedule::adoptExisting).isPresent() ? "backup.schedule.adoptExisting" : null;
        if (deleteOnDestroy && adopting != null) {
            problems.add(backup.keyOf("deleteOnDestroy"), "true, but " + adopting + " is true too: adopted objects"
                    + " are never deleted by this stack; remove adoptExisting once they are adopted if the stack"
                    + " should own them");
        }
        return new BackupSettings(bucket.orElse(""), prefix, kms, region, regionKey, endpoint, sharedConfig, schedule,
                deleteOnDestroy);
    }

    /** An object {enabled, name}, or just true or false. */
    private static SharedConfig readSharedConfig(ConfigObject backup, ConfigProblems problems) {
        var raw = backup.raw("sharedConfig");
        if (raw instanceof Boolean || "true".equals(raw) || "false".equals(raw)) {
            return new SharedConfig(Boolean.parseBoolean(String.valueOf(raw)), DEFAULT_OBJECT_NAME, false);
        }
        var shared = backup.child("sharedConfig", SharedConfig.FIELDS);
        return new SharedConfig(shared.bool("enabled").orElse(true), objectName(shared, problems),
                shared.bool("adoptExisting").orElse(false));
    }

    private static Optional<Schedule> readSchedule(ConfigObject backup, ConfigProblems problems) {
        if (!backup.has("schedule")) {
            return Optional.empty();
        }
        var schedule = backup.child("schedule", Schedule.FIELDS);
        var cron = schedule.string("cron");
        if (cron.isEmpty()) {
            problems.add(schedule.keyOf("cron"), "required; when to back up, as cron, such as '0 2 * * *' (02:00"
                    + " every day) or @daily");
        }
        cron.flatMap(CronSchedule::check).ifPresent(p -> problems.add(schedule.keyOf("cron"), p));
        var ttl = schedule.string("ttl");
        ttl.flatMap(GoDuration::check).ifPresent(p -> problems.add(schedule.keyOf("ttl"), p));
        cron.filter(c -> CronSchedule.check(c).isEmpty())
                .ifPresent(c -> checkIntervals(c, ttl.filter(t -> GoDuration.check(t).isEmpty()), schedule, problems));
        return Optional.of(new Schedule(objectName(schedule, problems), cron.orElse(""), ttl,
                schedule.bool("adoptExisting").orElse(false)));
    }

    /**
     * A schedule must do what it says: run (not on a date that never comes), leave a backup the
     * time to finish before the next starts, and keep each backup until the next one has finished,
     * so that some backup can always be restored.
     */
    private static void checkIntervals(String cron, Optional<String> ttl, ConfigObject schedule,
                                       ConfigProblems problems) {
        var intervals = CronSchedule.intervals(cron);
        if (intervals.isEmpty()) {
            problems.add(schedule.keyOf("cron"), Quote.of(cron) + " starts fewer than two backups in the eight years"
                    + " from 2026 (a date that never comes, such as 30 February); expected a schedule that runs, such"
                    + " as '0 2 * * *'");
            return;
        }
        var shortest = intervals.get().shortest();
        if (shortest.compareTo(MIN_BACKUP_INTERVAL) < 0) {
            problems.add(schedule.keyOf("cron"), Quote.of(cron) + " starts backups " + GoDuration.format(shortest)
                    + " apart at the closest, and a control plane's backup can take longer, so they would pile up;"
                    + " expected at least " + GoDuration.format(MIN_BACKUP_INTERVAL) + " between backups, such as"
                    + " '0 */6 * * *'");
            return;
        }
        var needed = intervals.get().longest().plus(MIN_BACKUP_INTERVAL);
        ttl.filter(t -> GoDuration.parse(t).getAsLong() < needed.toNanos()).ifPresent(t -> problems.add(
                schedule.keyOf("ttl"), Quote.of(t) + " is shorter than the longest time between two backups of "
                        + Quote.of(cron) + " (" + GoDuration.format(intervals.get().longest()) + ") and the "
                        + GoDuration.format(MIN_BACKUP_INTERVAL) + " the next one may take to finish: there would be"
                        + " times with no backup to restore; expected at least " + GoDuration.format(needed)
                        + " (Go units: h, m, s; 168h is seven days)"));
    }

    private static String objectName(ConfigObject object, ConfigProblems problems) {
        var name = object.string("name").orElse(DEFAULT_OBJECT_NAME);
        KubernetesNames.checkDns1123Subdomain(name).ifPresent(p -> problems.add(object.keyOf("name"), p));
        return name;
    }

    /**
     * Spaces sends every backup, and the role's session token, to this host: it must be one of
     * AWS's own S3 endpoints for the bucket's region ({@link S3Location#checkEndpoint}).
     */
    private static Optional<String> checkEndpoint(String endpoint, Optional<String> region, SharedConfig shared) {
        if (!shared.enabled()) {
            return Optional.of("set, but backup.sharedConfig.enabled is false, and only the SharedBackupConfig uses"
                    + " it; remove it, or turn the SharedBackupConfig on");
        }
        return region.flatMap(r -> S3Location.checkEndpoint(endpoint, r, "backups"));
    }
}
