package spacesbackupidentity;

import com.networknt.schema.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import spacesbackupidentity.plan.BackupObjects;
import spacesbackupidentity.settings.InvalidConfigException;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static spacesbackupidentity.Declared.SHARED_BACKUP_CONFIG;
import static spacesbackupidentity.Declared.SHARED_BACKUP_SCHEDULE;
import static spacesbackupidentity.Declared.at;
import static spacesbackupidentity.StackConfig.id;

/** SharedBackupConfig and SharedBackupSchedule per group, as declared and as the CRDs accept them. */
class BackupWiringTest {
    static Schema configSchema;
    static Schema scheduleSchema;

    @BeforeAll
    static void schemas() throws IOException {
        configSchema = CrdSchemas.of("spaces.upbound.io_sharedbackupconfigs.yaml", "v1alpha1");
        scheduleSchema = CrdSchemas.of("spaces.upbound.io_sharedbackupschedules.yaml", "v1alpha1");
    }

    static StackConfig scheduled() {
        return StackConfig.valid().backup(Map.of("prefix", "spaces/prod", "schedule", Map.of("cron", "0 2 * * *",
                "ttl", "168h")));
    }

    @Test
    void oneSharedBackupConfigPerGroupWithTheInjectedIdentity() {
        var declared = Declared.run(StackConfig.valid());

        assertThat(declared.inputsByName(SHARED_BACKUP_CONFIG)).containsOnlyKeys("shared-backup-config-default",
                "shared-backup-config-team-a");
        assertThat(declared.inputs(SHARED_BACKUP_CONFIG, "shared-backup-config-team-a")).isEqualTo(Map.of(
                "apiVersion", "spaces.upbound.io/v1alpha1",
                "kind", "SharedBackupConfig",
                "metadata", Map.of("name", "default", "namespace", "team-a"),
                "spec", Map.of("objectStorage", Map.of(
                        "provider", "AWS",
                        "bucket", "acme-spaces-backups",
                        "config", Map.of("region", "us-east-1", "endpoint", "s3.us-east-1.amazonaws.com"),
                        "credentials", Map.of("source", "InjectedIdentity")))));
        assertThat(declared.all(SHARED_BACKUP_SCHEDULE)).isEmpty();
        assertThat(declared.output("sharedBackupConfigs")).isEqualTo(List.of("default/default", "team-a/default"));
        assertThat(declared.output("sharedBackupSchedules")).isEqualTo(List.of());
    }

    @Test
    void theRegionComesFromBackupRegionElseAwsRegionAndThePrefixAndNameFromConfig() {
        var declared = Declared.run(StackConfig.valid().backup(Map.of("prefix", "spaces/prod/", "region", "eu-west-1",
                "sharedConfig", Map.of("name", "s3-backups"))));
        var spec = declared.inputs(SHARED_BACKUP_CONFIG, "shared-backup-config-default").get("spec");

        assertThat(at(spec, "objectStorage", "config")).isEqualTo(Map.of("region", "eu-west-1",
                "endpoint", "s3.eu-west-1.amazonaws.com"));
        assertThat(at(spec, "objectStorage", "prefix")).isEqualTo("spaces/prod");
        assertThat(at(declared.inputs(SHARED_BACKUP_CONFIG, "shared-backup-config-default"), "metadata", "name"))
                .isEqualTo("s3-backups");
    }

    @Test
    void noneWhenTurnedOff() {
        for (var off : List.<Object>of(false, Map.of("enabled", false))) {
            var declared = Declared.run(StackConfig.valid().backup(Map.of("sharedConfig", off)).remove("aws:region"));
            assertThat(declared.all(SHARED_BACKUP_CONFIG)).as("%s", off).isEmpty();
            assertThat(declared.all(SHARED_BACKUP_SCHEDULE)).as("%s", off).isEmpty();
            assertThat(declared.output("sharedBackupConfigs")).isEqualTo(List.of());
        }
    }

    @Test
    void aSchedulePerGroupSelectsExactlyThatGroupsControlPlanes() {
        var declared = Declared.run(scheduled().controlPlanes(List.of(
                Map.of("name", "zeta", "group", "team-a", "id", id(1)),
                Map.of("name", "alpha", "group", "team-a", "id", id(2)),
                Map.of("name", "orders", "group", "default", "id", id(3)))));

        assertThat(declared.inputs(SHARED_BACKUP_SCHEDULE, "shared-backup-schedule-team-a")).isEqualTo(Map.of(
                "apiVersion", "spaces.upbound.io/v1alpha1",
                "kind", "SharedBackupSchedule",
                "metadata", Map.of("name", "default", "namespace", "team-a"),
                "spec", Map.of(
                        "schedule", "0 2 * * *",
                        "configRef", Map.of("kind", "SharedBackupConfig", "name", "default"),
                        "ttl", "168h",
                        "controlPlaneSelector", Map.of("names", List.of("alpha", "zeta")))));
        assertThat(at(declared.inputs(SHARED_BACKUP_SCHEDULE, "shared-backup-schedule-default"), "spec",
                "controlPlaneSelector")).isEqualTo(Map.of("names", List.of("orders")));
        assertThat(declared.output("sharedBackupSchedules")).isEqualTo(List.of("default/default", "team-a/default"));
    }

    @Test
    void theyWaitForTheReleaseTheRoleAndItsPermissions() {
        var declared = Declared.run(scheduled());

        assertThat(declared.options(SHARED_BACKUP_CONFIG, "shared-backup-config-team-a").dependencies())
                .containsExactly("backup-role", "backup-role-permissions", "spaces-release");
        assertThat(declared.options(SHARED_BACKUP_SCHEDULE, "shared-backup-schedule-team-a").dependencies())
                .containsExactly("backup-role", "backup-role-permissions", "shared-backup-config-team-a",
                        "spaces-release");
        assertThat(declared.options(SHARED_BACKUP_CONFIG, "shared-backup-config-team-a").provider())
                .contains("spaces-cluster");
    }

    static Stream<StackConfig> variants() {
        return Stream.of(
                StackConfig.valid(),
                scheduled(),
                StackConfig.valid().backup(Map.of("region", "ap-southeast-2", "sharedConfig", Map.of("name", "s3.backups"),
                        "schedule", Map.of("cron", "@every 6h", "name", "every-six-hours"))),
                StackConfig.valid().backup(Map.of("schedule", Map.of("cron", "*/15 1-5 ? JAN-MAR MON-FRI"))),
                scheduled().identityMode("podIdentity")
                        .set("clusterArn", "arn:aws:eks:us-east-1:123456789012:cluster/acme"));
    }

    @ParameterizedTest
    @MethodSource("variants")
    void everyGeneratedObjectValidatesAgainstItsCrdSchema(StackConfig config) {
        var objects = BackupObjects.of(config.settings());
        assertThat(objects).isNotEmpty();
        for (var object : objects) {
            var schema = object.kind().equals("SharedBackupConfig") ? configSchema : scheduleSchema;
            assertThat(CrdSchemas.errors(schema, object.manifest())).as(object.reference()).isEmpty();
            // The CRDs' CEL rules that concern these objects:
            if (object.kind().equals("SharedBackupSchedule")) {
                assertThat(at(object.spec(), "configRef", "kind")).isEqualTo("SharedBackupConfig");
                assertThat((List<?>) at(object.spec(), "controlPlaneSelector", "names")).isNotEmpty();
            } else {
                assertThat(at(object.spec(), "objectStorage", "credentials", "source")).isEqualTo("InjectedIdentity");
            }
        }
    }

    @Test
    void theStrictSchemaCatchesWhatTheApiServerWouldRefuse() {
        var object = BackupObjects.of(scheduled().settings()).get(0);
        var extra = new LinkedHashMap<>(object.manifest());
        extra.put("spec", Map.of("objectStorage", Map.of("provider", "AWS", "bucket", "b",
                "credentials", Map.of("source", "InjectedIdentity"), "buckets", "x")));
        var badEnum = new LinkedHashMap<>(object.manifest());
        badEnum.put("spec", Map.of("objectStorage", Map.of("provider", "S3", "bucket", "b",
                "credentials", Map.of("source", "InjectedIdentity"))));

        assertThat(CrdSchemas.errors(configSchema, extra)).singleElement().asString().contains("buckets");
        assertThat(CrdSchemas.errors(configSchema, badEnum)).singleElement().asString().contains("provider");
    }

    static Stream<Arguments> badBackupConfig() {
        return Stream.of(
                Arguments.of(Map.of("schedule", Map.of("cron", "0 25 * * *")),
                        "backup.schedule.cron: '0 25 * * *': hour '25' is out of range; expected 0-23; expected five"
                                + " fields (minute hour day-of-month month day-of-week, such as '0 2 * * *')"),
                Arguments.of(Map.of("schedule", Map.of("cron", "0 2 * *")),
                        "backup.schedule.cron: '0 2 * *' has 4 fields; expected five fields"),
                Arguments.of(Map.of("schedule", Map.of("cron", "@fortnightly")),
                        "backup.schedule.cron: '@fortnightly' is not a cron descriptor; expected five fields"),
                Arguments.of(Map.of("schedule", Map.of("cron", "0 2 * * MON-SUNDAY")),
                        "backup.schedule.cron: '0 2 * * MON-SUNDAY': day of week 'MON-SUNDAY' is not a number or name"
                                + " in range; expected 0-6 or SUN-SAT"),
                Arguments.of(Map.of("schedule", Map.of("cron", "*/0 * * * *")),
                        "backup.schedule.cron: '*/0 * * * *': minute '*/0' has a step of 0"),
                Arguments.of(Map.of("schedule", Map.of("cron", "? * * * *")),
                        "backup.schedule.cron: '? * * * *' starts backups 1m0s apart at the closest, and a control"
                                + " plane's backup can take longer, so they would pile up; expected at least 15m0s"
                                + " between backups, such as '0 */6 * * *'"),
                Arguments.of(Map.of("schedule", Map.of("cron", "*/14 * * * *")),
                        "backup.schedule.cron: '*/14 * * * *' starts backups 4m0s apart at the closest"),
                Arguments.of(Map.of("schedule", Map.of("cron", "@every 14m59s")),
                        "backup.schedule.cron: '@every 14m59s' starts backups 14m59s apart at the closest"),
                Arguments.of(Map.of("schedule", Map.of("cron", "@every -1h")),
                        "backup.schedule.cron: '@every -1h' starts backups 1s apart at the closest"),
                Arguments.of(Map.of("schedule", Map.of("cron", "0 2 30 2 *")),
                        "backup.schedule.cron: '0 2 30 2 *' starts fewer than two backups in the eight years from"
                                + " 2026 (a date that never comes, such as 30 February); expected a schedule that"
                                + " runs, such as '0 2 * * *'"),
                Arguments.of(Map.of("schedule", Map.of("cron", "@daily ")),
                        "backup.schedule.cron: '@daily ' is not a cron descriptor; expected five fields (minute hour"
                                + " day-of-month month day-of-week, such as '0 2 * * *'), @hourly, @daily, @weekly,"
                                + " @monthly, @yearly, or @every DURATION, with nothing around a descriptor"),
                Arguments.of(Map.of("schedule", Map.of("cron", " @daily")),
                        "backup.schedule.cron: ' @daily' has 1 fields; expected five fields"),
                Arguments.of(Map.of("schedule", Map.of("cron", "@every 6h ")),
                        "backup.schedule.cron: '@every 6h ': '6h ' is not a Go duration (such as 6h or 1h30m, one"
                                + " space after @every and nothing after it)"),
                Arguments.of(Map.of("schedule", Map.of("cron", "0\u00a02 * * *")),
                        "backup.schedule.cron: '0\\u00A02 * * *' has a character other than printable ASCII, space"
                                + " and tab"),
                Arguments.of(Map.of("schedule", Map.of("cron", "CRON_TZ=UTC 0 2 * * *")),
                        "backup.schedule.cron: 'CRON_TZ=UTC 0 2 * * *' names a time zone; Spaces runs schedules in"
                                + " its own"),
                Arguments.of(Map.of("schedule", Map.of("cron", "*-5 2 * * *")),
                        "backup.schedule.cron: '*-5 2 * * *': minute '*-5' has a range after '*', which the parser"
                                + " ignores"),
                Arguments.of(Map.of("schedule", Map.of("cron", "0 2 1,,15 * *")),
                        "backup.schedule.cron: '0 2 1,,15 * *': day of month '1,,15' has an empty list item"),
                Arguments.of(Map.of("schedule", Map.of("cron", "1-2-3 2 * * *")),
                        "backup.schedule.cron: '1-2-3 2 * * *': minute '1-2-3' has more than one '-'"),
                Arguments.of(Map.of("schedule", Map.of("cron", "1/2/3 2 * * *")),
                        "backup.schedule.cron: '1/2/3 2 * * *': minute '1/2/3' has more than one '/'"),
                Arguments.of(Map.of("schedule", Map.of("cron", "0/x 2 * * *")),
                        "backup.schedule.cron: '0/x 2 * * *': minute '0/x' has a step that is not a whole number"),
                Arguments.of(Map.of("schedule", Map.of("cron", "0 2 * * *", "ttl", "1m")),
                        "backup.schedule.ttl: '1m' is shorter than the longest time between two backups of"
                                + " '0 2 * * *' (24h0m0s) and the 15m0s the next one may take to finish: there would"
                                + " be times with no backup to restore; expected at least 24h15m0s (Go units: h, m, s;"
                                + " 168h is seven days)"),
                Arguments.of(Map.of("schedule", Map.of("cron", "0 2 1 * *", "ttl", "720h")),
                        "backup.schedule.ttl: '720h' is shorter than the longest time between two backups of"
                                + " '0 2 1 * *' (744h0m0s)"),
                Arguments.of(Map.of("schedule", Map.of("cron", "@daily", "ttl", "65s".repeat(22))),
                        "backup.schedule.ttl: a duration of 66 characters; expected a positive duration"),
                Arguments.of(Map.of("schedule", Map.of("cron", "0 5-2 * * *")),
                        "backup.schedule.cron: '0 5-2 * * *': hour '5-2' has a range that ends before it starts"),
                Arguments.of(Map.of("schedule", Map.of("cron", "@daily", "ttl", "9999999h")),
                        "backup.schedule.ttl: '9999999h' is not a duration Kubernetes accepts (a number and a unit,"
                                + " repeated, no spaces, at most about 2562047h)"),
                Arguments.of(Map.of("schedule", Map.of("cron", "@every 1d")),
                        "backup.schedule.cron: '@every 1d': '1d' is not a Go duration"),
                Arguments.of(Map.of("schedule", Map.of("ttl", "168h")),
                        "backup.schedule.cron: required; when to back up, as cron"),
                Arguments.of(Map.of("schedule", Map.of("cron", "@daily", "ttl", "7d")),
                        "backup.schedule.ttl: '7d' is not a duration Kubernetes accepts (a number and a unit, repeated,"
                                + " no spaces, at most about 2562047h); expected a positive duration"
                                + " with units h, m, s (or ms, us, ns), such as 168h for seven days"),
                Arguments.of(Map.of("schedule", Map.of("cron", "@daily", "ttl", "-1h")),
                        "backup.schedule.ttl: '-1h' is not positive; expected a positive duration"),
                Arguments.of(Map.of("schedule", Map.of("cron", "@daily", "ttl", "0s")),
                        "backup.schedule.ttl: '0s' is not positive"),
                Arguments.of(Map.of("schedule", Map.of("cron", "@daily", "ttl", "1 week")),
                        "backup.schedule.ttl: '1 week' is not a duration Kubernetes accepts"),
                Arguments.of(Map.of("schedule", Map.of("crn", "@daily")),
                        "backup.schedule.crn: unknown key (did you mean 'cron'?); accepted keys of backup.schedule: adoptExisting, cron, name, ttl"),
                Arguments.of(Map.of("schedule", Map.of("cron", "@daily", "name", "Nightly")),
                        "backup.schedule.name: 'Nightly' is not a Kubernetes object name"),
                Arguments.of(Map.of("sharedConfig", Map.of("name", "-backups")),
                        "backup.sharedConfig.name: '-backups' is not a Kubernetes object name"),
                Arguments.of(Map.of("sharedConfig", Map.of("enable", false)),
                        "backup.sharedConfig.enable: unknown key (did you mean 'enabled'?); accepted keys of backup.sharedConfig: adoptExisting, enabled, name"),
                Arguments.of(Map.of("sharedConfig", false, "schedule", Map.of("cron", "@daily")),
                        "backup.schedule: set, but backup.sharedConfig.enabled is false; a SharedBackupSchedule needs"
                                + " the SharedBackupConfig it refers to"),
                Arguments.of(Map.of("region", "US East"),
                        "backup.region: 'US East' is not an AWS region; expected one of the 46 regions in the AWS SDK's"
                                + " partition metadata, such as us-east-1"),
                Arguments.of(Map.of("region", "us-east-1x"),
                        "backup.region: 'us-east-1x' is not an AWS region"),
                // Partitions.json spells the word as \\w+; that would make s3.us-EAST_1-1.amazonaws.com.
                Arguments.of(Map.of("region", "us-EAST_1-1"),
                        "backup.region: 'us-EAST_1-1' is not an AWS region"));
    }

    @ParameterizedTest
    @MethodSource("badBackupConfig")
    void badSchedulesTtlsAndNamesAreRejectedBeforeAnythingIsRegistered(Map<String, Object> backup, String message) {
        var config = StackConfig.valid().backup(backup);
        var result = StackRun.of(config);

        assertThat(result.error()).get().isInstanceOf(InvalidConfigException.class)
                .extracting(Throwable::getMessage).asString().contains(message);
        assertThat(result.registrations()).isEmpty();
    }

    @Test
    void withoutAnyRegionTheSharedBackupConfigCannotBeMade() {
        var result = StackRun.of(StackConfig.valid().remove("aws:region"));

        assertThat(result.error()).get().extracting(Throwable::getMessage).asString().contains("backup.region:"
                + " required for the SharedBackupConfig: the bucket's region, such as us-east-1 (or set aws:region);"
                + " or set backup.sharedConfig.enabled to false");
    }

    @Test
    void validCronsAndDurations() {
        for (var cron : List.of("0 2 * * *", "*/15 * * * *", "0 0 1 1 *", "0 3 ? * SUN", "30 4 1-15/2 * mon-fri",
                "@daily", "@hourly", "@every 90m", "0,30 6-18 * JAN,JUL 0")) {
            assertThat(spacesbackupidentity.rules.CronSchedule.check(cron)).as(cron).isEmpty();
        }
        for (var ttl : List.of("168h", "1h30m", "1.5h", ".5h", "90s", "720h0m0s", "500ms")) {
            assertThat(spacesbackupidentity.rules.GoDuration.check(ttl)).as(ttl).isEmpty();
        }
    }
}
