package spacesbackupidentity.rules;

import software.amazon.awssdk.regions.GeneratedPartitionMetadataProvider;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * AWS regions and partitions as the AWS SDK for Java 2.x knows them (software.amazon.awssdk:regions,
 * generated from the partitions.json every AWS SDK shares): only a region the SDK lists is a region,
 * and its partition and DNS suffix are the SDK's. A region code of the right shape that no partition
 * lists ({@code us-east-1x}) is no region: the checks that depend on one refuse it. The SDK's own
 * {@code PartitionMetadata.of(Region)} would place it in {@code aws} by its pattern, so it is not
 * used for unknown regions. Global pseudo-regions ({@code aws-global}) are not regions here.
 */
public final class AwsPartitions {
    /** One partition: its ID as ARNs spell it and the DNS suffix of its service endpoints. */
    public record Partition(String id, String dnsSuffix) {
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
         * S3" in the S3 user guide), with no port or 443, the port they serve HTTPS on.
         */
        public Pattern s3EndpointsOf(String region) {
            var regionSuffix = Pattern.quote(region + "." + dnsSuffix);
            return Pattern.compile("(s3(-fips)?(\\.dualstack)?\\." + regionSuffix
                    + "|(bucket\\.)?vpce-[a-z0-9]{1,32}(-[a-z0-9]{1,32})?\\.s3\\." + Pattern.quote(region)
                    + "\\.vpce\\." + Pattern.quote(dnsSuffix) + ")(:443)?");
        }

        /** The host names of this region's EKS cluster API endpoints: {@code ID.SUFFIX.REGION.eks.DNS-SUFFIX}. */
        public Pattern eksApiHostsOf(String region) {
            return Pattern.compile("[A-Za-z0-9]{1,64}\\.[a-z0-9]{1,8}\\." + Pattern.quote(region) + "\\.eks\\."
                    + Pattern.quote(dnsSuffix));
        }
    }

    private static final GeneratedPartitionMetadataProvider PARTITIONS = new GeneratedPartitionMetadataProvider();
    /** Every region the SDK lists, by code, with its partition. */
    private static final Map<String, Partition> REGIONS = Region.regions().stream()
            .filter(region -> !region.isGlobalRegion())
            .collect(Collectors.toMap(Region::id, region -> partition(PARTITIONS.partitionMetadata(region)),
                    (a, b) -> a, TreeMap::new));
    /** The partitions those regions are in, by ID. */
    private static final Map<String, Partition> BY_ID = REGIONS.values().stream()
            .collect(Collectors.toMap(Partition::id, p -> p, (a, b) -> a, TreeMap::new));

    private AwsPartitions() {
    }

    private static Partition partition(PartitionMetadata metadata) {
        return new Partition(metadata.id(), metadata.dnsSuffix());
    }

    /** The partition of a region the SDK lists; empty for any other text. */
    public static Optional<Partition> ofRegion(String region) {
        return Optional.ofNullable(REGIONS.get(region));
    }

    /** A partition the SDK lists a region of, by its ID ({@code aws}, {@code aws-cn}, ...). */
    public static Optional<Partition> byId(String id) {
        return Optional.ofNullable(BY_ID.get(id));
    }

    /** The partition IDs, sorted. */
    public static List<String> ids() {
        return List.copyOf(BY_ID.keySet());
    }

    /**
     * Empty when {@code region} is a region of {@code partition} in the SDK's metadata; else what
     * is wrong and what is accepted, for a message that has already named the key and value.
     */
    public static Optional<String> checkRegion(String region, String partition) {
        var found = ofRegion(region);
        if (found.isEmpty()) {
            return Optional.of(Quote.of(region) + " is not an AWS region; expected one of " + regionsOf(partition));
        }
        if (!found.get().id().equals(partition)) {
            return Optional.of(Quote.of(region) + " is a region of partition " + found.get().id() + ", not "
                    + partition + "; expected one of " + regionsOf(partition));
        }
        return Optional.empty();
    }

    /**
     * What a message says is accepted: how many regions the SDK lists for the partition (for all
     * partitions when the ID is unknown) and one of them, such as {@code us-east-1}.
     */
    public static String regionsOf(String partition) {
        var listed = REGIONS.entrySet().stream()
                .filter(e -> !BY_ID.containsKey(partition) || e.getValue().id().equals(partition))
                .map(Map.Entry::getKey).toList();
        var example = listed.contains("us-east-1") ? "us-east-1" : listed.get(0);
        var of = BY_ID.containsKey(partition) ? "of partition " + partition + " " : "";
        return "the " + listed.size() + " regions " + of
                + "in the AWS SDK's partition metadata, such as " + example;
    }
}
