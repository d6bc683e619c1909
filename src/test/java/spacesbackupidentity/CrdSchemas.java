package spacesbackupidentity;

import com.google.gson.Gson;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import spacesbackupidentity.config.HelmYaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Spaces CRD schemas (copies of shared/spaces/crds), as a JSON-schema validator sees them.
 * The API server rejects fields a structural schema does not list (strict field validation, the
 * default of kubectl and server-side apply), so objects that declare properties are closed here
 * unless the CRD preserves unknown fields. CEL rules (x-kubernetes-validations) are not JSON
 * schema; tests check the ones that concern generated objects themselves.
 */
public final class CrdSchemas {
    private static final Gson GSON = new Gson();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);

    private CrdSchemas() {
    }

    /** The strict schema of {@code version} in the CRD file under {@code /spaces/crds}. */
    @SuppressWarnings("unchecked")
    public static Schema of(String crdFile, String version) throws IOException {
        try (InputStream in = CrdSchemas.class.getResourceAsStream("/spaces/crds/" + crdFile)) {
            var crd = (Map<String, Object>) HelmYaml.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            var versions = (List<Map<String, Object>>) ((Map<String, Object>) crd.get("spec")).get("versions");
            var schema = versions.stream().filter(v -> v.get("name").equals(version)).findFirst().orElseThrow()
                    .get("schema");
            var openApi = (Map<String, Object>) ((Map<String, Object>) schema).get("openAPIV3Schema");
            return REGISTRY.getSchema(GSON.toJson(strict(openApi)), InputFormat.JSON);
        }
    }

    /** Validation messages for a manifest; empty when valid. */
    public static List<String> errors(Schema schema, Map<String, Object> manifest) {
        return schema.validate(GSON.toJson(manifest), InputFormat.JSON).stream()
                .map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
    }

    @SuppressWarnings("unchecked")
    private static Object strict(Object node) {
        if (node instanceof Map<?, ?> map) {
            var copy = new LinkedHashMap<String, Object>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), strict(v)));
            if (copy.containsKey("properties") && !copy.containsKey("additionalProperties")
                    && !Boolean.TRUE.equals(copy.get("x-kubernetes-preserve-unknown-fields"))) {
                copy.put("additionalProperties", false);
            }
            return copy;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(CrdSchemas::strict).toList();
        }
        return node;
    }
}
