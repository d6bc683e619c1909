package spacesbackupidentity.config;

import java.util.Map;
import java.util.Optional;

/**
 * One config key to its raw value, as Pulumi hands it to a program: a plain string for scalars,
 * JSON for objects and lists. Project keys are bare ({@code controlPlanes}); provider keys keep
 * their namespace ({@code aws:region}). Under {@code pulumi up} this is {@code ctx.config()}; in
 * tests a map; in the offline render a stack file.
 */
@FunctionalInterface
public interface ConfigLookup {
    Optional<String> get(String key);

    static ConfigLookup of(Map<String, String> values) {
        var copy = Map.copyOf(values);
        return key -> Optional.ofNullable(copy.get(key));
    }
}
