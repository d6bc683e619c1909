package spacesbackupidentity.settings;

import spacesbackupidentity.config.ConfigJson;
import spacesbackupidentity.config.ConfigLookup;
import spacesbackupidentity.config.ConfigValue;
import spacesbackupidentity.rules.KeySuggestion;
import spacesbackupidentity.rules.Quote;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The top-level config keys, read through a {@link ConfigLookup}: structured values are JSON, as
 * the engine hands them over. Keys the engine marks secret are readable only where the program
 * keeps them secret ({@link Settings#SECRET_KEYS}); anywhere else a secret would hide what a
 * reviewer must read, so such a key is reported and not read at all.
 */
final class RootConfig {
    private final ConfigLookup lookup;
    private final ConfigProblems problems;

    RootConfig(ConfigLookup lookup, ConfigProblems problems) {
        this.lookup = lookup;
        this.problems = problems;
    }

    /**
     * Reports project keys this program does not read, and secret keys it cannot keep reviewable,
     * among them keys of other namespaces it reads ({@code aws:region}): a secret one would otherwise
     * read as unset and be reported as missing under whatever key falls back on it.
     */
    void checkKeys(Set<String> known, Set<String> secretHolding, Map<String, String> whereSecretsGo,
                   Set<String> otherNamespaceKeys) {
        for (var key : new java.util.TreeSet<>(otherNamespaceKeys)) {
            if (lookup.get(key).map(ConfigValue::secret).orElse(false)) {
                problems.add(key, "marked secret (set with --secret), and this program reads it only in plain text;"
                        + " set it in plain text (pulumi config set " + key + " ...)");
            }
        }
        for (var key : lookup.projectKeys()) {
            if (!known.contains(key)) {
                var candidates = new java.util.TreeSet<>(known);
                candidates.addAll(otherNamespaceKeys);
                problems.add(Quote.key(key), "unknown key" + KeySuggestion.forTypo(key, candidates)
                        + "; this program reads "
                        + String.join(", ", new java.util.TreeSet<>(known)));
            } else if (!secretHolding.contains(key) && lookup.get(key).map(ConfigValue::secret).orElse(false)) {
                problems.add(key, "marked secret (a value under it was set with --secret), but what it holds"
                        + " decides resources a reviewer must be able to read in a preview; set it in plain text"
                        + Optional.ofNullable(whereSecretsGo.get(key)).map(hint -> ", and " + hint).orElse("")
                        + ". Only " + String.join(", ", new java.util.TreeSet<>(secretHolding)) + " hold secrets");
            }
        }
    }

    /** A value, unless it is secret where secrets are not read (already reported by checkKeys). */
    private Optional<ConfigValue> value(String key) {
        return lookup.get(key).filter(v -> !v.secret() || Settings.SECRET_KEYS.contains(key));
    }

    /** Every key of another namespace that was handed over, in full. */
    java.util.SortedSet<String> keysIn(String namespace) {
        return lookup.keysIn(namespace);
    }

    /** A value as handed over, secret or not: only for describing it (a secret by kind and size). */
    Optional<ConfigValue> anyValue(String key) {
        return lookup.get(key);
    }

    /**
     * Whether no message may quote this key's value: a key that holds secrets
     * ({@link Settings#SECRET_KEYS}) is described by kind and size whether or not it was set with
     * {@code --secret}, since a password typed without the flag is still a password.
     */
    boolean isSecret(String key) {
        return Settings.SECRET_KEYS.contains(key) || lookup.get(key).map(ConfigValue::secret).orElse(false);
    }

    /** Blank reads as unset: Pulumi.yaml gives optional string keys an empty default. */
    Optional<String> string(String key) {
        return value(key).map(ConfigValue::raw).filter(raw -> !raw.isBlank());
    }

    Optional<Boolean> bool(String key) {
        return string(key).flatMap(raw -> ConfigObject.scalarBoolean(key, raw, false, problems));
    }

    /** A structured value parsed from its JSON; empty when absent or unreadable (then reported). */
    Optional<Object> structured(String key, String expected) {
        var value = value(key).filter(v -> !v.raw().isBlank());
        if (value.isEmpty()) {
            return Optional.empty();
        }
        var raw = value.get().raw();
        try {
            return Optional.ofNullable(ConfigJson.parse(raw));
        } catch (IllegalArgumentException e) {
            problems.add(key, "expected " + expected + ", got " + (isSecret(key) ? Quote.secret(raw)
                    : "the text " + Quote.of(raw)) + (raw.startsWith("{") || raw.startsWith("[")
                    ? " (" + e.getMessage() + ")" : ""));
            return Optional.empty();
        }
    }

    /** An object; an empty one (Pulumi.yaml's default for optional objects) reads as unset. */
    Optional<ConfigObject> object(String key, Set<String> accepted) {
        return structured(key, "an object")
                .filter(v -> !(v instanceof Map<?, ?> map && map.isEmpty()))
                .flatMap(v -> ConfigObject.of(key, v, accepted, isSecret(key), problems));
    }

    ConfigObject objectOrEmpty(String key, Set<String> accepted) {
        return object(key, accepted).orElseGet(() -> ConfigObject.empty(key, problems));
    }
}
