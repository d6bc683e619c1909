package spacesbackupidentity.rules;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * AWS partitions: which regions belong to each, and the DNS suffix of its service endpoints. From
 * the canonical list the AWS SDKs generate their endpoints from (smithy-lang/smithy
 * smithy-aws-endpoints/.../partition/partitions.json at 0f7323128b06, version 1.1); S3's regional
 * endpoint there is {@code s3.{region}.{dnsSuffix}}.
 */
public final class AwsPartitions {
    /** One partition: its ID as ARNs spell it, the regions it holds, and its DNS suffix. */
    public record Partition(String id, Pattern regions, String dnsSuffix) {
        /** The bucket's regional S3 endpoint, as Thanos' S3 config wants it: a host, no scheme. */
        public String s3Endpoint(String region) {
            return "s3." + region + "." + dnsSuffix;
        }
    }

    public static final List<Partition> ALL = List.of(
            new Partition("aws", Pattern.compile("(us|eu|ap|sa|ca|me|af|il|mx)-\\w+-\\d+"), "amazonaws.com"),
            new Partition("aws-cn", Pattern.compile("cn-\\w+-\\d+"), "amazonaws.com.cn"),
            new Partition("aws-us-gov", Pattern.compile("us-gov-\\w+-\\d+"), "amazonaws.com"),
            new Partition("aws-iso", Pattern.compile("us-iso-\\w+-\\d+"), "c2s.ic.gov"),
            new Partition("aws-iso-b", Pattern.compile("us-isob-\\w+-\\d+"), "sc2s.sgov.gov"),
            new Partition("aws-iso-e", Pattern.compile("eu-isoe-\\w+-\\d+"), "cloud.adc-e.uk"),
            new Partition("aws-iso-f", Pattern.compile("us-isof-\\w+-\\d+"), "csp.hci.ic.gov"),
            new Partition("aws-eusc", Pattern.compile("eusc-(de)-\\w+-\\d+"), "amazonaws.eu"));

    private AwsPartitions() {
    }

    /**
     * The partition a region belongs to. The specific patterns win: {@code us-gov-west-1} also
     * has the shape of a commercial region.
     */
    public static Optional<Partition> ofRegion(String region) {
        if (region.length() > 64) {
            return Optional.empty();
        }
        return ALL.stream().skip(1).filter(p -> p.regions().matcher(region).matches()).findFirst()
                .or(() -> ALL.stream().limit(1).filter(p -> p.regions().matcher(region).matches()).findFirst());
    }
}
