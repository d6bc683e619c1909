package spacesbackupidentity.settings;

import java.util.Optional;
import java.util.Set;

/**
 * {@code registry}: credentials for the registry that serves the Spaces chart
 * ({@code spaces.registryHost}, {@code xpkg.upbound.io} unless set; sent only when the chart comes
 * from that host), a key of their own so that setting the password with
 * {@code --secret} makes only them secret, not the chart version or the Helm values. Both are
 * always passed on as secrets, and the Kubernetes provider logs in to the OCI registry with them.
 */
public record RegistryCredentials(Secret<String> username, Secret<String> password) {
    static final String KEY = "registry";
    static final Set<String> FIELDS = Set.of("username", "password");

    static Optional<RegistryCredentials> read(ConfigObject registry, ConfigProblems problems) {
        var username = registry.string("username");
        var password = registry.string("password");
        if (username.isPresent() != password.isPresent()) {
            var missing = username.isPresent() ? "password" : "username";
            problems.add(registry.keyOf(missing), "required with " + registry.keyOf(username.isPresent()
                    ? "username" : "password") + "; registry credentials are a username and password pair");
        }
        if (username.isEmpty() || password.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RegistryCredentials(new Secret<>(username.get()), new Secret<>(password.get())));
    }
}
