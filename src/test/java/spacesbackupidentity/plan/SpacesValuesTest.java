package spacesbackupidentity.plan;

import org.junit.jupiter.api.Test;
import spacesbackupidentity.Fixtures;
import spacesbackupidentity.settings.IdentityMode;
import spacesbackupidentity.settings.InvalidConfigException;
import spacesbackupidentity.settings.ValuesSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpacesValuesTest {
    static final String ARN = "arn:aws:iam::123456789012:role/spaces-backup";

    @SuppressWarnings("unchecked")
    static Object at(Map<String, Object> values, String... path) {
        Object node = values;
        for (var segment : path) {
            node = ((Map<String, Object>) node).get(segment);
        }
        return node;
    }

    @Test
    void theAnnotationKeyIsOneLiteralKeyInNestedMaps() {
        var values = SpacesValues.merge(List.of(), SpacesValues.identityOverlay(IdentityMode.IRSA, ARN, Map.of()));

        assertThat(values).containsOnlyKeys("controlPlanes");
        assertThat(at(values, "controlPlanes", "mxpController", "serviceAccount", "annotations"))
                .isEqualTo(Map.of("eks.amazonaws.com/role-arn", ARN));
        assertThat(at(values, "controlPlanes", "mxpController")).isInstanceOf(Map.class)
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).doesNotContainKey("pod");
    }

    @Test
    void podLabelsJoinTheUsersCustomLabels() {
        var user = plain("spaces.values", Map.of("controlPlanes", Map.of("mxpController",
                Map.of("pod", Map.of("customLabels", Map.of("cost-center", "4711", "team", "platform"))))));
        var values = SpacesValues.merge(List.of(user),
                SpacesValues.identityOverlay(IdentityMode.IRSA, ARN, new TreeMap<>(Map.of("team", "platform", "app", "mxp"))));

        assertThat(at(values, "controlPlanes", "mxpController", "pod", "customLabels"))
                .isEqualTo(Map.of("cost-center", "4711", "team", "platform", "app", "mxp"));
    }

    @Test
    void layersMergeInOrderMapsByKeyAndOtherValuesReplaced() {
        var file = plain("spaces.valuesFiles[0]", Map.of(
                "api", Map.of("replicaCount", 2, "hpa", Map.of("enabled", true)),
                "features", List.of("a")));
        var values = plain("spaces.values", Map.of(
                "api", Map.of("replicaCount", 3),
                "features", List.of("b")));
        var merged = SpacesValues.merge(List.of(file, values), SpacesValues.identityOverlay(IdentityMode.IRSA, ARN, Map.of()));

        assertThat(at(merged, "api", "replicaCount")).isEqualTo(3);
        assertThat(at(merged, "api", "hpa", "enabled")).isEqualTo(true);
        assertThat(at(merged, "features")).isEqualTo(List.of("b"));
    }

    @Test
    void theSameAnnotationValueIsNoConflict() {
        var user = plain("spaces.values", Map.of("controlPlanes", Map.of("mxpController",
                Map.of("serviceAccount", Map.of("annotations", Map.of(
                        "eks.amazonaws.com/role-arn", ARN, "team.acme.io/owner", "platform"))))));

        var merged = SpacesValues.merge(List.of(user), SpacesValues.identityOverlay(IdentityMode.IRSA, ARN, Map.of()));

        assertThat(at(merged, "controlPlanes", "mxpController", "serviceAccount", "annotations"))
                .isEqualTo(Map.of("eks.amazonaws.com/role-arn", ARN, "team.acme.io/owner", "platform"));
    }

    @Test
    void everyConflictingLayerIsReportedWithItsKey() {
        var nullAnnotations = new HashMap<String, Object>();
        nullAnnotations.put("annotations", null);
        var first = plain("spaces.valuesFiles[0] (a.yaml)", Map.of("controlPlanes",
                Map.of("mxpController", Map.of("serviceAccount", nullAnnotations))));
        var second = plain("spaces.values", Map.of("controlPlanes", "none"));

        assertThatThrownBy(() -> SpacesValues.merge(List.of(first, second), SpacesValues.identityOverlay(IdentityMode.IRSA, ARN, Map.of())))
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).containsExactly(
                        "spaces.valuesFiles[0] (a.yaml): controlPlanes.mxpController.serviceAccount.annotations is null;"
                                + " expected a map, because this stack sets controlPlanes.mxpController.serviceAccount"
                                + ".annotations[\"eks.amazonaws.com/role-arn\"] to the backup role's ARN",
                        "spaces.values: controlPlanes is 'none'; expected a map, because this stack sets"
                                + " controlPlanes.mxpController.serviceAccount.annotations[\"eks.amazonaws.com/role-arn\"]"
                                + " to the backup role's ARN"));
    }

    @Test
    void aProblemOnTheWayToManyOwnedValuesIsReportedOnce() {
        var labels = new TreeMap<String, String>();
        for (int i = 0; i < 10; i++) {
            labels.put("label-" + i, "v");
        }
        var user = plain("spaces.values", Map.of(
                "ControlPlanes", Map.of(),
                "controlPlanes", Map.of("mxpController", Map.of("pod", "x"))));

        assertThatThrownBy(() -> SpacesValues.merge(List.of(user), SpacesValues.identityOverlay(IdentityMode.IRSA, ARN,
                labels)))
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).containsExactly(
                        "spaces.values: 'ControlPlanes' differs from 'controlPlanes', which this stack sets, only by"
                                + " case, whitespace or invisible characters; Helm would treat it as another key. Use"
                                + " 'controlPlanes' or remove it",
                        "spaces.values: controlPlanes.mxpController.pod is 'x'; expected a map, because this stack sets"
                                + " controlPlanes.mxpController.pod.customLabels[\"label-0\"] to podLabels"));
    }

    /** Helm deletes a chart default set to null; without the annotation EKS's webhook uses sts.amazonaws.com. */
    @Test
    void aNullAudienceRemovesTheAnnotationAndIsAccepted() {
        var annotations = new HashMap<String, Object>();
        annotations.put(SpacesValues.AUDIENCE_ANNOTATION, null);
        var user = plain("spaces.values", Map.of("controlPlanes", Map.of("mxpController",
                Map.of("serviceAccount", Map.of("annotations", annotations)))));

        var merged = SpacesValues.merge(List.of(user), SpacesValues.identityOverlay(IdentityMode.IRSA, ARN, Map.of()));

        var expected = new HashMap<String, Object>();
        expected.put(SpacesValues.AUDIENCE_ANNOTATION, null);
        expected.put(SpacesValues.ROLE_ARN_ANNOTATION, ARN);
        assertThat(at(merged, "controlPlanes", "mxpController", "serviceAccount", "annotations")).isEqualTo(expected);
    }

    @Test
    void anotherAudienceIsStillAnError() {
        var user = plain("spaces.values", Map.of("controlPlanes", Map.of("mxpController",
                Map.of("serviceAccount", Map.of("annotations", Map.of(SpacesValues.AUDIENCE_ANNOTATION, "vault"))))));

        assertThatThrownBy(() -> SpacesValues.merge(List.of(user),
                SpacesValues.identityOverlay(IdentityMode.IRSA, ARN, Map.of())))
                .hasMessageContaining("spaces.values: controlPlanes.mxpController.serviceAccount.annotations"
                        + "[\"eks.amazonaws.com/audience\"] is 'vault'; the trust policy accepts only tokens for"
                        + " sts.amazonaws.com, so set that, or remove the annotation (null removes a chart default)");
    }

    @Test
    void aValueThatMustBeAbsentIsAnErrorWhenSet() {
        var user = plain("spaces.values", Map.of("controlPlanes", Map.of("mxpController",
                Map.of("serviceAccount", Map.of("annotations", Map.of("eks.amazonaws.com/role-arn", ARN))))));
        var mustBeAbsent = new SpacesValues.OwnedValue(SpacesValues.SERVICE_ACCOUNT_ANNOTATIONS,
                SpacesValues.ROLE_ARN_ANNOTATION, Optional.empty(), "Pod Identity mode sets no role annotation");

        assertThatThrownBy(() -> SpacesValues.merge(List.of(user), List.of(mustBeAbsent)))
                .hasMessageContaining("spaces.values: controlPlanes.mxpController.serviceAccount.annotations"
                        + "[\"eks.amazonaws.com/role-arn\"] is set to '" + ARN
                        + "'; Pod Identity mode sets no role annotation, so remove it");
    }

    @Test
    void everyPathTheProgramSetsExistsInTheSpacesChartReference() throws IOException {
        var reference = chartValueTypes();
        var owned = new ArrayList<>(SpacesValues.identityOverlay(IdentityMode.IRSA, ARN, Map.of("team", "platform")));
        assertThat(owned).isNotEmpty();
        for (var value : owned) {
            var path = String.join(".", value.path());
            assertThat(reference).as("chart value %s", path).containsEntry(path, "object");
        }
    }

    /**
     * Every workload's annotation and label maps, billing's storage values, the Spaces controller's
     * service-account values and vector's persistence switch: each is a key of the chart's value
     * reference, of the type the stack gives it.
     */
    @Test
    void everyWorkloadsPathExistsInTheSpacesChartReferenceWithItsType() throws IOException {
        var reference = chartValueTypes();
        var owned = new ArrayList<SpacesValues.OwnedValue>();
        for (var workload : spacesbackupidentity.settings.Workload.ALL) {
            owned.addAll(SpacesValues.identityOverlay(workload, IdentityMode.IRSA, ARN, Map.of("team", "platform"),
                    "podLabels"));
            assertThat(reference).as(workload.configKey()).containsEntry(workload.annotationsKey(), "object");
            workload.podLabelsPath().ifPresent(path -> assertThat(reference).containsEntry(String.join(".", path),
                    "object"));
        }
        owned.addAll(SpacesValues.billingStorage(new spacesbackupidentity.settings.S3Location("b", Optional.empty(),
                Optional.empty(), Optional.of("us-east-1"), "aws:region", Optional.of("s3-fips.us-east-1.amazonaws.com"))));
        owned.addAll(SpacesValues.spaceController("spaces-controller"));
        assertThat(owned).hasSizeGreaterThan(10);
        for (var value : owned) {
            var map = String.join(".", value.path());
            var maps = spacesbackupidentity.settings.Workload.ALL.stream().flatMap(w -> java.util.stream.Stream.concat(
                    java.util.stream.Stream.of(w.annotationsPath()), w.podLabelsPath().stream())).toList();
            if (maps.contains(value.path())) {
                // A key inside one of the maps above (an annotation, a label).
                assertThat(reference).as(map).containsEntry(map, "object");
                continue;
            }
            var key = map + "." + value.key();
            var type = value.value().map(v -> v instanceof Boolean ? "bool" : "string").orElse(null);
            assertThat(reference).as(key).containsKey(key);
            if (type != null) {
                assertThat(reference.get(key)).as(key).isEqualTo(type);
            }
        }
        assertThat(reference).containsEntry(String.join(".", IdentityPlan.VECTOR_PERSISTENCE), "bool");
    }

    /** {@code key -> type} from the Spaces chart's value reference (a copy of shared/spaces). */
    static Map<String, String> chartValueTypes() throws IOException {
        var types = new HashMap<String, String>();
        Fixtures.tsv("/spaces/chart-values-keys.tsv").forEach(r -> types.put(r.get(0), r.get(1)));
        return types;
    }

    static ValuesSource plain(String key, Map<String, Object> values) {
        return new ValuesSource(key, values, false);
    }
}
