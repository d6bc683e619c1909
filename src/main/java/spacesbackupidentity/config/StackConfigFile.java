package spacesbackupidentity.config;

import spacesbackupidentity.rules.KeySuggestion;
import spacesbackupidentity.rules.Quote;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code Pulumi.<stack>.yaml} turned into the engine's config hand-off, as the Pulumi CLI does it
 * (pulumi/pulumi at v3.259: {@code LoadProjectStackBytes}, {@code config.Map}, {@code Value},
 * {@code object}, {@code mergeConfig}): bare keys take the project's namespace and
 * {@code ns:config:key} loses its {@code config}; scalars are typed by yaml.v3 and printed back
 * ({@code 0755} is {@code 493}, {@code 1.0} is {@code 1}, {@code on} stays {@code on}, a date is
 * Go's {@code 2026-01-02 00:00:00 +0000 UTC}, null is empty); objects and lists become JSON as Go
 * prints it; Pulumi.yaml's defaults fill absent keys and its types are checked.
 * <p>
 * Encrypted values are never decrypted: each {@code secure:} value reads as the plaintext
 * {@code unmasked:<namespace>:<key>[.<path>]}, and its top-level key is marked secret, as the
 * engine marks a key once any value under it is. Whatever prints that text was not kept secret.
 */
public final class StackConfigFile {
    public static final String UNMASKED = "unmasked:";

    private StackConfigFile() {
    }

    public static String fileName(String stack) {
        return "Pulumi." + stack + ".yaml";
    }

    /** Reads {@code Pulumi.<stack>.yaml} next to {@code Pulumi.yaml}. */
    public static EngineConfig read(Path projectDir, ProjectFile project, String stack) {
        var fileName = fileName(stack);
        return parse(fileName, BoundedFile.read(projectDir.resolve(fileName), fileName), project, stack);
    }

    public static EngineConfig parse(String fileName, String text, ProjectFile project, String stack) {
        var handOff = handOff(fileName, text, project, stack);
        return EngineConfig.fromHandOff(handOff.configJson(), handOff.secretKeysJson());
    }

    /** The two strings the Java language host sets: PULUMI_CONFIG and PULUMI_CONFIG_SECRET_KEYS. */
    public record HandOff(String configJson, String secretKeysJson) {
    }

    public static HandOff handOff(String fileName, String text, ProjectFile project, String stack) {
        Object parsed;
        try {
            parsed = PulumiYaml.parse(text);
        } catch (PulumiYaml.YamlException e) {
            throw new ConfigFileException(fileName + ": invalid YAML file: " + e.getMessage());
        }
        if (parsed != null && !(parsed instanceof Map)) {
            throw new ConfigFileException(fileName + ": expected a YAML mapping with a 'config' key");
        }
        var config = parsed == null ? null : ((Map<?, ?>) parsed).get("config");
        if (config != null && !(config instanceof Map)) {
            throw new ConfigFileException(fileName + ": 'config' must be a mapping of config keys to values");
        }
        var values = new TreeMap<String, String>(GoValues::compareBytes);
        var contents = new HashMap<String, Object>();
        var secretKeys = new TreeSet<String>();
        var sourceOf = new HashMap<String, String>();
        if (config instanceof Map<?, ?> entries) {
            var allStrings = entries.keySet().stream().allMatch(String.class::isInstance);
            for (var entry : entries.entrySet()) {
                var written = GoValues.formatKey(entry.getKey());
                // loaders.go namespaces bare keys only when every key of config: is a string.
                var namespaced = allStrings && !written.contains(":") ? project.name() + ":" + written : written;
                var key = parseKey(fileName, namespaced);
                var other = sourceOf.putIfAbsent(key, written);
                if (other != null) {
                    throw new ConfigFileException(fileName + ": both " + Quote.of(other) + " and " + Quote.of(written)
                            + " set " + Quote.key(key)
                            + "; Pulumi keeps one of them at random (it ranges over a Go map), so keep one");
                }
                var value = value(fileName, key, entry.getValue());
                values.put(key, value.raw());
                contents.put(key, value.content());
                if (value.secret()) {
                    secretKeys.add(key);
                }
            }
        }
        applyProject(fileName, project, stack, values, contents, secretKeys);
        return new HandOff(GoValues.json(new LinkedHashMap<>(values)), GoValues.json(new ArrayList<>(secretKeys)));
    }

    /** config.ParseKey: {@code ns:name}, or {@code ns:config:name}; anything else is an error. */
    static String parseKey(String fileName, String key) {
        var parts = key.split(":", -1);
        if (parts.length == 2) {
            return key;
        }
        if (parts.length == 3 && parts[1].equals("config")) {
            return parts[0] + ":" + parts[2];
        }
        throw new ConfigFileException(fileName + ": invalid YAML file: could not parse " + Quote.key(key)
                + " as a configuration key (configuration keys should be of the form `<namespace>:<name>`)");
    }

    /**
     * One value as the engine holds it: the text the program receives, whether any part is secure, and
     * what Pulumi checks a declared type against: the text itself, unless the value is an object or
     * list (the engine's {@code Value.Object()}), which is checked as its decoded JSON.
     */
    record StoredValue(String raw, boolean secret, Object content) {
        static StoredValue text(String raw) {
            return new StoredValue(raw, false, raw);
        }
    }

    /** One top-level value as the program receives it, and whether it holds a secure value. */
    static StoredValue value(String fileName, String key, Object value) {
        var secret = new boolean[1];
        var goValue = pulumiValue(fileName, key, value, key, secret);
        if (goValue == null) {
            return StoredValue.text("");   // an empty value reaches the program as "" (the table's ~ and empty rows)
        }
        if (goValue instanceof String text) {
            return new StoredValue(text, secret[0], text);
        }
        if (goValue instanceof Map || goValue instanceof List) {
            var decoded = nestedPass(goValue);
            return new StoredValue(json(fileName, key, decoded), secret[0], decoded);
        }
        return StoredValue.text(json(fileName, key, goValue));
    }

    /**
     * The value after Pulumi's reading: a {@code secure:} map becomes its plaintext stand-in,
     * timestamps become Go's {@code time.Time.String()}, map keys become strings, and every float
     * goes through the YAML round trip ({@code 1.0} comes back as the integer 1).
     */
    private static Object pulumiValue(String fileName, String key, Object value, String path, boolean[] secret) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.get("secure") instanceof String) {
                secret[0] = true;
                return UNMASKED + path;
            }
            var result = new LinkedHashMap<String, Object>();
            map.forEach((k, v) -> {
                var name = GoValues.formatKey(k);
                result.put(name, pulumiValue(fileName, key, v, path + "." + name, secret));
            });
            return result;
        }
        if (value instanceof List<?> list) {
            var result = new ArrayList<Object>(list.size());
            for (int i = 0; i < list.size(); i++) {
                result.add(pulumiValue(fileName, key, list.get(i), path + "[" + i + "]", secret));
            }
            return result;
        }
        if (value instanceof GoValues.Timestamp timestamp) {
            return timestamp.goString();
        }
        if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new ConfigFileException(fileName + ": invalid YAML file: could not unmarshal map: json:"
                        + " unsupported value: " + (d.isNaN() ? "NaN" : d > 0 ? "+Inf" : "-Inf") + " (in "
                        + Quote.key(key) + ")");
            }
            return afterYamlRoundTrip(d);
        }
        return value;
    }

    /**
     * A float after Pulumi writes it back as YAML and reads it again: Go's shortest form, typed
     * anew, so {@code 1.0} comes back as the integer 1.
     */
    private static Object afterYamlRoundTrip(double d) {
        return PulumiYaml.resolve("", GoValues.goFloatG(d), 0);
    }

    /** Objects are stored as JSON and read back with json.Number: integers beyond int64 become floats. */
    private static Object nestedPass(Object value) {
        if (value instanceof Map<?, ?> map) {
            var result = new LinkedHashMap<String, Object>();
            map.forEach((k, v) -> {
                if (!(k instanceof String key)) {
                    // simplify in pulumi/pulumi's project loader refuses a map[any]any key the same way
                    throw new IllegalArgumentException("expected only string keys, got " + Quote.of(String.valueOf(k)));
                }
                result.put(key, nestedPass(v));
            });
            return result;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(StackConfigFile::nestedPass).toList();
        }
        if (value instanceof BigInteger big) {
            return big.doubleValue();
        }
        return value;
    }

    private static String json(String fileName, String key, Object value) {
        try {
            return GoValues.json(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigFileException(fileName + ": " + Quote.key(key) + ": " + e.getMessage());
        }
    }

    /** mergeConfig: Pulumi.yaml's values and defaults for absent keys, required keys, then declared types. */
    private static void applyProject(String fileName, ProjectFile project, String stack, Map<String, String> values,
                                     Map<String, Object> contents, TreeSet<String> secretKeys) {
        var missing = new ArrayList<String>();
        var written = new HashMap<String, String>();
        project.config().forEach((fullKey, declaration) -> {
            var bare = fullKey.startsWith(project.name() + ":") ? fullKey.substring(project.name().length() + 1) : fullKey;
            written.put(fullKey, bare);
            if (values.containsKey(fullKey)) {
                return;
            }
            var given = declaration.value().or(declaration::defaultValue);
            if (given.isPresent()) {
                var stored = projectValue(bare, given.get());
                values.put(fullKey, stored.raw());
                contents.put(fullKey, stored.content());
            } else if (fullKey.startsWith(project.name() + ":")) {
                missing.add(bare);
            }
        });
        if (!missing.isEmpty()) {
            throw new ConfigFileException(fileName + ": Stack '" + stack + "' is missing configuration "
                    + (missing.size() == 1 ? "value " + Quote.of(missing.get(0)) : "values " + listOf(missing))
                    + "; set " + (missing.size() == 1 ? "it" : "them") + " with `pulumi config set`"
                    + typos(project, values.keySet(), missing));
        }
        for (var entry : new TreeMap<>(project.config()).entrySet()) {
            var declaration = entry.getValue();
            if (declaration.type().isEmpty()) {
                continue;
            }
            var key = written.get(entry.getKey());
            if (declaration.secret() && !secretKeys.contains(entry.getKey())) {
                throw new ConfigFileException(fileName + ": Stack '" + stack + "' with configuration key "
                        + Quote.of(key) + " must be encrypted as it's secret");
            }
            // validateStackConfigValue; a key with no value at all would be the zero Value, "".
            if (!declaration.accepts(contents.getOrDefault(entry.getKey(), ""))) {
                throw new ConfigFileException(fileName + ": Stack '" + stack + "' with configuration key "
                        + Quote.of(key) + " must be of type '" + declaration.fullTypeName() + "'");
            }
        }
    }

    /**
     * Pulumi's message names only the missing key; a key the stack sets instead, and that is
     * declared nowhere, is most likely its misspelling ({@code controlPlane}): named with the key
     * it resembles.
     */
    private static String typos(ProjectFile project, java.util.Set<String> given, List<String> missing) {
        var prefix = project.name() + ":";
        var hints = new ArrayList<String>();
        for (var key : new TreeSet<>(given)) {
            if (key.startsWith(prefix) && !project.config().containsKey(key)) {
                var bare = key.substring(prefix.length());
                KeySuggestion.closest(bare, missing).ifPresent(meant -> hints.add(Quote.of(bare)
                        + ", which this program does not read: did you mean " + Quote.of(meant) + "?"));
            }
        }
        return hints.isEmpty() ? "" : ". The stack sets " + String.join("; and ", hints);
    }

    private static String listOf(List<String> keys) {
        var sorted = new ArrayList<>(new TreeSet<>(keys));
        var quoted = sorted.stream().map(Quote::of).toList();
        return String.join(", ", quoted.subList(0, quoted.size() - 1)) + " and " + quoted.get(quoted.size() - 1);
    }

    /**
     * createConfigValue: strings, integers and booleans as their text ({@code config.NewValue}); the
     * rest as JSON ({@code NewObjectValue}), which a declared type is checked against decoded.
     */
    private static StoredValue projectValue(String key, Object value) {
        var typed = value instanceof Double d && !d.isNaN() && !d.isInfinite()
                ? afterYamlRoundTrip(d) : value;
        if (typed instanceof String || typed instanceof Long || typed instanceof Boolean) {
            return StoredValue.text(typed.toString());
        }
        if (typed instanceof GoValues.Timestamp timestamp) {
            // json.Marshal of a time.Time: a JSON string, so the program gets its text.
            return new StoredValue(timestamp.rfc3339(), false, timestamp.rfc3339());
        }
        try {
            var decoded = nestedPass(typed);
            return new StoredValue(GoValues.json(decoded), false, decoded);
        } catch (IllegalArgumentException e) {
            throw new ConfigFileException(ProjectFile.FILE_NAME + ": config key " + Quote.of(key) + ": "
                    + e.getMessage());
        }
    }
}
