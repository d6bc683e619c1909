package spacesbackupidentity.settings;

import spacesbackupidentity.rules.AwsNames;
import spacesbackupidentity.rules.AwsPartitions;
import spacesbackupidentity.rules.Quote;

import java.util.Optional;

/**
 * Where a workload keeps its objects in S3: the bucket, an optional key prefix that limits the role
 * to it, the bucket's KMS key, its region and the S3 endpoint Spaces is told to use. The rules are
 * those of {@code backup} (control-plane backups), which came first; Space backups and billing read
 * theirs with the same rules.
 *
 * @param region    the bucket's region: the object's {@code region}, else {@code aws:region}
 * @param regionKey the config key the region came from, for messages
 */
public record S3Location(String bucket, Optional<String> prefix, Optional<String> kmsKeyArn, Optional<String> region,
                         String regionKey, Optional<String> endpoint) {
    static final String PROVIDER_REGION_KEY = "aws:region";

    /**
     * The endpoint Thanos' S3 client connects to (it refuses a config without one, "no s3
     * endpoint in config file", thanos-io/objstore providers/s3/s3.go): the configured one, else
     * the region's regional endpoint in its partition, as the Upbound docs' AWS example sets it.
     */
    public Optional<String> s3Endpoint() {
        return endpoint.or(() -> region.flatMap(r -> AwsPartitions.ofRegion(r).map(p -> p.s3Endpoint(r))));
    }

    /**
     * Reads {@code bucket} (required), {@code prefix} when {@code withPrefix}, {@code kmsKeyArn},
     * {@code region} (required, or {@code aws:region}) and {@code endpoint}.
     *
     * @param holds  what the bucket holds, for the message when it is missing ("the Space backups")
     * @param usedBy the Spaces object or Helm value that names the region and endpoint, for messages
     */
    static S3Location read(ConfigObject object, Optional<String> providerRegion, boolean withPrefix, String holds,
                           String usedBy, ConfigProblems problems) {
        var bucket = object.string("bucket");
        if (bucket.isEmpty() && !object.has("bucket")) {
            problems.add(object.keyOf("bucket"), "required; the S3 bucket that holds " + holds);
        }
        bucket.flatMap(AwsNames::checkBucketName).ifPresent(p -> problems.add(object.keyOf("bucket"), p));
        Optional<String> prefix = Optional.empty();
        if (withPrefix) {
            prefix = object.string("prefix");
            prefix.flatMap(p -> checkPrefix(p, object.keyOf("prefix")))
                    .ifPresent(p -> problems.add(object.keyOf("prefix"), p));
            prefix = prefix.map(S3Location::normalizePrefix);
        }
        var region = object.string("region").or(() -> providerRegion);
        var regionKey = object.has("region") ? object.keyOf("region") : PROVIDER_REGION_KEY;
        region.filter(r -> AwsPartitions.ofRegion(r).isEmpty()).ifPresent(r -> problems.add(regionKey,
                Quote.of(r) + " is not an AWS region; expected one of " + AwsPartitions.regionsOf("")));
        if (region.isEmpty()) {
            problems.add(object.keyOf("region"), "required for " + usedBy + ": the bucket's region, such as us-east-1"
                    + " (or set aws:region)");
        }
        var kms = object.string("kmsKeyArn");
        kms.flatMap(AwsNames::checkKmsKeyArn).ifPresent(p -> problems.add(object.keyOf("kmsKeyArn"), p));
        checkKeyRegion(kms, region, regionKey).ifPresent(p -> problems.add(object.keyOf("kmsKeyArn"), p));
        var endpoint = object.string("endpoint");
        endpoint.ifPresent(e -> region.flatMap(r -> checkEndpoint(e, r, usedBy))
                .ifPresent(p -> problems.add(object.keyOf("endpoint"), p)));
        return new S3Location(bucket.orElse(""), prefix, kms, region, regionKey, endpoint);
    }

    /** S3 encrypts a bucket's objects with a key of the bucket's region. */
    static Optional<String> checkKeyRegion(Optional<String> kms, Optional<String> region, String regionKey) {
        return kms.filter(k -> AwsNames.checkKmsKeyArn(k).isEmpty() && region.isPresent()
                        && !AwsNames.kmsKeyRegion(k).equals(region.get()))
                .map(k -> Quote.of(k) + " is in region " + AwsNames.kmsKeyRegion(k) + ", but the bucket is in "
                        + region.get() + " (" + regionKey + "); S3 encrypts a bucket's objects with a key in the"
                        + " bucket's region");
    }

    /**
     * Spaces sends every object, and the role's session token, to this host: it must be one of
     * AWS's own S3 endpoints for the bucket's region, never a host the config invents.
     *
     * @param usedBy what is sent there, for the message
     */
    static Optional<String> checkEndpoint(String endpoint, String region, String usedBy) {
        var partition = AwsPartitions.ofRegion(region);
        if (partition.isEmpty()) {
            return Optional.empty(); // the region's own problem says what is missing
        }
        var suffix = partition.get().dnsSuffix();
        if (partition.get().s3EndpointsOf(region).matcher(endpoint).matches()) {
            return Optional.empty();
        }
        var port = endpoint.lastIndexOf(':');
        if (port >= 0 && partition.get().s3EndpointsOf(region).matcher(endpoint.substring(0, port)).matches()) {
            return Optional.of(Quote.of(endpoint) + " names port " + Quote.of(endpoint.substring(port + 1)) + "; AWS's"
                    + " S3 endpoints serve HTTPS on port 443 and on no other, so anything else is not AWS; expected no"
                    + " port, or :443");
        }
        return Optional.of(Quote.of(endpoint) + " is not an S3 endpoint of the bucket's region " + region + "; "
                + usedBy + " and the role's session token go to this host, so only AWS's own are accepted: s3-fips."
                + region + "." + suffix + ", s3.dualstack." + region + "." + suffix + ", s3-fips.dualstack." + region
                + "." + suffix + ", or an interface VPC endpoint such as bucket.vpce-0a1b2c3d-e4f5g6h7.s3." + region
                + ".vpce." + suffix + " (host only, no scheme or path)");
    }

    /** "backups/" and "backups" are the same prefix; one spelling keeps the policy stable. */
    static String normalizePrefix(String prefix) {
        var p = prefix;
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /**
     * A prefix limits the role to {@code bucket/prefix/*}; anything that could widen that, or mean
     * something else to S3 or IAM than it reads, is refused.
     *
     * @param key the prefix's config key, for the way out of an empty one
     */
    static Optional<String> checkPrefix(String prefix, String key) {
        var expected = "; expected path segments such as 'spaces/prod'";
        var normalized = normalizePrefix(prefix);
        if (normalized.isEmpty()) {
            return Optional.of(Quote.of(prefix) + " is empty once its trailing '/' is removed, which would grant the"
                    + " whole bucket" + expected + ", or leave " + key + " out to use the whole bucket on purpose");
        }
        if (normalized.length() > 512) {
            return Optional.of("a prefix of " + normalized.length() + " characters" + expected + " of at most 512");
        }
        if (!normalized.codePoints().allMatch(c -> c > ' ' && c < 0x7F)) {
            return Optional.of(Quote.of(prefix) + " has whitespace, control or non-ASCII characters, which"
                    + " IAM and S3 may read differently from how it looks" + expected);
        }
        if (normalized.matches(".*[*?$].*")) {
            return Optional.of(Quote.of(prefix) + " has an IAM policy wildcard or variable (* ? $)" + expected);
        }
        if (normalized.startsWith("/") || normalized.contains("//")) {
            return Optional.of(Quote.of(prefix) + " has a leading '/' or an empty segment" + expected);
        }
        if (java.util.Arrays.stream(normalized.split("/")).anyMatch(s -> s.equals(".") || s.equals(".."))) {
            return Optional.of(Quote.of(prefix) + " has a '.' or '..' segment" + expected);
        }
        return Optional.empty();
    }
}
