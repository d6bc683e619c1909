package spacesbackupidentity.rules;

import java.util.Optional;
import java.util.regex.Pattern;

/** Kubernetes' own naming rules, so a bad name fails here and not in the API server. */
public final class KubernetesNames {
    private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern QUALIFIED_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

    private KubernetesNames() {
    }

    /** Namespaces and most object names: at most 63 of a-z, 0-9 and '-', alphanumeric at both ends. */
    public static Optional<String> checkDns1123Label(String value) {
        if (value.length() > 63 || !DNS1123_LABEL.matcher(value).matches()) {
            return Optional.of(Quote.of(value) + " is not a DNS-1123 label; expected at most 63 characters of"
                    + " lowercase letters, digits and '-', starting and ending with a letter or digit");
        }
        return Optional.empty();
    }

    /** Names of most Kubernetes objects: a DNS-1123 subdomain of at most 253 characters. */
    public static Optional<String> checkDns1123Subdomain(String value) {
        if (value.length() > 253 || !DNS1123_SUBDOMAIN.matcher(value).matches()) {
            return Optional.of(Quote.of(value) + " is not a Kubernetes object name; expected at most 253 characters of"
                    + " lowercase letters, digits, '-' and '.', starting and ending with a letter or digit");
        }
        return Optional.empty();
    }

    /** Helm release names: a DNS-1123 subdomain of at most 53 characters. */
    public static Optional<String> checkHelmReleaseName(String value) {
        if (value.length() > 53 || !DNS1123_SUBDOMAIN.matcher(value).matches()) {
            return Optional.of(Quote.of(value) + " is not a Helm release name; expected at most 53 characters of"
                    + " lowercase letters, digits, '-' and '.', starting and ending with a letter or digit");
        }
        return Optional.empty();
    }

    /** Label and annotation keys: an optional DNS subdomain prefix and '/', then a name of at most 63. */
    public static Optional<String> checkLabelKey(String key) {
        var slash = key.indexOf('/');
        var prefix = slash < 0 ? null : key.substring(0, slash);
        var name = slash < 0 ? key : key.substring(slash + 1);
        var prefixOk = prefix == null
                || (prefix.length() <= 253 && DNS1123_SUBDOMAIN.matcher(prefix).matches());
        if (!prefixOk || name.length() > 63 || !QUALIFIED_NAME.matcher(name).matches()) {
            return Optional.of(Quote.of(key) + " is not a valid label key; expected an optional DNS subdomain"
                    + " prefix and '/', then at most 63 characters of letters, digits, '-', '_' and '.',"
                    + " starting and ending with a letter or digit");
        }
        return Optional.empty();
    }

    public static Optional<String> checkLabelValue(String value) {
        if (value.length() > 63 || !(value.isEmpty() || QUALIFIED_NAME.matcher(value).matches())) {
            return Optional.of(Quote.of(value) + " is not a valid label value; expected at most 63 characters of"
                    + " letters, digits, '-', '_' and '.', starting and ending with a letter or digit, or empty");
        }
        return Optional.empty();
    }
}
