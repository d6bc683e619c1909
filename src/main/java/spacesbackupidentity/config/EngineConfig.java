package spacesbackupidentity.config;

import com.pulumi.deployment.internal.DeploymentImpl;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The engine's config hand-off to a Java program: {@value #CONFIG_VARIABLE}, a JSON object of
 * {@code <namespace>:<key>} to raw string, and {@value #SECRET_KEYS_VARIABLE}, a JSON array of the
 * keys it marks secret. Both are parsed with the Java SDK's own parsers
 * ({@code DeploymentImpl.Config.parseConfig}, {@code parseConfigSecretKeys}), the ones its runtime
 * uses under {@code pulumi up}; the offline render builds the same two strings from the stack file
 * and parses them here too. The SDK's {@code Config.get} forgets secretness; this keeps it.
 */
public record EngineConfig(SortedMap<String, String> values, SortedSet<String> secretKeys) {
    public static final String CONFIG_VARIABLE = "PULUMI_CONFIG";
    public static final String SECRET_KEYS_VARIABLE = "PULUMI_CONFIG_SECRET_KEYS";

    public EngineConfig {
        values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
        secretKeys = Collections.unmodifiableSortedSet(new TreeSet<>(secretKeys));
    }

    /** What the Java language host set for this process; empty outside the engine. */
    public static EngineConfig fromEnvironment() {
        return fromHandOff(Optional.ofNullable(System.getenv(CONFIG_VARIABLE)).orElse("{}"),
                Optional.ofNullable(System.getenv(SECRET_KEYS_VARIABLE)).orElse("[]"));
    }

    /** The two hand-off strings, read by the SDK's parsers. */
    public static EngineConfig fromHandOff(String configJson, String secretKeysJson) {
        return new EngineConfig(new TreeMap<>(DeploymentImpl.Config.parseConfig(configJson)),
                new TreeSet<>(DeploymentImpl.Config.parseConfigSecretKeys(secretKeysJson)));
    }

    /** Lookups for {@code project}: its keys bare, every other namespace's keys in full. */
    public ConfigLookup lookup(String project) {
        var prefix = project + ":";
        var projectKeys = new TreeSet<String>();
        values.keySet().stream().filter(k -> k.startsWith(prefix)).map(k -> k.substring(prefix.length()))
                .forEach(projectKeys::add);
        var unmodifiableKeys = Collections.unmodifiableSortedSet(projectKeys);
        return new ConfigLookup() {
            @Override
            public Optional<ConfigValue> get(String key) {
                var fullKey = key.indexOf(':') < 0 ? prefix + key : key;
                return Optional.ofNullable(values.get(fullKey))
                        .map(raw -> new ConfigValue(raw, secretKeys.contains(fullKey)));
            }

            @Override
            public SortedSet<String> projectKeys() {
                return unmodifiableKeys;
            }

            @Override
            public SortedSet<String> keysIn(String namespace) {
                var keys = new TreeSet<String>();
                values.keySet().stream().filter(k -> k.startsWith(namespace + ":")).forEach(keys::add);
                return Collections.unmodifiableSortedSet(keys);
            }
        };
    }
}
