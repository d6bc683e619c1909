package spacesbackupidentity.settings;

import spacesbackupidentity.rules.AwsNames;
import spacesbackupidentity.rules.CronSchedule;
import spacesbackupidentity.rules.GoDuration;
import spacesbackupidentity.rules.KubernetesNames;
import spacesbackupidentity.rules.Quote;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code backup}: where Spaces writes control-plane backups, and the Spaces objects that make it
 * do so: a SharedBackupConfig per group (on unless turned off) and, optionally, a
 * SharedBackupSchedule per group.
 *
 * @param region the bucket's region for the SharedBackupConfig: {@code backup.region}, else
 *               {@code aws:region}; empty only when no SharedBackupConfig is made
 */
public record BackupSettings(String bucket, Optional<String> prefix, Optional<String> kmsKeyArn,
                             Optional<String> region, SharedConfig sharedConfig, Optional<Schedule> schedule) {
    static final String KEY = "backup";
    static final Set<String> FIELDS = Set.of("bucket", "prefix", "kmsKeyArn", "region", "sharedConfig", "schedule");
    static final String PROVIDER_REGION_KEY = "aws:region";
    public static final String DEFAULT_OBJECT_NAME = "default";
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

    /** {@code backup.sharedConfig}: whether to make a SharedBackupConfig per group, and its name. */
    public record SharedConfig(boolean enabled, String name) {
        static final Set<String> FIELDS = Set.of("enabled", "name");
    }

    /** {@code backup.schedule}: a SharedBackupSchedule per group. */
    public record Schedule(String name, String cron, Optional<String> ttl) {
        static final Set<String> FIELDS = Set.of("name", "cron", "ttl");
    }

    static BackupSettings read(ConfigObject backup, Optional<String> providerRegion, ConfigProblems problems) {
        var bucket = backup.string("bucket");
        if (bucket.isEmpty() && !backup.has("bucket")) {
            problems.add(backup.keyOf("bucket"), "required; the S3 bucket that holds the backups");
        }
        bucket.flatMap(AwsNames::checkBucketName).ifPresent(p -> problems.add(backup.keyOf("bucket"), p));
        var prefix = backup.string("prefix").map(BackupSettings::normalizePrefix).filter(p -> !p.isEmpty());
        prefix.flatMap(BackupSettings::checkPrefix).ifPresent(p -> problems.add(backup.keyOf("prefix"), p));
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
        region.filter(r -> !REGION.matcher(r).matches()).ifPresent(r -> problems.add(regionKey,
                Quote.of(r) + " is not an AWS region; expected a region code such as us-east-1"));
        if (region.isEmpty() && sharedConfig.enabled()) {
            problems.add(backup.keyOf("region"), "required for the SharedBackupConfig: the bucket's region, such as"
                    + " us-east-1 (or set aws:region); or set backup.sharedConfig.enabled to false");
        }
        return new BackupSettings(bucket.orElse(""), prefix, kms, region, sharedConfig, schedule);
    }

    /** An object {enabled, name}, or just true or false. */
    private static SharedConfig readSharedConfig(ConfigObject backup, ConfigProblems problems) {
        var raw = backup.raw("sharedConfig");
        if (raw instanceof Boolean || "true".equals(raw) || "false".equals(raw)) {
            return new SharedConfig(Boolean.parseBoolean(String.valueOf(raw)), DEFAULT_OBJECT_NAME);
        }
        var shared = backup.child("sharedConfig", SharedConfig.FIELDS);
        return new SharedConfig(shared.bool("enabled").orElse(true), objectName(shared, problems));
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
        return Optional.of(new Schedule(objectName(schedule, problems), cron.orElse(""), ttl));
    }

    private static String objectName(ConfigObject object, ConfigProblems problems) {
        var name = object.string("name").orElse(DEFAULT_OBJECT_NAME);
        KubernetesNames.checkDns1123Subdomain(name).ifPresent(p -> problems.add(object.keyOf("name"), p));
        return name;
    }

    /** "backups/" and "backups" are the same prefix; one spelling keeps the policy stable. */
    static String normalizePrefix(String prefix) {
        var p = prefix;
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static Optional<String> checkPrefix(String prefix) {
        if (prefix.startsWith("/") || prefix.contains("//") || prefix.matches(".*[*?$\\s].*")) {
            return Optional.of(Quote.of(prefix) + " is not a usable key prefix; expected path segments such as"
                    + " 'spaces/prod', without a leading '/', empty segments, whitespace or the policy wildcards * ? $");
        }
        return Optional.empty();
    }
}
