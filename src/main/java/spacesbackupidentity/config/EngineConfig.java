package spacesbackupidentity.config;

import com.pulumi.deployment.internal.DeploymentImpl;
import spacesbackupidentity.runtime.DeploymentConfig;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The engine's config hand-off to a Java program: every {@code <namespace>:<key>} with its raw
 * string (objects as JSON), and the keys it marks secret. The program reads it from the SDK's config
 * of the running deployment ({@link #ofRunningDeployment}), however it got there: the language
 * host's {@value #CONFIG_VARIABLE} and {@value #SECRET_KEYS_VARIABLE}, an Automation API inline
 * program's run request, or the in-memory engine of the render and the tests. The render builds
 * the language host's two strings from the stack file and parses them with the SDK's own parsers
 * ({@link #fromHandOff}) before handing them to that engine. The SDK's {@code Config.get} forgets
 * secretness; this keeps it.
 */
public record EngineConfig(SortedMap<String, String> values, SortedSet<String> secretKeys) {
    public static final String CONFIG_VARIABLE = "PULUMI_CONFIG";
    public static final String SECRET_KEYS_VARIABLE = "PULUMI_CONFIG_SECRET_KEYS";

    public EngineConfig {
        values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
        secretKeys = Collections.unmodifiableSortedSet(new TreeSet<>(secretKeys));
    }

    /** The config the SDK holds for the deployment this thread runs. */
    public static EngineConfig ofRunningDeployment() {
        var config = DeploymentConfig.current();
        return new EngineConfig(new TreeMap<>(DeploymentConfig.values(config)),
                new TreeSet<>(DeploymentConfig.secretKeys(config)));
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
