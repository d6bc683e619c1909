package spacesbackupidentity.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import spacesbackupidentity.Fixtures;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The program's own readers of formats other systems parse, each against that system's parser as
 * tools/rule-oracles ran it (src/test/resources/rules/*.tsv, regenerated and compared in CI by
 * tools/check-fixtures): schedules against robfig/cron v3, durations against Go's
 * {@code time.ParseDuration}, names and labels against k8s.io/apimachinery and Helm.
 */
class RuleOraclesTest {
    /**
     * Schedules robfig/cron accepts and {@link CronSchedule} refuses on purpose (its Javadoc says
     * why), as the case file writes them. Every other schedule gets robfig's verdict.
     */
    static final Map<String, String> STRICTER_THAN_ROBFIG = Map.ofEntries(
            Map.entry("0\\n2 * * *", "a line break"),
            Map.entry("0\\u00a02 * * *", "a no-break space"),
            Map.entry("0\\u20032 * * *", "an em space"),
            Map.entry("0\\u30002 * * *", "an ideographic space"),
            Map.entry("CRON_TZ=UTC 0 2 * * *", "a time zone"),
            Map.entry("TZ=Europe/Berlin 0 2 * * *", "a time zone"),
            Map.entry("*-5 2 * * *", "a range robfig ignores"),
            Map.entry("0 2 1,,15 * *", "an empty list item"),
            Map.entry("0 2 ,1 * *", "an empty list item"),
            Map.entry("0 2 , * *", "an empty list item"),
            Map.entry("0 2 *, * *", "an empty list item"));

    static Stream<Arguments> robfigCron() throws IOException {
        return Fixtures.tsv("/rules/robfig-cron.tsv").stream().map(r -> Arguments.of(r.get(0), r.get(1)));
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @MethodSource("robfigCron")
    void schedulesAreReadAsRobfigCronReadsThem(String written, String robfig) {
        var schedule = Fixtures.ruleText(written);
        var ours = CronSchedule.check(schedule);
        if (robfig.startsWith("ERROR")) {
            assertThat(ours).as("robfig refuses it").isPresent();
        } else if (STRICTER_THAN_ROBFIG.containsKey(written)) {
            assertThat(ours).as("refused on purpose: " + STRICTER_THAN_ROBFIG.get(written)).isPresent();
        } else {
            assertThat(ours).as("robfig accepts it").isEmpty();
            var intervals = CronSchedule.intervals(schedule);
            if (robfig.equals("never") || robfig.equals("once")) {
                assertThat(intervals).isEmpty();
            } else {
                var seconds = robfig.split("[ =]");
                assertThat(intervals).contains(new CronSchedule.Intervals(Duration.ofSeconds(Long.parseLong(seconds[1])),
                        Duration.ofSeconds(Long.parseLong(seconds[3]))));
            }
        }
    }

    static Stream<Arguments> goDurations() throws IOException {
        return Fixtures.tsv("/rules/go-durations.tsv").stream().map(r -> Arguments.of(r.get(0), r.get(1)));
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @MethodSource("goDurations")
    void durationsAreReadAsGoReadsThem(String written, String go) {
        var text = Fixtures.ruleText(written);
        var ours = GoDuration.parse(text);
        if (go.startsWith("ERROR")) {
            assertThat(ours).as("Go refuses it").isEmpty();
            assertThat(GoDuration.check(text)).isPresent();
        } else {
            assertThat(ours).as("Go reads it").hasValue(Long.parseLong(go));
            assertThat(GoDuration.check(text).isEmpty()).as("accepted when positive and short")
                    .isEqualTo(Long.parseLong(go) > 0 && text.length() <= GoDuration.MAX_CHARACTERS);
        }
    }

    static final Map<String, Function<String, Optional<String>>> NAME_CHECKS = Map.of(
            "dns1123Label", KubernetesNames::checkDns1123Label,
            "dns1123Subdomain", KubernetesNames::checkDns1123Subdomain,
            "labelKey", KubernetesNames::checkLabelKey,
            "labelValue", KubernetesNames::checkLabelValue,
            "helmReleaseName", KubernetesNames::checkHelmReleaseName);

    static Stream<Arguments> kubernetesNames() throws IOException {
        return Fixtures.tsv("/rules/kubernetes-names.tsv").stream()
                .map(r -> Arguments.of(r.get(0), r.get(1), r.get(2)));
    }

    @ParameterizedTest(name = "{0} [{1}] -> {2}")
    @MethodSource("kubernetesNames")
    void namesAreJudgedAsKubernetesAndHelmJudgeThem(String check, String written, String verdict) {
        var ours = NAME_CHECKS.get(check).apply(Fixtures.ruleText(written));

        assertThat(ours.isEmpty()).as(verdict).isEqualTo(verdict.equals("ok"));
    }
}
