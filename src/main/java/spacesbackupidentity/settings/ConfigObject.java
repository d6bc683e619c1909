package spacesbackupidentity.settings;

import spacesbackupidentity.rules.KeySuggestion;
import spacesbackupidentity.rules.Quote;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static spacesbackupidentity.settings.ConfigProblems.describe;

/**
 * A structured config value (an object such as {@code role}, or one {@code controlPlanes} entry)
 * read field by field. Each accessor reports a wrong type to {@link ConfigProblems} under the
 * field's full key and answers empty, so parsing goes on and every problem is reported.
 */
final class ConfigObject {
    private final String key;
    private final Map<String, Object> fields;
    private final boolean secret;
    private final ConfigProblems problems;

    private ConfigObject(String key, Map<String, Object> fields, Set<String> accepted, boolean secret,
                         ConfigProblems problems) {
        this.key = key;
        this.fields = fields;
        this.secret = secret;
        this.problems = problems;
        for (var field : new TreeSet<>(fields.keySet())) {
            if (accepted.contains(field)) {
                continue;
            }
            var acceptedKeys = "; accepted keys of " + key + ": " + String.join(", ", new TreeSet<>(accepted));
            if (secret) {
                // {robot: hunter2} puts the credential in the key: a key of a secret object is not quoted either.
                problems.add(key, "an unknown key of " + field.length() + " characters (not quoted: " + key
                        + " holds secrets)" + KeySuggestion.forTypo(field, accepted) + acceptedKeys);
            } else {
                problems.add(keyOf(field), "unknown key" + KeySuggestion.forTypo(field, accepted) + acceptedKeys);
            }
        }
    }

    /**
     * Wraps a parsed value that must be an object; anything else is reported and gives empty.
     *
     * @param secret whether the value came from a key that holds secrets or that the engine marks secret:
     *               then no message quotes it, nor any of its keys
     */
    static Optional<ConfigObject> of(String key, Object value, Set<String> accepted, boolean secret,
                                     ConfigProblems problems) {
        if (value instanceof Map<?, ?> map) {
            var fields = new LinkedHashMap<String, Object>();
            map.forEach((k, v) -> fields.put(String.valueOf(k), v));
            return Optional.of(new ConfigObject(key, fields, accepted, secret, problems));
        }
        problems.add(key, "expected an object, got " + describe(value, secret));
        return Optional.empty();
    }

    /** An absent object reads as an empty one, so its fields take their defaults. */
    static ConfigObject empty(String key, ConfigProblems problems) {
        return new ConfigObject(key, Map.of(), Set.of(), false, problems);
    }

    String key() {
        return key;
    }

    String keyOf(String field) {
        return key + "." + Quote.key(field);
    }

    Object raw(String field) {
        return fields.get(field);
    }

    boolean has(String field) {
        return fields.get(field) != null;
    }

    Optional<String> string(String field) {
        return scalarString(keyOf(field), fields.get(field), secret, problems);
    }

    Optional<Integer> integer(String field) {
        var value = fields.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Integer i) {
            return Optional.of(i);
        }
        if (value instanceof String s && s.matches("-?\\d{1,9}")) {
            return Optional.of(Integer.parseInt(s));
        }
        problems.add(keyOf(field), "expected an integer, got " + describe(value, secret));
        return Optional.empty();
    }

    Optional<Boolean> bool(String field) {
        return scalarBoolean(keyOf(field), fields.get(field), secret, problems);
    }

    /** A map of strings, sorted by key; integer and boolean values are taken as their text. */
    Optional<Map<String, String>> stringMap(String field) {
        return stringMap(keyOf(field), fields.get(field), secret, problems);
    }

    static Optional<Map<String, String>> stringMap(String key, Object value, boolean secret, ConfigProblems problems) {
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Map<?, ?> map)) {
            problems.add(key, "expected an object of strings, got " + describe(value, secret));
            return Optional.empty();
        }
        var result = new TreeMap<String, String>();
        map.forEach((k, v) -> {
            if (v == null) {
                problems.add(key + "." + Quote.key(String.valueOf(k)), "expected a string, got null");
            }
            scalarString(key + "." + Quote.key(String.valueOf(k)), v, secret, problems)
                    .ifPresent(s -> result.put(String.valueOf(k), s));
        });
        return Optional.of(result);
    }

    Optional<List<String>> stringList(String field) {
        var value = fields.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof List<?> list)) {
            problems.add(keyOf(field), "expected a list of strings, got " + describe(value, secret));
            return Optional.empty();
        }
        var result = new ArrayList<String>();
        for (int i = 0; i < list.size(); i++) {
            var itemKey = keyOf(field) + "[" + i + "]";
            var item = scalarString(itemKey, list.get(i), secret, problems);
            if (list.get(i) == null) {
                problems.add(itemKey, "expected a string, got null");
            }
            item.ifPresent(result::add);
        }
        return Optional.of(result);
    }

    /** A free-form object, kept as parsed (for Helm values). */
    Optional<Map<String, Object>> freeObject(String field) {
        var value = fields.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Map<?, ?> map) {
            var result = new LinkedHashMap<String, Object>();
            map.forEach((k, v) -> result.put(String.valueOf(k), v));
            return Optional.of(result);
        }
        problems.add(keyOf(field), "expected an object, got " + describe(value, secret));
        return Optional.empty();
    }

    /** A nested object; absent reads as empty. */
    ConfigObject child(String field, Set<String> accepted) {
        var value = fields.get(field);
        if (value == null) {
            return empty(keyOf(field), problems);
        }
        return of(keyOf(field), value, accepted, secret, problems).orElseGet(() -> empty(keyOf(field), problems));
    }

    static Optional<String> scalarString(String key, Object value, boolean secret, ConfigProblems problems) {
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String s) {
            return Optional.of(s);
        }
        // `pulumi config set --path` stores 7 and true as YAML scalars; their text is unambiguous.
        if (value instanceof Integer || value instanceof Boolean) {
            return Optional.of(value.toString());
        }
        problems.add(key, "expected a string, got " + describe(value, secret)
                + (value instanceof Double ? " (quote it so that it stays text)" : ""));
        return Optional.empty();
    }

    static Optional<Boolean> scalarBoolean(String key, Object value, boolean secret, ConfigProblems problems) {
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Boolean b) {
            return Optional.of(b);
        }
        if ("true".equals(value) || "false".equals(value)) {
            return Optional.of(Boolean.parseBoolean((String) value));
        }
        problems.add(key, "expected true or false, got " + describe(value, secret));
        return Optional.empty();
    }
}
