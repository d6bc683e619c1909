package spacesbackupidentity.plan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.policybuilder.iam.IamConditionOperator;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamPolicyWriter;
import software.amazon.awssdk.policybuilder.iam.IamPrincipalType;
import spacesbackupidentity.StackConfig;
import spacesbackupidentity.settings.ControlPlane;
import spacesbackupidentity.settings.OidcProvider;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class TrustPolicyTest {
    static final OidcProvider OIDC = OidcProvider.parse("oidcProviderArn", StackConfig.OIDC_ARN);

    static TrustPolicySize irsaSize(List<String> namespaces, int quota) {
        return TrustPolicySize.measure(ns -> TrustPolicy.json(TrustPolicy.irsa(OIDC, ns)), namespaces, quota, true);
    }

    static List<String> namespaces(int n) {
        return IntStream.range(0, n).mapToObj(i -> ControlPlane.namespaceFor(StackConfig.id(i))).toList();
    }

    @ParameterizedTest(name = "{0} control planes")
    @ValueSource(ints = {1, 3, 40})
    void trustsExactlyTheConfiguredServiceAccounts(int n) {
        var policy = IamPolicy.fromJson(TrustPolicy.json(TrustPolicy.irsa(OIDC, namespaces(n))));

        assertThat(policy.statements()).hasSize(1);
        var statement = policy.statements().get(0);
        assertThat(statement.effect().value()).isEqualTo("Allow");
        assertThat(statement.principals()).singleElement().satisfies(p -> {
            assertThat(p.type()).isEqualTo(IamPrincipalType.FEDERATED);
            assertThat(p.id()).isEqualTo(StackConfig.OIDC_ARN);
        });
        assertThat(statement.actions()).singleElement()
                .satisfies(a -> assertThat(a.value()).isEqualTo("sts:AssumeRoleWithWebIdentity"));
        assertThat(statement.conditions()).allSatisfy(c ->
                assertThat(c.operator()).isEqualTo(IamConditionOperator.STRING_EQUALS));
        var byKey = statement.conditions().stream().collect(Collectors.groupingBy(c -> c.key().value(),
                Collectors.mapping(c -> c.value(), Collectors.toSet())));
        assertThat(byKey).containsOnlyKeys(StackConfig.ISSUER + ":aud", StackConfig.ISSUER + ":sub");
        assertThat(byKey.get(StackConfig.ISSUER + ":aud")).containsExactly("sts.amazonaws.com");
        assertThat(byKey.get(StackConfig.ISSUER + ":sub")).isEqualTo(namespaces(n).stream()
                .map(ns -> "system:serviceaccount:" + ns + ":mxp-controller").collect(Collectors.toSet()));
    }

    @Test
    void anyOrderAndAnyDuplicatesGiveTheSameBytes() {
        var expected = TrustPolicy.json(TrustPolicy.irsa(OIDC, namespaces(25)));
        var random = new Random(20261129L);
        for (int round = 0; round < 200; round++) {
            var shuffled = new ArrayList<>(namespaces(25));
            for (int d = random.nextInt(10); d > 0; d--) {
                shuffled.add(shuffled.get(random.nextInt(shuffled.size())));
            }
            Collections.shuffle(shuffled, random);
            assertThat(TrustPolicy.json(TrustPolicy.irsa(OIDC, shuffled))).isEqualTo(expected);
        }
    }

    @Test
    void everyNamespaceAppearsInExactlyOneSubjectAndSubjectsAreSorted() {
        var random = new Random(7L);
        for (int round = 0; round < 50; round++) {
            var namespaces = IntStream.range(0, 1 + random.nextInt(30))
                    .mapToObj(i -> "ns-" + Integer.toString(random.nextInt(1_000_000), 36)).toList();
            var policy = IamPolicy.fromJson(TrustPolicy.json(TrustPolicy.irsa(OIDC, namespaces)));
            var subjects = policy.statements().get(0).conditions().stream()
                    .filter(c -> c.key().value().endsWith(":sub")).map(c -> c.value()).toList();
            assertThat(subjects).isSorted().doesNotHaveDuplicates();
            for (var ns : Set.copyOf(namespaces)) {
                assertThat(subjects).filteredOn(s -> s.equals("system:serviceaccount:" + ns + ":mxp-controller"))
                        .hasSize(1);
            }
            assertThat(subjects).hasSize(Set.copyOf(namespaces).size());
        }
    }

    @Test
    void sizeIsCountedWithoutWhitespaceAsIamCountsIt() {
        var policy = TrustPolicy.irsa(OIDC, namespaces(5));
        var compact = TrustPolicy.json(policy);
        var pretty = IamPolicyWriter.builder().prettyPrint(true).build().writeToString(policy);

        assertThat(pretty.length()).isGreaterThan(compact.length());
        assertThat(TrustPolicySize.nonWhitespaceLength(pretty)).isEqualTo(compact.length());
        assertThat(TrustPolicySize.nonWhitespaceLength(" a\tb\nc ")).isEqualTo(3);
    }

    @ParameterizedTest(name = "quota {0}")
    @ValueSource(ints = {2048, 4096, 8192})
    void capacityFiguresAgreeWithBuildingEveryPolicy(int quota) {
        var size = irsaSize(namespaces(3), quota);
        int fitting = 0;
        while (TrustPolicySize.nonWhitespaceLength(TrustPolicy.json(TrustPolicy.irsa(OIDC, namespaces(fitting + 1))))
                <= quota) {
            fitting++;
        }
        assertThat(size.fits()).isTrue();
        assertThat(size.controlPlanesThatFit()).isEqualTo(3);
        assertThat(3 + size.additionalUuidControlPlanes().getAsInt()).isEqualTo(fitting);
        assertThat(size.remainingCharacters()).isEqualTo(quota - size.size());
    }

    @Test
    void overQuotaReportsHowManyOfTheConfiguredControlPlanesFit() {
        var size = irsaSize(namespaces(40), 2048);

        assertThat(size.fits()).isFalse();
        assertThat(size.additionalUuidControlPlanes()).hasValue(0);
        assertThat(irsaSize(namespaces(size.controlPlanesThatFit()), 2048).fits()).isTrue();
        assertThat(irsaSize(namespaces(size.controlPlanesThatFit() + 1), 2048).fits()).isFalse();
    }
}
