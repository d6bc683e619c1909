package spacesbackupidentity.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real-engine report from the runs file: its table and the issue-16 rule it applies. */
class RealEngineReportTest {
    private static final String SETUP = "date=2026-12-02\nworld=4420\nversions=Pulumi CLI 3.276.0\ncpu=2\n";
    private static final String BUILD_TIMES = "cold 1,884 s, warm 2 s";

    private static RealEngineBenchmarks.Measurement run(int controlPlanes, String runner, String operation, long wallMs,
                                                        int resources) {
        return RealEngineBenchmarks.Measurement.parse(controlPlanes + "\t" + runner + "\t0\t" + operation + "\t"
                + wallMs + "\t" + (wallMs - 300) + "\t" + resources + "\t8\t1.50\tprogram=100,pulumi CLI=900");
    }

    @Test
    void aSizeMeasuredByPreviewAloneShowsWhatThePreviewCounted() {
        var report = RealEngineBenchmarks.Report.of(List.of(
                run(100, "PROGRAM", "preview", 8_396, 310), run(100, "PROGRAM", "up", 46_957, 310),
                run(1000, "PROGRAM", "preview", 187_364, 3010), run(1000, "SDK", "preview", 200_000, 3010)), SETUP, BUILD_TIMES);

        assertThat(report).contains("| 100 | 310 | `preview` |", "| 100 | 310 | `up` |",
                "| 1,000 | 3,010 | `preview` | 187,364 ms | 200,000 ms | 0.94x |");
    }

    @Test
    void theProgramsRunnerStaysOnlyWhenItSavesATleastAFifthOfThePreviewAtOneThousand() {
        var saves25 = RealEngineBenchmarks.Report.of(List.of(run(1000, "PROGRAM", "preview", 150_000, 3010),
                run(1000, "SDK", "preview", 200_000, 3010)), SETUP, BUILD_TIMES);
        var saves10 = RealEngineBenchmarks.Report.of(List.of(run(1000, "PROGRAM", "preview", 180_000, 3010),
                run(1000, "SDK", "preview", 200_000, 3010)), SETUP, BUILD_TIMES);
        var noSdk = RealEngineBenchmarks.Report.of(List.of(run(1000, "PROGRAM", "preview", 180_000, 3010)), SETUP, BUILD_TIMES);

        assertThat(saves25).contains("it saves 25.0 %, so the program's runner stays the default under the engine");
        assertThat(saves10).contains("it saves 10.0 %, so the SDK's runner is the default under the engine");
        assertThat(noSdk).contains("No `preview` at 1,000 control planes in this run: no decision.");
    }

    @Test
    void theBuildTimesAreQuotedFromTheRealTiersReadmeAndOnlyItsTimesSection() {
        var readme = "# Real tier\n\n## Checks\n\nchecked\n\n## Times (2 cores; measured 2026-12-02)\n\n"
                + "| binary | cold |\n|---|---:|\n| pulumi | 344 s |\n\nWarm rerun: **0.6 s**.\n\n## Versions and why\n\npins\n";

        var times = RealEngineBenchmarks.buildTimes(readme);
        var report = RealEngineBenchmarks.Report.of(List.of(run(1, "PROGRAM", "preview", 4_000, 10)), SETUP, times);

        assertThat(times).isEqualTo("From tools/real-tier/README.md, Times (2 cores; measured 2026-12-02):\n\n"
                + "| binary | cold |\n|---|---:|\n| pulumi | 344 s |\n\nWarm rerun: **0.6 s**.");
        assertThat(report).contains("### Building the real tier\n\n" + times + "\n");
        assertThatThrownBy(() -> RealEngineBenchmarks.buildTimes("# Real tier\n\n## Checks\n"))
                .hasMessage("tools/real-tier/README.md has no \"## Times\" section to quote");
    }
}
