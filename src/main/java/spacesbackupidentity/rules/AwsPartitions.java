package spacesbackupidentity.rules;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * AWS partitions: which regions belong to each, and the DNS suffix of its service endpoints. From
 * the canonical list the AWS SDKs generate their endpoints from (smithy-lang/smithy
 * smithy-aws-endpoints/.../partition/partitions.json at 0f7323128b06, version 1.1); S3's regional
 * endpoint there is {@code s3.{region}.{dnsSuffix}}. The region patterns there spell the word
 * between the dashes as {@code \w+}; here it is {@code [a-z]+}, as every region is written, so that
 * {@code us-EAST_1-1} is refused instead of becoming a plausible-looking endpoint.
 */
public final class AwsPartitions {
    /** One partition: its ID as ARNs spell it, the regions it holds, and its DNS suffix. */
    public record Partition(String id, Pattern regions, String dnsSuffix) {
        /** The bucket's regional S3 endpoint, as Thanos' S3 config wants it: a host, no scheme. */
        public String s3Endpoint(String region) {
            return "s3." + region + "." + dnsSuffix;
        }

        /**
         * The S3 endpoints of a region that Spaces may be pointed at instead of the regional one,
         * all run by AWS in this partition: FIPS and dual-stack
         * ({@code s3[-fips][.dualstack].{region}.{dnsSuffix}}, the "S3 endpoints" table of the AWS
         * General Reference) and an interface VPC endpoint's bucket or endpoint DNS name
         * ({@code [bucket.]vpce-<id>.s3.{region}.vpce.{dnsSuffix}}, "AWS PrivateLink for Amazon
         * S3" in the S3 user guide), optionally with a port.
         */
        public Pattern s3EndpointsOf(String region) {
            var regionSuffix = Pattern.quote(region + "." + dnsSuffix);
            return Pattern.compile("(s3(-fips)?(\\.dualstack)?\\." + regionSuffix
                    + "|(bucket\\.)?vpce-[a-z0-9]{1,32}(-[a-z0-9]{1,32})?\\.s3\\." + Pattern.quote(region)
                    + "\\.vpce\\." + Pattern.quote(dnsSuffix) + ")(:\\d{1,5})?");
        }
    }

    public static final List<Partition> ALL = List.of(
            new Partition("aws", Pattern.compile("(us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\\d+"), "amazonaws.com"),
            new Partition("aws-cn", Pattern.compile("cn-[a-z]+-\\d+"), "amazonaws.com.cn"),
            new Partition("aws-us-gov", Pattern.compile("us-gov-[a-z]+-\\d+"), "amazonaws.com"),
            new Partition("aws-iso", Pattern.compile("us-iso-[a-z]+-\\d+"), "c2s.ic.gov"),
            new Partition("aws-iso-b", Pattern.compile("us-isob-[a-z]+-\\d+"), "sc2s.sgov.gov"),
            new Partition("aws-iso-e", Pattern.compile("eu-isoe-[a-z]+-\\d+"), "cloud.adc-e.uk"),
            new Partition("aws-iso-f", Pattern.compile("us-isof-[a-z]+-\\d+"), "csp.hci.ic.gov"),
            new Partition("aws-eusc", Pattern.compile("eusc-(de)-[a-z]+-\\d+"), "amazonaws.eu"));

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
