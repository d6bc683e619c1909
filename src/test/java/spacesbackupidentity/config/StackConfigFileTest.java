package spacesbackupidentity.config;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import spacesbackupidentity.Fixtures;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A stack file read as the Pulumi CLI reads it, value by value. Every expected value in
 * {@code config/pulumi-yaml-v3-table.tsv} and {@code config/pulumi-stack-cases.tsv} (the key, secure,
 * alias, default and type cases below, as whole project and stack files) was produced by
 * tools/pulumi-handoff with Pulumi's own code as a module dependency (pulumi/pulumi pkg/v3 and sdk/v3
 * v3.276.0: {@code LoadProjectBytes}, {@code LoadProjectStackBytes},
 * {@code ValidateStackConfigAndApplyProjectConfig}, {@code config.Map.Decrypt}); tools/check-fixtures
 * regenerates both in CI. Pulumi reads YAML with gopkg.in/yaml.v3 v3.0.1: its resolve.go (lines
 * 52-59 the literal table, 180-259 numbers and timestamps), decode.go (407 nulls, 455-491 alias
 * limits, 775 duplicate keys) and Go's encoding/json (sorted keys, HTML escapes, float format).
 */
class StackConfigFileTest {
    static final ProjectFile PROJECT = ProjectFile.parse("name: myproj\nruntime: java\n");

    static Map<String, String> handOff(String stackYaml) {
        return StackConfigFile.parse("Pulumi.test.yaml", stackYaml, PROJECT, "test").values();
    }

    /**
     * Columns as written: the table's one escape, a tab as \t, occurs in no row, and undoing it would
     * also turn the JSON columns' own \t escapes into tabs.
     */
    static Stream<Arguments> pulumiTable() throws IOException {
        return Fixtures.tsv("/config/pulumi-yaml-v3-table.tsv").stream()
                .map(r -> Arguments.of(r.get(0), r.get(1), r.get(2)));
    }

    @ParameterizedTest(name = "[{0}] -> [{1}], nested [{2}]")
    @MethodSource("pulumiTable")
    void eachValueReachesTheProgramAsPulumiHandsItOver(String written, String top, String nested) {
        var topYaml = "config:\n  myproj:k: " + written + "\n";
        var nestedYaml = "config:\n  myproj:o:\n    v: " + written + "\n";
        if (top.startsWith("ERROR")) {
            var reason = top.substring(top.indexOf("unsupported value"));
            assertThatThrownBy(() -> handOff(topYaml)).isInstanceOf(ConfigFileException.class)
                    .hasMessageContaining(reason);
            assertThatThrownBy(() -> handOff(nestedYaml)).isInstanceOf(ConfigFileException.class)
                    .hasMessageContaining(reason);
            return;
        }
        assertThat(handOff(topYaml)).containsEntry("myproj:k", top);
        assertThat(handOff(nestedYaml)).containsEntry("myproj:o", nested);
    }

    static Stream<Arguments> pulumiCases() throws IOException {
        return Fixtures.tsv("/config/pulumi-stack-cases.tsv").stream()
                .map(r -> Arguments.of(r.get(0), r.get(1), r.get(2)));
    }

    /**
     * Whole project and stack files: where Pulumi hands a value over, the same value (a secret's
     * by its key only: Pulumi's stand-in decrypter and the render's differ); where it refuses the
     * files or picks at random among Go map orders, a refusal.
     */
    @ParameterizedTest(name = "{0} | {1}")
    @MethodSource("pulumiCases")
    void eachCaseIsHandedOverAsPulumiHandsItOver(String projectText, String stackText, String pulumi) {
        ThrowingCallable read = () -> StackConfigFile.parse("Pulumi.test.yaml", Fixtures.helmText(stackText),
                projectText.equals("-") ? PROJECT : ProjectFile.parse(Fixtures.helmText(projectText)), "test");
        if (pulumi.startsWith("ERROR") || pulumi.startsWith("RANDOM")) {
            assertThatThrownBy(read).isInstanceOf(ConfigFileException.class);
            return;
        }
        @SuppressWarnings("unchecked")
        var expected = (Map<String, Object>) new com.google.gson.Gson().fromJson(pulumi, Map.class);
        @SuppressWarnings("unchecked")
        var values = (Map<String, String>) expected.get("config");
        @SuppressWarnings("unchecked")
        var secretKeys = (List<String>) expected.get("secretKeys");
        var ours = StackConfigFile.parse("Pulumi.test.yaml", Fixtures.helmText(stackText),
                projectText.equals("-") ? PROJECT : ProjectFile.parse(Fixtures.helmText(projectText)), "test");

        assertThat(ours.values().keySet()).isEqualTo(values.keySet());
        assertThat(ours.secretKeys()).containsExactlyInAnyOrderElementsOf(secretKeys);
        values.forEach((key, value) -> {
            if (!secretKeys.contains(key)) {
                assertThat(ours.values().get(key)).as(key).isEqualTo(value);
            }
        });
    }

    @Test
    void theTableCoversWhatTheIssueNames() throws IOException {
        var written = pulumiTable().map(a -> (String) a.get()[0]).toList();

        assertThat(written).contains("true", "True", "TRUE", "false", "FALSE", "on", "ON", "off", "yes", "no", "NO",
                "12:30", "0755", "0x1F", "1.0", "1e3", "~", "null", "", "'on'", "\"0755\"", "'1.0'", "'~'");
    }

    @Test
    void bareKeysTakeTheProjectsNamespaceAndLegacyConfigKeysLoseTheirs() {
        assertThat(handOff("config:\n  controlPlanes: 3\n")).containsEntry("myproj:controlPlanes", "3");
        assertThat(handOff("config:\n  myproj:config:foo: x\n")).containsEntry("myproj:foo", "x");
        assertThat(handOff("config:\n  aws:region: us-east-1\n")).containsEntry("aws:region", "us-east-1");
    }

    /** Pulumi keeps one of the two at random (it ranges over a Go map): one winner in 315, the other in 45 runs. */
    @Test
    void aKeyGivenTwiceUnderTwoSpellingsIsRefusedInsteadOfPickedAtRandom() {
        assertThatThrownBy(() -> handOff("config:\n  controlPlanes: bare\n  myproj:controlPlanes: namespaced\n"))
                .isInstanceOf(ConfigFileException.class)
                .hasMessage("Pulumi.test.yaml: both 'controlPlanes' and 'myproj:controlPlanes' set myproj:controlPlanes;"
                        + " Pulumi keeps one of them at random (it ranges over a Go map), so keep one");
        assertThatThrownBy(() -> handOff("config:\n  myproj:config:foo: legacy\n  myproj:foo: plain\n"))
                .hasMessageContaining("both 'myproj:config:foo' and 'myproj:foo' set myproj:foo");
    }

    @Test
    void keysOfOtherShapesAreRefusedAsPulumiRefusesThem() {
        assertThatThrownBy(() -> handOff("config:\n  myproj:a:b: x\n")).hasMessage("Pulumi.test.yaml: invalid YAML"
                + " file: could not parse myproj:a:b as a configuration key (configuration keys should be of the form"
                + " `<namespace>:<name>`)");
        assertThatThrownBy(() -> handOff("config:\n  a:b:c:d: x\n")).hasMessageContaining("could not parse a:b:c:d");
        assertThatThrownBy(() -> handOff("config:\n  80: x\n")).hasMessageContaining("could not parse 80");
    }

    @Test
    void duplicateKeysAreRefusedByTheirText() {
        assertThatThrownBy(() -> handOff("config:\n  a: 1\n  a: 2\n"))
                .hasMessageContaining("line 3: mapping key \"a\" already defined at line 2");
        assertThatThrownBy(() -> handOff("config:\n  a: 1\n  \"a\": 2\n"))
                .hasMessageContaining("line 3: mapping key \"a\" already defined at line 2");
        assertThatThrownBy(() -> handOff("config:\n  o:\n    x: 1\n    x: 2\n"))
                .hasMessageContaining("line 4: mapping key \"x\" already defined at line 3");
    }

    @Test
    void objectsBecomeJsonWithSortedKeysAndStringKeys() {
        assertThat(handOff("config:\n  o:\n    80: http\n    true: t\n    1.0: f\n"))
                .containsEntry("myproj:o", "{\"1\":\"f\",\"80\":\"http\",\"true\":\"t\"}");
        assertThat(handOff("config:\n  o:\n    zeta: 1\n    alpha: 2\n    Mid: 3\n    list: [3, 1, 2]\n"))
                .containsEntry("myproj:o", "{\"Mid\":3,\"alpha\":2,\"list\":[3,1,2],\"zeta\":1}");
    }

    @Test
    void aSecureValueAnywhereMakesItsTopLevelKeySecretAndIsNeverDecrypted() {
        var config = StackConfigFile.parse("Pulumi.test.yaml", """
                config:
                  myproj:pw:
                    secure: CT1
                  myproj:cp:
                    name: x
                    inner:
                      token:
                        secure: CT2
                    list: [1, {secure: CT3}]
                  myproj:o:
                    secure: CT4
                    other: 1
                  myproj:n:
                    secure: 12
                """, PROJECT, "test");

        assertThat(config.values()).containsEntry("myproj:pw", "unmasked:myproj:pw")
                .containsEntry("myproj:cp", "{\"inner\":{\"token\":\"unmasked:myproj:cp.inner.token\"},"
                        + "\"list\":[1,\"unmasked:myproj:cp.list[1]\"],\"name\":\"x\"}")
                .containsEntry("myproj:o", "{\"other\":1,\"secure\":\"CT4\"}")
                .containsEntry("myproj:n", "{\"secure\":12}");
        assertThat(config.secretKeys()).containsExactly("myproj:cp", "myproj:pw");
        assertThat(config.values().values()).noneMatch(v -> v.contains("CT1") || v.contains("CT2") || v.contains("CT3"));
    }

    @Test
    void aliasesExpandAndTheirAbuseIsRefused() {
        assertThat(handOff("x: &a {k: 1}\nconfig:\n  myproj:o: *a\n")).containsEntry("myproj:o", "{\"k\":1}");
        assertThatThrownBy(() -> handOff("config:\n  myproj:o: *zz\n")).hasMessageContaining("unknown anchor 'zz'");
        assertThatThrownBy(() -> handOff("config:\n  myproj:o: &a [1, *a]\n"))
                .hasMessageContaining("anchor 'a' value contains itself");
        var laughs = new StringBuilder("a0: &a0 [x,x,x,x,x,x,x,x,x,x]\n");
        for (int i = 1; i < 9; i++) {
            laughs.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                laughs.append(j > 0 ? "," : "").append("*a").append(i - 1);
            }
            laughs.append("]\n");
        }
        laughs.append("config:\n  myproj:o: *a8\n");
        assertThatThrownBy(() -> handOff(laughs.toString())).hasMessageContaining("document contains excessive aliasing");
    }

    @Test
    void mergeKeysMergeAsInYamlV3() {
        assertThat(handOff("base: &b {a: 1, b: 2}\nconfig:\n  myproj:o:\n    <<: *b\n    b: 3\n"))
                .containsEntry("myproj:o", "{\"a\":1,\"b\":3}");
    }

    /**
     * pulumi/pulumi pkg/workspace/config.go mergeConfig and createConfigValue; config/pulumi-stack-cases.tsv
     * holds Pulumi's own result for the same files.
     */
    @Test
    void projectDefaultsFillAbsentKeysAsPulumiWritesThem() {
        var project = ProjectFile.parse("""
                name: myproj
                runtime: java
                config:
                  s: {default: on}
                  t: {default: True}
                  o: {default: 0755}
                  f: {default: 1.0}
                  h: {default: 1.5}
                  b: {default: 9223372036854775808}
                  d: {default: 2026-01-02}
                  l: {default: [1, 1.5, on]}
                  m: {default: {b: 1, a: [x], c: 1.0}}
                  e: {default: {b: 1, a: a<b}}
                  given: {default: x}
                """);
        var values = StackConfigFile.parse("Pulumi.test.yaml", "config:\n  myproj:given: y\n", project, "test").values();

        assertThat(values).containsEntry("myproj:s", "on").containsEntry("myproj:t", "true")
                .containsEntry("myproj:o", "493").containsEntry("myproj:f", "1").containsEntry("myproj:h", "1.5")
                .containsEntry("myproj:b", "9223372036854776000").containsEntry("myproj:d", "2026-01-02T00:00:00Z")
                .containsEntry("myproj:l", "[1,1.5,\"on\"]").containsEntry("myproj:m", "{\"a\":[\"x\"],\"b\":1,\"c\":1}")
                .containsEntry("myproj:e", "{\"a\":\"a\\u003cb\",\"b\":1}").containsEntry("myproj:given", "y");
    }

    /** pulumi/pulumi pkg/workspace/config.go: missingStackConfigurationKeysError and validateStackConfigValue. */
    @Test
    void missingRequiredKeysAndWrongTypesAreRefusedAsPulumiRefusesThem() {
        var project = ProjectFile.parse("""
                name: myproj
                runtime: java
                config:
                  needed: {description: required}
                  alsoNeeded: {type: string}
                  flag: {type: boolean, default: false}
                  count: {type: integer, default: 1}
                  name: {type: string, default: ""}
                """);
        assertThatThrownBy(() -> StackConfigFile.parse("Pulumi.test.yaml", "config: {}\n", project, "test"))
                .hasMessage("Pulumi.test.yaml: Stack 'test' is missing configuration values 'alsoNeeded' and 'needed';"
                        + " set them with `pulumi config set`");
        var base = "config:\n  myproj:needed: x\n  myproj:alsoNeeded: y\n";
        assertThatThrownBy(() -> StackConfigFile.parse("Pulumi.test.yaml", base + "  myproj:flag: on\n", project, "test"))
                .hasMessage("Pulumi.test.yaml: Stack 'test' with configuration key 'flag' must be of type 'boolean'");
        assertThatThrownBy(() -> StackConfigFile.parse("Pulumi.test.yaml", base + "  myproj:count: 1.5\n", project, "test"))
                .hasMessageContaining("configuration key 'count' must be of type 'integer'");
        assertThatThrownBy(() -> StackConfigFile.parse("Pulumi.test.yaml", base + "  myproj:name: {a: 1}\n", project,
                "test")).hasMessageContaining("configuration key 'name' must be of type 'string'");
        assertThat(StackConfigFile.parse("Pulumi.test.yaml", base + "  myproj:flag: True\n  myproj:name: 12\n",
                project, "test").values()).containsEntry("myproj:flag", "true").containsEntry("myproj:name", "12");
    }

    /** A key Pulumi.yaml declares secret is refused in plain text, in the Pulumi CLI's words. */
    @Test
    void aKeyTheProjectDeclaresSecretMustBeEncryptedInTheStackFile() {
        var project = ProjectFile.parse("name: myproj\nruntime: java\nconfig:\n  pw: {type: string, secret: true}\n");

        assertThatThrownBy(() -> StackConfigFile.parse("Pulumi.test.yaml", "config:\n  myproj:pw: hunter2\n", project,
                "test")).isInstanceOf(ConfigFileException.class)
                .hasMessage("Pulumi.test.yaml: Stack 'test' with configuration key 'pw' must be encrypted as it's secret");
        assertThat(StackConfigFile.parse("Pulumi.test.yaml", "config:\n  myproj:pw:\n    secure: CT1\n", project,
                "test").secretKeys()).containsExactly("myproj:pw");
    }

    /**
     * pulumi/pulumi sdk/go/common/workspace/project.go ValidateConfigValue, on the value as
     * validateStackConfigValue holds it: the text, or the decoded JSON of an object or list. So an
     * integer is whatever strconv.Atoi reads (19 digits, a sign, leading zeros; not 1.0 or 1_000),
     * a boolean only true/false (YAML's True is already true; the text 'True' is not), and a string
     * anything but an object or list, even text that looks like JSON.
     */
    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "{type: integer} | 12 | ok",
            "{type: integer} | 1.0 | ok",
            "{type: integer} | '+12' | ok",
            "{type: integer} | '007' | ok",
            "{type: integer} | '9223372036854775807' | ok",
            "{type: integer} | '9223372036854775808' | integer",
            "{type: integer} | 99999999999999999999 | integer",
            "{type: integer} | '1.0' | integer",
            "{type: integer} | '1_000' | integer",
            "{type: integer} | ' 1' | integer",
            "{type: integer} | '\u0661\u0662' | integer",
            "{type: integer} | 1.5 | integer",
            "{type: integer} | [1] | integer",
            "{type: boolean} | True | ok",
            "{type: boolean} | 'false' | ok",
            "{type: boolean} | 'True' | boolean",
            "{type: boolean} | 1 | boolean",
            "{type: boolean} | on | boolean",
            "{type: string} | 12 | ok",
            "{type: string} | '[1]' | ok",
            "{type: string} | '{a: 1}' | ok",
            "{type: string} | [1] | string",
            "{type: string} | {a: 1} | string",
            "{type: object} | {a: 1} | ok",
            "{type: object} | '{}' | object",
            "{type: object} | [1] | object",
            "{type: array, items: {type: integer}} | [1, 2.0, 3] | ok",
            "{type: array, items: {type: integer}} | [] | ok",
            "{type: array, items: {type: integer}} | [1.5] | array<integer>",
            "{type: array, items: {type: integer}} | [a] | array<integer>",
            "{type: array, items: {type: integer}} | '[1]' | array<integer>",
            "{type: array, items: {type: string}} | [a, 1] | array<string>",
            "{type: array, items: {type: boolean}} | [true, 'false'] | ok",
            "{type: array, items: {type: object}} | [{a: 1}, x] | array<object>",
            "{type: array, items: {type: array, items: {type: boolean}}} | [[true], [false]] | ok",
            "{type: array, items: {type: array, items: {type: boolean}}} | [[1]] | array<array<boolean>>"})
    void declaredTypesAreCheckedAsPulumiChecksThem(String declaration, String written, String verdict) {
        var project = ProjectFile.parse("name: myproj\nruntime: java\nconfig:\n  k: " + declaration + "\n");
        var stack = "config:\n  myproj:k: " + written + "\n";
        if (verdict.equals("ok")) {
            assertThat(StackConfigFile.parse("Pulumi.test.yaml", stack, project, "test").values()).containsKey("myproj:k");
        } else {
            assertThatThrownBy(() -> StackConfigFile.parse("Pulumi.test.yaml", stack, project, "test"))
                    .hasMessage("Pulumi.test.yaml: Stack 'test' with configuration key 'k' must be of type '" + verdict
                            + "'");
        }
    }

    /** Project defaults stored as JSON (floats, big integers) are checked decoded, as Pulumi checks them. */
    /** pulumi/pulumi's project loader (simplify) refuses a default whose map keys are not all strings. */
    @Test
    void aDefaultWithANonStringKeyIsAMessageNotABug() {
        var project = ProjectFile.parse("""
                name: myproj
                runtime: java
                config:
                  o: {default: {1: a}}
                """);
        assertThatThrownBy(() -> StackConfigFile.parse("Pulumi.test.yaml", "config: {}\n", project, "test"))
                .isInstanceOf(ConfigFileException.class)
                .hasMessage("Pulumi.yaml: config key 'o': expected only string keys, got '1'");
    }

    @Test
    void defaultsAreCheckedAsTheEngineStoresThem() {
        var project = """
                name: myproj
                runtime: java
                config:
                  big: {type: integer, default: 9223372036854775808}
                  huge: {type: integer, default: 1e20}
                  half: {type: string, default: 1.5}
                """;
        assertThatThrownBy(() -> ProjectFile.parse(project))
                .isInstanceOf(ConfigFileException.class)
                .hasMessage("Pulumi.yaml: config.big: the default value is not of the expected type 'integer'");
        var whole = ProjectFile.parse("name: myproj\nruntime: java\nconfig:\n  huge: {type: integer, default: 1e20}\n");
        assertThat(StackConfigFile.parse("Pulumi.test.yaml", "config: {}\n", whole, "test").values())
                .containsEntry("myproj:huge", "100000000000000000000");
        assertThatThrownBy(() -> ProjectFile.parse("name: myproj\nruntime: java\nconfig:\n  half: {type: string, default: 1.5}\n"))
                .hasMessage("Pulumi.yaml: config.half: the default value is not of the expected type 'string'");
    }

    /** pulumi/pulumi Project.Validate and the project schema's configItemsType. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "k: {type: array} | config.k: declares an array but does not specify the underlying type via the 'items'"
                    + " attribute",
            "k: {type: array, items: 5} | config.k: items must be a mapping whose type is string, integer, boolean,"
                    + " array or object",
            "k: {type: array, items: {type: float}} | config.k: items must be a mapping whose type is string,"
                    + " integer, boolean, array or object",
            "k: {type: array, items: {type: array}} | config.k: items is an array, so it needs items of its own",
            "k: {type: array, items: {type: array, items: {}}} | config.k: items.items must be a mapping whose type"
                    + " is string, integer, boolean, array or object",
            "aws:region: {type: string} | config.aws:region: is not namespaced by the project and should not define"
                    + " a type"})
    void arrayItemsAndTypesOutsideTheProjectAreCheckedAsPulumiChecksThem(String declaration, String message) {
        assertThatThrownBy(() -> ProjectFile.parse("name: myproj\nruntime: java\nconfig:\n  " + declaration + "\n"))
                .isInstanceOf(ConfigFileException.class).hasMessage("Pulumi.yaml: " + message);
    }

    static final String LONG_KEY = "k".repeat(1_000_000);

    static Stream<Arguments> messagesAboutALongKey() {
        var project = "name: myproj\nruntime: java\nconfig:\n";
        var longKeyEntry = "  ? " + LONG_KEY + "\n  : ";
        return Stream.of(
                Arguments.of("a key given twice", (ThrowingCallable) () ->
                        PulumiYaml.parse("? " + LONG_KEY + "\n: 1\n? " + LONG_KEY + "\n: 2\n"), "line 3: mapping key"),
                Arguments.of("an unknown anchor", (ThrowingCallable) () -> PulumiYaml.parse("o: *" + LONG_KEY + "\n"),
                        "referenced"),
                Arguments.of("an anchor inside itself", (ThrowingCallable) () ->
                        PulumiYaml.parse("o: &" + LONG_KEY + " [*" + LONG_KEY + "]\n"), "value contains itself"),
                Arguments.of("a key under two spellings", (ThrowingCallable) () ->
                        handOff("config:\n" + longKeyEntry + "1\n  ? myproj:" + LONG_KEY + "\n  : 2\n"),
                        "Pulumi keeps one of them at random"),
                Arguments.of("a key of three parts", (ThrowingCallable) () ->
                        handOff("config:\n  ? myproj:a:" + LONG_KEY + "\n  : x\n"), "as a configuration key"),
                Arguments.of("NaN", (ThrowingCallable) () -> handOff("config:\n" + longKeyEntry + ".nan\n"),
                        "unsupported value: NaN"),
                Arguments.of("an unknown declaration field", (ThrowingCallable) () ->
                        ProjectFile.parse(project + "  k:\n    ? " + LONG_KEY + "\n    : 1\n"), "a declaration has"),
                Arguments.of("a declaration of a bad type", (ThrowingCallable) () ->
                        ProjectFile.parse(project + longKeyEntry + "{type: float}\n"), "type must be"),
                Arguments.of("a missing value", (ThrowingCallable) () -> StackConfigFile.parse("Pulumi.test.yaml",
                        "config: {}\n", ProjectFile.parse(project + longKeyEntry + "{description: x}\n"), "test"),
                        "missing configuration value"),
                Arguments.of("a value of the wrong type", (ThrowingCallable) () -> StackConfigFile.parse(
                        "Pulumi.test.yaml", "config:\n  ? myproj:" + LONG_KEY + "\n  : on\n",
                        ProjectFile.parse(project + longKeyEntry + "{type: boolean}\n"), "test"),
                        "must be of type 'boolean'"));
    }

    /** Any text can be a key; a message quotes it cut, so a 1 MB key cannot flood standard error. */
    @ParameterizedTest(name = "{0}")
    @MethodSource
    void messagesAboutALongKey(String what, ThrowingCallable read, String says) {
        var thrown = catchThrowable(read);

        assertThat(thrown).as(what).isInstanceOfAny(ConfigFileException.class, PulumiYaml.YamlException.class)
                .hasMessageContaining(says).hasMessageContaining(" characters in all)");
        assertThat(thrown.getMessage()).as(what).hasSizeLessThan(1_000);
    }

    /** yaml.v3 quotes the text; this reader does not: under registry it may be a password. The line says where. */
    @Test
    void aTagThatDoesNotFitNamesTheLineAndTheTagsNotTheText() {
        assertThatThrownBy(() -> PulumiYaml.parse("k: 1\nregistry: {password: !!bool hunter2-" + LONG_KEY + "}\n"))
                .isInstanceOf(PulumiYaml.YamlException.class).hasMessage("line 2: cannot decode !!str as a !!bool");
    }

    @Test
    void theHandOffIsWhatTheJavaLanguageHostSets() {
        var handOff = StackConfigFile.handOff("Pulumi.test.yaml", "config:\n  b: x<y\n  a:\n    secure: c\n", PROJECT,
                "test");

        assertThat(handOff.configJson()).isEqualTo("{\"myproj:a\":\"unmasked:myproj:a\",\"myproj:b\":\"x\\u003cy\"}");
        assertThat(handOff.secretKeysJson()).isEqualTo("[\"myproj:a\"]");
        var parsed = EngineConfig.fromHandOff(handOff.configJson(), handOff.secretKeysJson());
        assertThat(parsed.values()).isEqualTo(Map.of("myproj:a", "unmasked:myproj:a", "myproj:b", "x<y"));
        assertThat(parsed.secretKeys()).containsExactly("myproj:a");
    }

    @Test
    void aStackFileOfTheWrongShapeIsRefused() {
        assertThatThrownBy(() -> handOff("- a\n")).hasMessageContaining("expected a YAML mapping with a 'config' key");
        assertThatThrownBy(() -> handOff("config: 5\n")).hasMessageContaining("'config' must be a mapping");
        assertThat(handOff("")).isEmpty();
        assertThat(handOff("config:\n")).isEmpty();
        assertThat(List.of(handOff("config: {}\n"))).containsExactly(Map.of());
    }
}
