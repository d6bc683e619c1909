package spacesbackupidentity.rules;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.arns.Arn;
import spacesbackupidentity.settings.EksCluster;
import spacesbackupidentity.settings.InvalidConfigException;
import spacesbackupidentity.settings.OidcProvider;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AWS SDK's own ARN parser ({@code software.amazon.awssdk:arns}, the version of the SDK modules
 * the program uses) as the oracle of the program's ARN readers: every ARN one of them accepts, of
 * every partition and with every hostile character put in every field, the SDK parses too, into the
 * same partition, service, region, account and resource. The program's readers may refuse more (they
 * know what each ARN must name); they never accept what the SDK would read differently.
 */
class ArnOracleTest {
    /** An ARN reader of the program: what it accepts, read into the SDK's fields. */
    record Reader(String name, List<String> valid, Function<String, Optional<Arn>> read) {
    }

    static final String UUID = "1234abcd-12ab-34cd-56ef-1234567890ab";

    static List<Reader> readers() {
        var readers = new ArrayList<Reader>();
        var oidc = new ArrayList<String>();
        var eks = new ArrayList<String>();
        var policy = new ArrayList<String>();
        var kms = new ArrayList<String>();
        for (var partition : AwsPartitions.ids()) {
            var region = software.amazon.awssdk.regions.Region.regions().stream().map(r -> r.id()).sorted()
                    .filter(id -> AwsPartitions.ofRegion(id).map(p -> p.id().equals(partition)).orElse(false))
                    .findFirst().orElseThrow();
            oidc.add("arn:" + partition + ":iam::123456789012:oidc-provider/oidc.eks." + region + ".amazonaws.com/id/ABCDEF0123");
            oidc.add("arn:" + partition + ":iam::123456789012:oidc-provider/issuer.acme.example:8443/path/to");
            eks.add("arn:" + partition + ":eks:" + region + ":123456789012:cluster/acme-dev_1");
            policy.add("arn:" + partition + ":iam::123456789012:policy/team/boundary");
            policy.add("arn:" + partition + ":iam::aws:policy/ReadOnlyAccess");
            kms.add("arn:" + partition + ":kms:" + region + ":123456789012:key/" + UUID);
            kms.add("arn:" + partition + ":kms:" + region + ":123456789012:key/mrk-" + "0123456789abcdef".repeat(2));
        }
        readers.add(new Reader("oidcProviderArn", oidc, arn -> {
            try {
                var provider = OidcProvider.parse("oidcProviderArn", arn);
                return Optional.of(Arn.builder().partition(provider.partition()).service("iam").region("")
                        .accountId(provider.accountId()).resource("oidc-provider/" + provider.issuer()).build());
            } catch (InvalidConfigException refused) {
                return Optional.empty();
            }
        }));
        readers.add(new Reader("clusterArn", eks, arn -> {
            try {
                var cluster = EksCluster.fromArn("clusterArn", arn);
                return Optional.of(Arn.builder().partition(cluster.partition()).service("eks").region(cluster.region())
                        .accountId(cluster.accountId()).resource("cluster/" + cluster.name()).build());
            } catch (InvalidConfigException refused) {
                return Optional.empty();
            }
        }));
        readers.add(new Reader("role.permissionsBoundary", policy, arn -> AwsNames.checkPolicyArn(arn).isPresent()
                ? Optional.empty() : Optional.of(fields(arn))));
        readers.add(new Reader("backup.kmsKeyArn", kms, arn -> AwsNames.checkKmsKeyArn(arn).isPresent()
                ? Optional.empty() : Optional.of(fields(arn))));
        return readers;
    }

    /** An accepted policy or key ARN as the program's messages and policies use it: split on its colons. */
    static Arn fields(String arn) {
        var parts = arn.split(":", 6);
        return Arn.builder().partition(parts[1]).service(parts[2]).region(parts[3]).accountId(parts[4])
                .resource(parts[5]).build();
    }

    static final List<String> HOSTILE = List.of("*", "?", "$", ":", "/", " ", "\t", "\n", "\u200b", "\u00a0",
            "\u202e", "=", "..", "%2F", "A", "-", "_", "\\", "\"", "'", "#", "@", "\u0000", "é");

    /** Each valid ARN, and each with each hostile text put at each place. */
    static Set<String> corpus(List<String> valid) {
        var corpus = new LinkedHashSet<String>(valid);
        for (var arn : valid) {
            for (int at = 0; at <= arn.length(); at++) {
                for (var text : HOSTILE) {
                    corpus.add(arn.substring(0, at) + text + arn.substring(at));
                }
            }
            corpus.add(arn.toUpperCase(java.util.Locale.ROOT));
            corpus.add(arn + ":");
            corpus.add(arn.replaceFirst("^arn:", "arn::"));
        }
        return corpus;
    }

    @Test
    void everyArnTheProgramAcceptsTheSdkReadsTheSameWay() {
        for (var reader : readers()) {
            int accepted = 0;
            var corpus = corpus(reader.valid());
            for (var text : corpus) {
                Optional<Arn> ours;
                try {
                    ours = reader.read().apply(text);
                } catch (IllegalArgumentException e) {
                    throw new AssertionError(reader.name() + " accepts " + text.replace("\n", "\\n")
                            + ", whose resource the AWS SDK refuses: " + e.getMessage());
                }
                if (ours.isEmpty()) {
                    continue;
                }
                accepted++;
                Arn sdk;
                try {
                    sdk = Arn.fromString(text);
                } catch (IllegalArgumentException e) {
                    throw new AssertionError(reader.name() + " accepts " + text + ", which the AWS SDK refuses: "
                            + e.getMessage());
                }
                assertThat(sdk.partition()).as(reader.name() + " " + text).isEqualTo(ours.get().partition());
                assertThat(sdk.service()).as(reader.name() + " " + text).isEqualTo(ours.get().service());
                assertThat(sdk.region().orElse("")).as(reader.name() + " " + text)
                        .isEqualTo(ours.get().region().orElse(""));
                assertThat(sdk.accountId().orElse("")).as(reader.name() + " " + text)
                        .isEqualTo(ours.get().accountId().orElse(""));
                assertThat(sdk.resourceAsString()).as(reader.name() + " " + text).isEqualTo(ours.get().resourceAsString());
            }
            assertThat(accepted).as(reader.name() + ": every valid ARN is accepted, so the comparison is not empty")
                    .isGreaterThanOrEqualTo(reader.valid().size());
            assertThat(accepted).as(reader.name() + ": most hostile variants are refused").isLessThan(corpus.size() / 4);
        }
    }

    @Test
    void theSdkIsTheOracleForTheRightReasons() {
        assertThat(Arn.fromString("arn:aws:eks:us-east-1:123456789012:cluster/acme").region()).contains("us-east-1");
        assertThat(Arn.fromString("arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/X")
                .resourceAsString()).isEqualTo("oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/X");
        assertThat(Arn.tryFromString("not-an-arn")).isEmpty();
    }
}
