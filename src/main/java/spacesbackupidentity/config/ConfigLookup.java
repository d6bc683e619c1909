package spacesbackupidentity.config;

import java.util.Optional;
import java.util.SortedSet;

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

    /** Every key of another namespace ({@code aws}) that was handed over, in full ({@code aws:region}), sorted. */
    SortedSet<String> keysIn(String namespace);
}
