package spacesbackupidentity.config;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The config the engine handed to the program, by key: project keys are bare
 * ({@code controlPlanes}), other namespaces keep theirs ({@code aws:region}). Under
 * {@code pulumi up}, in the offline render and in tests it is built by {@link EngineConfig} from
 * the same hand-off, so all three read the same values with the same secretness.
 */
public interface ConfigLookup {
    Optional<ConfigValue> get(String key);

    /** Every project key that was handed over, bare, sorted: what unknown-key checks look at. */
    SortedSet<String> projectKeys();

    /** For unit tests of the parser: bare keys, with the listed ones secret. */
    static ConfigLookup of(Map<String, String> values, Set<String> secretKeys) {
        var copy = Map.copyOf(values);
        var secrets = Set.copyOf(secretKeys);
        var projectKeys = new TreeSet<String>();
        copy.keySet().stream().filter(k -> k.indexOf(':') < 0).forEach(projectKeys::add);
        return new ConfigLookup() {
            @Override
            public Optional<ConfigValue> get(String key) {
                return Optional.ofNullable(copy.get(key)).map(raw -> new ConfigValue(raw, secrets.contains(key)));
            }

            @Override
            public SortedSet<String> projectKeys() {
                return projectKeys;
            }
        };
    }

    static ConfigLookup of(Map<String, String> values) {
        return of(values, Set.of());
    }
}
