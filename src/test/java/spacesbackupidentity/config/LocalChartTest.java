package spacesbackupidentity.config;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import spacesbackupidentity.Fixtures;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What Helm's loader may be given as a local chart, message by message (charts from {@link Fixtures#hostileCharts}). */
class LocalChartTest {
    static Path charts;

    @BeforeAll
    static void charts(@TempDir Path dir) throws IOException, InterruptedException {
        charts = dir.resolve("charts");
        Fixtures.hostileCharts(charts);
    }

    @Test
    void aChartDirectoryAnArchiveAndALinkToADirectoryInTheProjectMayBeLoaded() {
        for (var chart : Fixtures.GOOD_CHARTS) {
            assertThat(LocalChart.problem(charts.resolve(chart))).as(chart).isEmpty();
        }
    }

    private static final String LINK = ", a symbolic link; Helm's chart loader follows links and would put the file it"
            + " leads to into the release it sends to the cluster, so a chart directory may hold only regular files and"
            + " directories: put the file itself there";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            link-out            | holds 'templates/creds.yaml'LINK
            link-in             | holds 'files/values.yaml'LINK
            link-to-a-directory | holds 'files/etc'LINK
            link-to-the-parent  | holds 'files/up'LINK
            chart-yaml-link     | holds 'Chart.yaml'LINK
            fifo                | holds 'templates/fifo.yaml', which is not a regular file (a FIFO, socket or device); Helm's loader would wait on it or fail
            helmignore-fifo     | holds '.helmignore', which is not a regular file (a FIFO, socket or device); Helm's loader would wait on it or fail
            socket              | holds 'templates/s.sock', which is not a regular file (a FIFO, socket or device); Helm's loader would wait on it or fail
            big-file            | holds 'files/big' of 5242880 bytes, over the limit of 4194304 bytes for a file
            many-files          | holds more than 5000 files and directories; a chart has far fewer
            many-bytes          | holds more than 33554432 bytes of files in all; a chart has far fewer
            no-chart-yaml       | is a directory without Chart.yaml, so not a chart; expected a chart directory (helm pull --untar writes one) or a .tgz archive
            fifo.tgz            | is not a directory or a regular file (a FIFO, socket or device); Helm's loader would wait on it or fail. Expected a chart directory or a .tgz archive
            big.tgz             | is 5242880 bytes, over the limit of 4194304 bytes for a chart archive
            chart.zip           | is a file but not a chart archive; expected a chart directory or a .tgz archive such as charts/spaces-1.14.1.tgz (helm pull writes one)
            """)
    void eachWayAChartMayNotBeIsSaid(String chart, String problem) {
        assertThat(LocalChart.problem(charts.resolve(chart))).contains(problem.replace("LINK", LINK));
    }

    @Test
    void directoriesNestedTooDeepAreSaidWithWhereTheyStop() {
        assertThat(LocalChart.problem(charts.resolve("deep"))).contains("nests directories deeper than 32 levels (at '"
                + "d/".repeat(31) + "d')");
    }
}
