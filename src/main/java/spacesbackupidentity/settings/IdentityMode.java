package spacesbackupidentity.settings;

import spacesbackupidentity.rules.Quote;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How mxp-controller gets its AWS identity: IRSA (web identity through the cluster's OIDC
 * provider), EKS Pod Identity (an association per namespace), or both while migrating.
 */
public enum IdentityMode {
    IRSA("irsa"), POD_IDENTITY("podIdentity"), BOTH("both");

    static final String KEY = "identity";
    static final Set<String> FIELDS = Set.of("mode");

    private final String configValue;

    IdentityMode(String configValue) {
        this.configValue = configValue;
    }

    /** The value as written in config: {@code irsa}, {@code podIdentity} or {@code both}. */
    public String configValue() {
        return configValue;
    }

    public boolean usesIrsa() {
        return this != POD_IDENTITY;
    }

    public boolean usesPodIdentity() {
        return this != IRSA;
    }

    static IdentityMode read(ConfigObject identity, ConfigProblems problems) {
        var value = identity.string("mode");
        if (value.isEmpty()) {
            return IRSA;
        }
        var mode = Arrays.stream(values()).filter(m -> m.configValue.equals(value.get())).findFirst();
        if (mode.isEmpty()) {
            problems.add(identity.keyOf("mode"), Quote.of(value.get()) + " is not an identity mode; expected one of "
                    + Arrays.stream(values()).map(m -> m.configValue).collect(Collectors.joining(", "))
                    + " (both is for migrating from irsa to podIdentity)");
        }
        return mode.orElse(IRSA);
    }
}
