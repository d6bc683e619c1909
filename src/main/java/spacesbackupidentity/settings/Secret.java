package spacesbackupidentity.settings;

import java.util.Objects;

/**
 * A value from a key the program keeps secret (the kubeconfig, registry credentials, secret Helm
 * values): declarers pass it on as a Pulumi secret, and it never prints.
 */
public record Secret<T>(T value) {
    public Secret {
        Objects.requireNonNull(value);
    }

    @Override
    public String toString() {
        return "[secret]";
    }
}
