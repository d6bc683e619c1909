package spacesbackupidentity.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link PulumiYaml} on its own. The expected messages are yaml.v3 v3.0.1's when decoding into
 * {@code interface{}}; those a stack file can reach (duplicate keys, unknown and recursive anchors,
 * excessive aliasing) are also in config/pulumi-stack-cases.tsv, as Pulumi's own code reports them.
 */
class PulumiYamlTest {
    /** One flat mapping of {@code count} keys, {@code k0000000: 0} on, as a 4 MiB stack file can hold. */
    static String wideMapping(int count) {
        var text = new StringBuilder(count * 12);
        for (int i = 0; i < count; i++) {
            text.append(String.format("k%07d: %d\n", i, i));
        }
        return text.toString();
    }

    /** Every pair of keys used to be compared: 300,000 keys took hours. */
    @Test
    void aWideMappingParses() {
        var parsed = PulumiYaml.parse(wideMapping(300_000));

        assertThat(parsed).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).hasSize(300_000)
                .containsEntry("k0000000", 0L).containsEntry("k0299999", 299_999L);
    }

    @Test
    void aDuplicateAtTheEndOfAWideMappingIsFound() {
        var text = wideMapping(300_000) + "k0299999: again\n";

        assertThatThrownBy(() -> PulumiYaml.parse(text)).isInstanceOf(PulumiYaml.YamlException.class)
                .hasMessage("line 300001: mapping key \"k0299999\" already defined at line 300000");
    }

    /** yaml.v3 reports every pair, first by the earlier key; its first line is the one reported. */
    @Test
    void ofSeveralDuplicatesTheOneWhoseFirstKeyComesFirstIsReported() {
        assertThatThrownBy(() -> PulumiYaml.parse("a: 1\nb: 2\nb: 3\na: 4\n"))
                .hasMessage("line 4: mapping key \"a\" already defined at line 1");
        assertThatThrownBy(() -> PulumiYaml.parse("a: 1\na: 2\na: 3\n"))
                .hasMessage("line 2: mapping key \"a\" already defined at line 1");
    }

    /**
     * yaml.v3 compares keys by kind and text before following aliases, so {@code *a} and the {@code x} it
     * names are two keys; decoding then sets x twice and the later value wins. (A space before the colon:
     * YAML 1.2, and so SnakeYAML Engine, reads {@code *a:} as an alias named {@code a:}.)
     */
    @Test
    void anAliasKeyIsNotTheScalarItNames() {
        assertThat(PulumiYaml.parse("x: &a x\no: {x: 1, *a : 2}\n")).isEqualTo(Map.of("x", "x", "o", Map.of("x", 2L)));
        assertThat(PulumiYaml.parse("o:\n  &a x: 1\n  *a : 2\n")).isEqualTo(Map.of("o", Map.of("x", 2L)));
        assertThatThrownBy(() -> PulumiYaml.parse("o: {&a x: 1, *a : 2, *a : 3}\n"))
                .hasMessage("line 1: mapping key \"a\" already defined at line 1");
    }

    @Test
    void twoCollectionsAsKeysAreTheSameKeyToYamlV3() {
        assertThatThrownBy(() -> PulumiYaml.parse("o: {? [1]: 1, ? [2]: 2}\n"))
                .hasMessage("line 1: mapping key \"\" already defined at line 1");
    }

    /** Go's StdEncoding: only line breaks are skipped, padding is required; yaml.v3's answers for each. */
    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', value = {
            "!!binary YWJj | abc",
            "!!binary \"YQ==\" | a",
            "!!binary \"YR==\" | a",
            "!!binary \"YQ=\\r\\n=\" | a",
            "!!binary \"YQ==\\n\" | a",
            "!!binary \"\" | ''",
            "!!binary \"YW Jj\" | ",
            "!!binary \"Y\\tQ==\" | ",
            "!!binary \"YQ\" | ",
            "!!binary \"YQ=\" | ",
            "!!binary \"YQ==YQ==\" | ",
            "!!binary \"YQ#=\" | "})
    void binaryIsDecodedAsGoDecodesBase64(String written, String decoded) {
        var yaml = "b: " + written + "\n";
        if (decoded == null) {
            assertThatThrownBy(() -> PulumiYaml.parse(yaml))
                    .hasMessage("line 1: !!binary value contains invalid base64 data");
        } else {
            assertThat(PulumiYaml.parse(yaml)).isEqualTo(Map.of("b", decoded));
        }
    }

    @Test
    void aBinaryBlockMayBreakLines() {
        assertThat(PulumiYaml.parse("b: !!binary |\n  YW\n  Jj\n")).isEqualTo(Map.of("b", "abc"));
    }

    @Test
    void keysAreComparedByTheirTextAtEveryDepth() {
        assertThat(PulumiYaml.parse("a: {x: 1}\nb: {x: 2}\n")).isEqualTo(Map.of("a", Map.of("x", 1L), "b",
                Map.of("x", 2L)));
        assertThatThrownBy(() -> PulumiYaml.parse("a:\n  - {x: 1, 'x': 2}\n"))
                .hasMessage("line 2: mapping key \"x\" already defined at line 2");
    }
}
