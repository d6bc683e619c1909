package spacesbackupidentity.settings;

import java.util.Objects;

/** A config value that must never be printed; declarers pass it on as a Pulumi secret. */
public record Secret(String value) {
    public Secret {
        Objects.requireNonNull(value);
    }

    @Override
    public String toString() {
        return "[secret]";
    }
}
