package spacesbackupidentity.settings;

import spacesbackupidentity.rules.AwsNames;
import spacesbackupidentity.rules.AwsPartitions;
import spacesbackupidentity.rules.Quote;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The EKS cluster that Pod Identity associations live in: its name, and its ARN, which the trust
 * policy pins through the {@code eks-cluster-arn} session tag.
 */
public record EksCluster(String name, String arn) {
    private static final Pattern ARN = Pattern.compile(
            "arn:(" + AwsNames.PARTITIONS + "):eks:([a-z0-9-]+):(\\d{12}):cluster/([0-9A-Za-z][A-Za-z0-9_-]{0,99})");
    private static final Pattern NAME = Pattern.compile("[0-9A-Za-z][A-Za-z0-9_-]{0,99}");
    private static final Pattern EKS_ISSUER = Pattern.compile("oidc\\.eks\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?/id/.*");

    public String partition() {
        return part(1);
    }

    public String region() {
        return part(2);
    }

    public String accountId() {
        return part(3);
    }

    private String part(int group) {
        var m = ARN.matcher(arn);
        if (!m.matches()) {
            throw new IllegalStateException("validated at construction: " + arn);
        }
        return m.group(group);
    }

    public static EksCluster fromArn(String key, String arn) {
        var m = ARN.matcher(arn);
        if (!m.matches()) {
            throw InvalidConfigException.of(key, Quote.of(arn) + " is not an EKS cluster ARN; expected"
                    + " arn:aws:eks:REGION:123456789012:cluster/NAME");
        }
        // The region decides where a kubeconfig may send the deploy role's EKS token: only a real one will do.
        AwsPartitions.checkRegion(m.group(2), m.group(1)).ifPresent(problem -> {
            throw InvalidConfigException.of(key, Quote.of(arn) + " names a region that is not one of partition "
                    + m.group(1) + ": " + problem);
        });
        return new EksCluster(m.group(4), arn);
    }

    /**
     * The ARN EKS gives a cluster of this name, in the OIDC provider's account and partition and
     * in the region its issuer names.
     */
    public static EksCluster fromName(String key, String name, OidcProvider oidc) {
        checkName(name).ifPresent(problem -> {
            throw InvalidConfigException.of(key, problem);
        });
        var issuer = EKS_ISSUER.matcher(oidc.issuer());
        if (!issuer.matches()) {
            throw InvalidConfigException.of(key, "cannot derive the cluster ARN: the OIDC issuer " + Quote.of(oidc.issuer())
                    + " is not an EKS issuer (oidc.eks.REGION.amazonaws.com/id/ID); set clusterArn");
        }
        return new EksCluster(name, "arn:" + oidc.partition() + ":eks:" + issuer.group(1) + ":" + oidc.accountId()
                + ":cluster/" + name);
    }

    /**
     * How this cluster's ARN disagrees with the OIDC provider's (account, partition, or the region
     * an EKS issuer names); empty when they agree. A mismatch would trust one cluster's tokens and
     * associate another cluster's pods.
     */
    public Optional<String> contradiction(OidcProvider oidc) {
        if (!oidc.accountId().equals(accountId())) {
            return Optional.of("is in account " + accountId() + ", but the OIDC provider is in account "
                    + oidc.accountId());
        }
        if (!oidc.partition().equals(partition())) {
            return Optional.of("is in partition " + partition() + ", but the OIDC provider is in " + oidc.partition());
        }
        var issuer = EKS_ISSUER.matcher(oidc.issuer());
        if (issuer.matches() && !issuer.group(1).equals(region())) {
            return Optional.of("is in region " + region() + ", but the OIDC provider's issuer is in " + issuer.group(1));
        }
        return Optional.empty();
    }

    /** The region an EKS issuer names; empty for an issuer that is not EKS's. */
    public static Optional<String> issuerRegion(OidcProvider oidc) {
        return issuerRegion(oidc.issuer());
    }

    /** The region in an issuer of EKS's form ({@code oidc.eks.REGION.amazonaws.com[.cn]/id/ID}); else empty. */
    static Optional<String> issuerRegion(String issuer) {
        var m = EKS_ISSUER.matcher(issuer);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    public static Optional<String> checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            return Optional.of(Quote.of(name) + " is not an EKS cluster name; expected 1 to 100 letters, digits, '-'"
                    + " and '_', starting with a letter or digit");
        }
        return Optional.empty();
    }
}
