package spacesbackupidentity.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import spacesbackupidentity.Fixtures;
import spacesbackupidentity.config.HelmYaml;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code render --only values} prints a file for {@code helm -f}: read back as Helm reads it
 * ({@link HelmYaml}, whose expected values were measured against yaml.v2 and sigs.k8s.io/yaml), it
 * holds the same values, strings that look like something else included.
 */
class HelmValuesFileTest {
    /** Every scalar of the measured Helm table, as the literal text of a string. */
    static List<String> scalarTexts() throws IOException {
        return Fixtures.tsv("/config/helm-values-scalars.tsv").stream().map(r -> Fixtures.helmText(r.get(0))).toList();
    }

    static Object roundTrip(Object values) {
        return HelmYaml.parse(HelmValuesFile.of(Render.shown(values)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"y", "Y", "n", "N", "yes", "on", "off", "no", "true", "0755", "08", "0o17", "1_000", "+1",
        "1e3", "1.", ".5", "~", "null", "", "<<", ".inf", ".nan", "18446744073709551615"})
    void aStringHelmWouldReadAsSomethingElseIsQuotedAndReadsBack(String text) {
        var yaml = HelmValuesFile.of(Map.of(text, text));

        assertThat(yaml).endsWith(": '" + text + "'\n");
        assertThat(HelmYaml.parse(yaml)).isEqualTo(Map.of(text, text));
    }

    /** As yaml.v2's encoder: strings it reads as strings, but other YAML 1.1 readers as numbers or dates. */
    @ParameterizedTest
    @ValueSource(strings = {"12:30", "-1:2:3.5", "190:20:30", "2001-12-14", "2001-12-14 21:59:43.10"})
    void baseSixtyAndDatesAreQuotedAsYamlV2QuotesThem(String text) {
        assertThat(HelmValuesFile.of(Map.of("k", text))).isEqualTo("k: '" + text + "'\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "12:30:00x", "20011-1", "yEs", "0x", "1e400", "1.2.3"})
    void aStringHelmReadsAsAStringStaysPlain(String text) {
        assertThat(HelmValuesFile.of(Map.of("k", text))).isEqualTo("k: " + text + "\n");
    }

    @Test
    void everyScalarOfTheHelmTableRoundTripsAsAStringKeyAndValue() throws IOException {
        var values = new LinkedHashMap<String, Object>();
        var list = new ArrayList<Object>();
        for (var text : scalarTexts()) {
            values.put(text, text);
            list.add(text);
        }
        values.put("list", list);

        assertThat(roundTrip(values)).isEqualTo(Render.shown(values));
    }

    @Test
    void typedValuesRoundTrip() {
        var values = new LinkedHashMap<String, Object>();
        values.put("int", 2);
        values.put("long", 9_007_199_254_740_993L);
        values.put("uint64", new BigInteger("18446744073709551615"));
        values.put("float", 0.1);
        values.put("big float", 1.0e20);
        values.put("tiny float", 4.9e-324);
        values.put("negative zero", -0.0);
        values.put("bool", false);
        values.put("null", null);
        values.put("nested", Map.of("on", List.of("off", 1.5, Map.of("y", "n"))));
        values.put("odd text", List.of(" leading", "trailing ", "a: b", "#x", "- a", "[x]", "{x}", "multi\nline",
                "tab\there", "quote'\"", "\u2028", "a\u2029b", "é😀", "\u0001", "\u0085", "x\u0085y\n", "\ufeff",
                "cr\r\n", "!tag", "&a", "*a", "%x", "@x", "`x", "|", ">", "? x", "a #b"));

        assertThat(roundTrip(values)).isEqualTo(Render.shown(values));
    }

    /** Seeded: strings made of the characters YAML gives meaning to, as keys and values. */
    @Test
    void randomStringsRoundTrip() {
        var random = new Random(20260722);
        var fragments = List.of("y", "n", "o", "N", "0", "1", "x", "b", "e", ":", " ", "#", "-", "+", "_", ".", "~",
                "<", "'", "\"", "!", "&", "*", "\n", "\t", "[", "{", ",", "?", "|", ">", "%", "@", "\\");
        for (int run = 0; run < 300; run++) {
            var values = new LinkedHashMap<String, Object>();
            for (int i = 0; i < 8; i++) {
                values.put(randomText(random, fragments), randomText(random, fragments));
            }

            assertThat(roundTrip(values)).as("run %d", run).isEqualTo(Render.shown(values));
        }
    }

    private static String randomText(Random random, List<String> fragments) {
        var text = new StringBuilder();
        for (int i = random.nextInt(7); i > 0; i--) {
            text.append(fragments.get(random.nextInt(fragments.size())));
        }
        return text.toString();
    }
}
