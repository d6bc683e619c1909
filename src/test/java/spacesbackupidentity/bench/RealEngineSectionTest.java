package spacesbackupidentity.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** BENCHMARKS.md has two writers: each replaces its own part and keeps the other's. */
class RealEngineSectionTest {
    private static final String SECTION = RealEngineBenchmarks.BEGIN + "\n## 6. Under the real engine\n\nnew\n"
            + RealEngineBenchmarks.END;

    @Test
    void theSectionIsAddedAfterTheOfflineBenchmarks() {
        assertThat(RealEngineBenchmarks.withSection("# Benchmarks\n\n## 5. Change impact\n", SECTION))
                .isEqualTo("# Benchmarks\n\n## 5. Change impact\n\n" + SECTION + "\n");
    }

    @Test
    void anOlderSectionIsReplacedAndWhatFollowsItKept() {
        var file = "# Benchmarks\n\n" + RealEngineBenchmarks.BEGIN + "\nold\n" + RealEngineBenchmarks.END + "\n\ntail\n";

        assertThat(RealEngineBenchmarks.withSection(file, SECTION)).isEqualTo("# Benchmarks\n\n" + SECTION + "\n\ntail\n");
    }

    @Test
    void theOfflineBenchmarksKeepTheSectionTheyFind() {
        var written = RealEngineBenchmarks.withSection("# Benchmarks\n\nold offline figures\n", SECTION);

        var kept = RealEngineBenchmarks.section(written);

        assertThat(kept).isEqualTo(SECTION);
        assertThat(RealEngineBenchmarks.withSection("# Benchmarks\n\nnew offline figures\n", kept))
                .isEqualTo("# Benchmarks\n\nnew offline figures\n\n" + SECTION + "\n");
        assertThat(RealEngineBenchmarks.section("# Benchmarks\n")).isEmpty();
    }
}
