package spacesbackupidentity.config;

import java.util.Objects;

/**
 * One config key's value as the engine hands it to the program: the raw text (objects and lists
 * as JSON) and whether the engine marks the key secret. A key is secret as a whole once any value
 * under it is ({@code pulumi config set --secret --path a.b} makes all of {@code a} secret).
 */
public record ConfigValue(String raw, boolean secret) {
    public ConfigValue {
        Objects.requireNonNull(raw);
    }

    /** Never the text: a secret must not reach a log or a message by accident. */
    @Override
    public String toString() {
        return secret ? "ConfigValue[secret]" : "ConfigValue[" + raw + "]";
    }
}
