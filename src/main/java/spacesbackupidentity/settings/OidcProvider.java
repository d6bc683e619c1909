package spacesbackupidentity.settings;

import spacesbackupidentity.rules.AwsNames;
import spacesbackupidentity.rules.AwsPartitions;
import spacesbackupidentity.rules.Quote;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The cluster's IAM OIDC provider. Its ARN carries everything the trust policy and the role ARN
 * need: the partition, the account, and the issuer that prefixes the {@code aud} and {@code sub}
 * condition keys. Knowing the account from the ARN means no AWS call is needed to predict ARNs.
 */
public record OidcProvider(String arn, String partition, String accountId, String issuer) {
    private static final Pattern ARN = Pattern.compile("arn:([a-z-]+):iam::([^:]*):oidc-provider/(.*)");
    private static final Pattern PARTITION = Pattern.compile(AwsNames.PARTITIONS);
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern ISSUER =
            Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\\d{1,5})?(/[A-Za-z0-9._~-]+)*");

    /** Parses and validates an OIDC provider ARN read from {@code key}. */
    public static OidcProvider parse(String key, String arn) {
        var m = ARN.matcher(arn);
        var expected = "; expected arn:aws:iam::123456789012:oidc-provider/oidc.eks.REGION.amazonaws.com/id/ID";
        if (!m.matches()) {
            throw InvalidConfigException.of(key, Quote.of(arn) + " is not an OIDC provider ARN" + expected);
        }
        if (!PARTITION.matcher(m.group(1)).matches()) {
            throw InvalidConfigException.of(key, Quote.of(arn) + " names the unknown partition " + Quote.of(m.group(1))
                    + "; expected one of " + AwsNames.PARTITIONS.replace("|", ", "));
        }
        if (!ACCOUNT.matcher(m.group(2)).matches()) {
            throw InvalidConfigException.of(key, Quote.of(arn) + " has the account ID " + Quote.of(m.group(2))
                    + "; expected 12 digits, as in arn:aws:iam::123456789012:oidc-provider/ISSUER");
        }
        var issuer = m.group(3);
        if (!ISSUER.matcher(issuer).matches()) {
            throw InvalidConfigException.of(key, Quote.of(arn) + " has the issuer " + Quote.of(issuer)
                    + "; expected a host and path without scheme" + expected);
        }
        // An issuer of EKS's form names the cluster's region, which decides where a kubeconfig may send
        // the deploy role's EKS token: it must be a real region of the ARN's partition.
        var region = EksCluster.issuerRegion(issuer);
        if (region.isPresent()) {
            AwsPartitions.checkRegion(region.get(), m.group(1)).ifPresent(problem -> {
                throw InvalidConfigException.of(key, Quote.of(arn) + " has an EKS issuer whose region is not one of"
                        + " partition " + m.group(1) + ": " + problem);
            });
        }
        return new OidcProvider(arn, m.group(1), m.group(2), issuer);
    }

    /** An issuer URL as clusters report it, with or without {@code https://} and a trailing slash. */
    public static String issuerOf(String url) {
        var issuer = url.strip();
        if (issuer.startsWith("https://")) {
            issuer = issuer.substring("https://".length());
        }
        while (issuer.endsWith("/")) {
            issuer = issuer.substring(0, issuer.length() - 1);
        }
        return issuer;
    }

    /** A provider ARN and an issuer URL from the same cluster must name the same issuer. */
    public Optional<String> checkIssuerUrl(String url) {
        if (!issuerOf(url).equals(issuer)) {
            return Optional.of(Quote.of(url) + " does not match the OIDC provider ARN's issuer " + Quote.of(issuer)
                    + "; the ARN and the URL must come from the same cluster");
        }
        return Optional.empty();
    }
}
