package spacesbackupidentity.settings;

import spacesbackupidentity.config.ConfigLookup;
import spacesbackupidentity.config.Yaml;

import java.util.Optional;
import java.util.Set;

/** The top-level config keys, read through a {@link ConfigLookup}; structured values are JSON. */
final class RootConfig {
    private final ConfigLookup lookup;
    private final ConfigProblems problems;

    RootConfig(ConfigLookup lookup, ConfigProblems problems) {
        this.lookup = lookup;
        this.problems = problems;
    }

    /** Blank reads as unset: Pulumi.yaml gives optional string keys an empty default. */
    Optional<String> string(String key) {
        return lookup.get(key).filter(value -> !value.isBlank());
    }

    Optional<Boolean> bool(String key) {
        return string(key).flatMap(raw -> ConfigObject.scalarBoolean(key, raw, problems));
    }

    /** A structured value parsed from its JSON; empty when absent or unreadable (then reported). */
    Optional<Object> structured(String key) {
        var raw = string(key);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(Yaml.parse(raw.get()));
        } catch (RuntimeException e) {
            problems.add(key, "cannot parse the value as JSON: " + Yaml.firstLineOf(e));
            return Optional.empty();
        }
    }

    /** An object; an empty one (Pulumi.yaml's default for optional objects) reads as unset. */
    Optional<ConfigObject> object(String key, Set<String> accepted) {
        return structured(key)
                .filter(v -> !(v instanceof java.util.Map<?, ?> map && map.isEmpty()))
                .flatMap(v -> ConfigObject.of(key, v, accepted, problems));
    }

    ConfigObject objectOrEmpty(String key, Set<String> accepted) {
        return object(key, accepted).orElseGet(() -> ConfigObject.empty(key, problems));
    }
}
