package spacesbackupidentity.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import spacesbackupidentity.Fixtures;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Map;
import java.util.stream.Stream;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Values files read as Helm 3 reads them. Every expected value in
 * {@code config/helm-values-scalars.tsv} and {@code config/helm-values-documents.tsv} was measured,
 * not written by hand: tools/helm-values runs Helm's own {@code chartutil.ReadValues} (helm.sh/helm/v3
 * v3.20.2 as a module dependency, checked to agree with v3.18.6; pkg/chartutil/values.go
 * {@code yaml.Unmarshal(data, &vals)}) on sigs.k8s.io/yaml
 * v1.6.0 (yaml.go lines 156-179 {@code yamlToJSONTarget}: yaml.v2 into {@code interface{}}, then
 * lines 181-358 {@code convertToJSONableObject}, whose lines 212-248 make map keys strings, ints
 * with Itoa, floats with {@code FormatFloat(k, 'g', -1, 32)}, anything but string, int, int64,
 * float64 and bool an error; then {@code json.Marshal}, which refuses NaN and infinities) and
 * go.yaml.in/yaml/v2 v2.4.3 (v1.5.0 and v2.4.2 under v3.18.6), whose resolve.go and decode.go are gopkg.in/yaml.v2 v2.4.0's: resolve.go
 * lines 20-57 (first-byte hints and the literal table: {@code y}, {@code on} are true),
 * 84 ({@code yamlStyleFloat}), 86-197 ({@code resolve}: no base 60, underscores dropped,
 * {@code strconv.ParseInt(s, 0, 64)}, then uint64, then float, then the legacy {@code 0b} forms),
 * 224-258 (timestamps); decode.go lines 411-484 ({@code scalar}: a timestamp into
 * {@code interface{}} stays a string), 623-683 ({@code mapping}, a later key replacing an earlier
 * one; a list or map key fails) and 786-815 ({@code merge}, lists merged last to first;
 * {@code isMerge}). tools/check-fixtures rebuilds both tables in CI and fails on any difference.
 */
class HelmYamlTest {
    /**
     * Helm accepts these, and this reader refuses them on purpose: Helm would silently pick one of
     * two readings (a duplicate key, a key a later merge overrides, documents after the first), or
     * turn the text into a value by rules of its own (!!timestamp, !!binary).
     */
    static final Map<String, String> REFUSED_ON_PURPOSE = Map.ofEntries(
            entry("a: 1\\n---\\nb: 2\\n", "holds more than one YAML document (another starts on line 3); Helm"
                    + " reads only the first, so give each its own file"),
            entry("a: 1\\n---\\n[\\n", "not valid YAML (line 4, column 1)"),
            entry("a: 1\\na: 2\\n", "the same key twice in one mapping (line 1, column 1) and (line 2, column 1);"
                    + " Helm keeps the last, so remove one"),
            entry("1: x\\n01: y\\n", "the same key twice in one mapping"),
            entry("yes: a\\non: b\\n", "the same key twice in one mapping"),
            entry("-0.0: a\\n0.0: b\\n", "the same key twice in one mapping"),
            entry("0.0: a\\n-0.0: b\\n", "the same key twice in one mapping"),
            entry("base: &b {a: 1, c: 3}\\nx:\\n  a: 2\\n  <<: *b\\n", "a key (line 3, column 3) is set again by a merge"
                    + " key (<<) that comes after it; Helm lets the merge win where YAML's merge-key rules keep the key,"
                    + " so move the key below the <<"),
            entry("z: &z {k: 7}\\nm: &m {k: 1, <<: *z}\\nx:\\n  <<: *m\\n", "is set again by a merge key (<<)"),
            entry("z: &z {k: 7}\\nm: &m {<<: *z}\\nx:\\n  k: 1\\n  <<: *m\\n", "is set again by a merge key (<<)"),
            entry("a: &a {k: 1}\\nb: &b {k: 2}\\nx:\\n  <<: *a\\n  <<: *b\\n", "a second merge key (<<) (line 5, column 3)"
                    + " in the mapping whose first is (line 4, column 3); merge a list instead, as <<: [*a, *b]"),
            entry("a: !!binary gA==\\n", "a value tagged !!binary (line 1, column 4): Helm turns it into text by rules"
                    + " of its own; write the text without the tag"),
            entry("!!timestamp 2001-01-01", "tagged !!timestamp"),
            entry("!!binary aGk=", "tagged !!binary"),
            entry("!!binary gA==", "tagged !!binary"));

    static Stream<Arguments> scalars() throws IOException {
        return Fixtures.tsv("/config/helm-values-scalars.tsv").stream().map(r -> Arguments.of(r.get(0), r.get(1), r.get(2),
                r.get(3)));
    }

    static Stream<Arguments> documents() throws IOException {
        return Fixtures.tsv("/config/helm-values-documents.tsv").stream().map(r -> Arguments.of(r.get(0), r.get(1)));
    }

    /** The Java type this reader gives for each Go type yaml.v2 decodes a scalar to. */
    static final Map<String, Class<?>> JAVA_TYPE = Map.of("int", Long.class, "uint64", BigInteger.class,
            "float64", Double.class, "string", String.class, "bool", Boolean.class);

    /** What this reader says where Helm says {@code helmError}. */
    static String expectedMessage(String helmError) {
        if (helmError.contains("json: unsupported value")) {
            return "which Helm values (JSON) cannot carry";
        }
        if (helmError.contains("unsupported map key of type: %!s(<nil>)")) {
            return "is null, which Helm refuses; quote it or remove it";
        }
        if (helmError.contains("unsupported map key of type: uint64")) {
            return "is an integer above 9223372036854775807, which Helm refuses as a key; quote it";
        }
        if (helmError.contains("invalid map key: []")) {
            return "is a list, which Helm refuses";
        }
        if (helmError.contains("invalid map key: map")) {
            return "is a mapping, which Helm refuses";
        }
        if (helmError.contains("map merge requires map or sequence of maps")) {
            return "a merge key (<<) takes a mapping or a list of mappings";
        }
        if (helmError.contains("as a !!timestamp")) {
            return "tagged !!timestamp";
        }
        if (helmError.contains("cannot decode")) {
            // Helm quotes the value; this reader names only the types.
            return helmError.substring(helmError.indexOf("cannot decode")).replaceFirst(" `[^`]*`", "");
        }
        if (helmError.contains("!!binary")) {
            return "tagged !!binary";
        }
        if (helmError.contains("value contains itself")) {
            return "an alias refers to a value that contains it";
        }
        return "not valid YAML";
    }

    @ParameterizedTest(name = "[{0}] is {1} {2}, as a key {3}")
    @MethodSource("scalars")
    void eachScalarReadsAsHelmReadsIt(String written, String goType, String value, String key) {
        var text = Fixtures.helmText(written);
        var asValue = "v: " + text + "\n";
        var asKey = text + ": x\n";
        if (REFUSED_ON_PURPOSE.containsKey(written)) {
            assertThatThrownBy(() -> HelmYaml.parse(asValue)).hasMessageContaining(REFUSED_ON_PURPOSE.get(written));
            assertThatThrownBy(() -> HelmYaml.parse(asKey)).hasMessageContaining(REFUSED_ON_PURPOSE.get(written));
            return;
        }
        if (value.startsWith("ERROR")) {
            assertThatThrownBy(() -> HelmYaml.parse(asValue)).isInstanceOf(HelmYaml.ValuesException.class)
                    .hasMessageContaining(expectedMessage(value));
        } else {
            var read = ((Map<?, ?>) HelmYaml.parse(asValue)).get("v");
            assertThat(GoValues.json(read)).isEqualTo(Fixtures.helmText(value));
            if (read == null) {
                assertThat(goType).isEqualTo("<nil>");
            } else {
                assertThat(read).isInstanceOf(JAVA_TYPE.get(goType));
            }
        }
        if (key.startsWith("ERROR")) {
            assertThatThrownBy(() -> HelmYaml.parse(asKey)).isInstanceOf(HelmYaml.ValuesException.class)
                    .hasMessageContaining(expectedMessage(key));
        } else {
            assertThat(GoValues.json(HelmYaml.parse(asKey))).isEqualTo("{" + Fixtures.helmText(key) + ":\"x\"}");
        }
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @MethodSource("documents")
    void eachFileReadsAsHelmReadsIt(String written, String helm) {
        var text = Fixtures.helmText(written);
        if (REFUSED_ON_PURPOSE.containsKey(written)) {
            assertThatThrownBy(() -> HelmYaml.parse(text)).isInstanceOf(HelmYaml.ValuesException.class)
                    .hasMessageContaining(REFUSED_ON_PURPOSE.get(written));
        } else if (helm.startsWith("RANDOM")) {
            assertThatThrownBy(() -> HelmYaml.parse(text)).isInstanceOf(HelmYaml.ValuesException.class)
                    .hasMessageContaining("that Helm turns into the same text (a number or boolean key becomes text);"
                            + " Helm keeps one of them at random, so remove one");
        } else if (helm.contains("into Go value of type chartutil.Values")) {
            // Helm wants a mapping at the top; SpacesSettings refuses anything else with its own message.
            assertThat(HelmYaml.parse(text)).isNotNull().isNotInstanceOf(Map.class);
        } else if (helm.startsWith("ERROR")) {
            assertThatThrownBy(() -> HelmYaml.parse(text)).isInstanceOf(HelmYaml.ValuesException.class)
                    .hasMessageContaining(expectedMessage(helm));
        } else {
            assertThat(GoValues.json(HelmYaml.parse(text))).isEqualTo(Fixtures.helmText(helm));
        }
    }

    @Test
    void everyDeliberateDifferenceIsARowOfTheMeasuredTables() throws IOException {
        var written = new ArrayList<String>();
        Fixtures.tsv("/config/helm-values-scalars.tsv").forEach(r -> written.add(r.get(0)));
        Fixtures.tsv("/config/helm-values-documents.tsv").forEach(r -> written.add(r.get(0)));

        assertThat(written).containsAll(REFUSED_ON_PURPOSE.keySet());
    }

    @Test
    void theTablesCoverWhatTheReviewNames() throws IOException {
        var written = Fixtures.tsv("/config/helm-values-scalars.tsv").stream().map(r -> r.get(0)).toList();

        assertThat(written).contains("12:30", "y", "Y", "n", "N", "on", "no", "1_000", "0o17", "0b101", "0755", "08",
                "+1", "1.", ".5", ".inf", ".nan", "~", "null", "", "2001-12-14", "<<", "1e3", "1e400",
                "18446744073709551615", "3.14159265358979");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "CANARY-7f3a: 1\nCANARY-7f3a: 2\n",
        "1: CANARY-7f3a\n\"1\": CANARY-7f3a\n",
        "? [CANARY-7f3a]\n: x\n",
        "a: !!int CANARY-7f3a\n",
        "a: !!binary CANARY-7f3a\n",
        "a: CANARY-7f3a\n---\nb: CANARY-7f3a\n",
        "a: [CANARY-7f3a\n",
        "b: &b {CANARY-7f3a: 1}\nx:\n  CANARY-7f3a: 2\n  <<: *b\n",
    })
    void noMessageQuotesTheFile(String text) {
        assertThatThrownBy(() -> HelmYaml.parse(text)).isInstanceOf(HelmYaml.ValuesException.class)
                .message().doesNotContain("CANARY");
    }

    @Test
    void keysAtEveryDepthAreHelmsStrings() {
        var read = HelmYaml.parse("a:\n  1: one\n  true: yes\n  0.5: half\n");

        assertThat(read).isEqualTo(Map.of("a", Map.of("1", "one", "true", true, "0.5", "half")));
    }

    @Test
    void limitsEndInOneMessage() {
        assertThatThrownBy(() -> HelmYaml.parse("a: " + "[".repeat(70) + "]".repeat(70) + "\n"))
                .hasMessage("nested deeper than 64 levels");
        assertThatThrownBy(() -> HelmYaml.parse("a: &a\n  b: *a\n"))
                .hasMessage("an alias refers to a value that contains it (line 1, column 4)");
        var wide = new StringBuilder("l0: &l0 [" + "x, ".repeat(99) + "x]\n");
        for (int i = 1; i <= 3; i++) {
            wide.append("l").append(i).append(": &l").append(i).append(" [").append(("*l" + (i - 1) + ", ").repeat(9))
                    .append("*l").append(i - 1).append("]\n");
        }
        assertThatThrownBy(() -> HelmYaml.parse(wide.toString()))
                .hasMessage("more than 100000 values once its aliases are expanded");
    }

    /** Each merge walks the merged mapping again, as yaml.v2 does: doubling merges stop at the bound, not in 2^24 steps. */
    @Test
    void mergesOfMergesStopAtTheBound() {
        var doubling = new StringBuilder("m0: &m0 {}\n");
        for (int i = 1; i <= 24; i++) {
            doubling.append("m").append(i).append(": &m").append(i).append(" {<<: [*m").append(i - 1).append(", *m")
                    .append(i - 1).append("]}\n");
        }

        assertThatThrownBy(() -> HelmYaml.parse(doubling.toString()))
                .hasMessage("more than 100000 values once its aliases are expanded");
    }
}
