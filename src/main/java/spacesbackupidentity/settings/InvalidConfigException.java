package spacesbackupidentity.settings;

import com.pulumi.exceptions.RunException;

import java.util.List;

/**
 * Configuration that cannot be deployed. Every problem names the config key, the value and
 * what would be accepted. It extends Pulumi's {@link RunException} only so that {@code pulumi up}
 * prints the message without a Java stack trace; nothing else here depends on the engine.
 */
public final class InvalidConfigException extends RunException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public InvalidConfigException(List<String> problems) {
        super(render(problems));
        this.problems = List.copyOf(problems);
    }

    public static InvalidConfigException of(String key, String problem) {
        return new InvalidConfigException(List.of(key + ": " + problem));
    }

    /** One line per problem, each starting with the config key it is about. */
    public List<String> problems() {
        return problems;
    }

    private static String render(List<String> problems) {
        if (problems.size() == 1) {
            return "invalid configuration: " + problems.get(0);
        }
        return "invalid configuration (" + problems.size() + " problems):\n  - "
                + String.join("\n  - ", problems);
    }
}
