package spacesbackupidentity.settings;

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

    Optional<String> string(String key) {
        return lookup.get(key);
    }

    Optional<Boolean> bool(String key) {
        return lookup.get(key).flatMap(raw -> ConfigObject.scalarBoolean(key, raw, problems));
    }

    /** A structured value parsed from its JSON; empty when absent or unreadable (then reported). */
    Optional<Object> structured(String key) {
        var raw = lookup.get(key);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(Yaml.parse(raw.get()));
        } catch (RuntimeException e) {
            problems.add(key, "cannot parse the value as JSON: " + SpacesSettings.firstLine(e.getMessage()));
            return Optional.empty();
        }
    }

    Optional<ConfigObject> object(String key, Set<String> accepted) {
        return structured(key).flatMap(v -> ConfigObject.of(key, v, accepted, problems));
    }

    ConfigObject objectOrEmpty(String key, Set<String> accepted) {
        return object(key, accepted).orElseGet(() -> ConfigObject.empty(key, problems));
    }
}
