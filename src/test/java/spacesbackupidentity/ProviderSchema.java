package spacesbackupidentity;

import com.google.gson.Gson;
import spacesbackupidentity.settings.Secret;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks recorded engine inputs against a Pulumi package schema: every property is one the
 * schema declares for the resource (or the type a {@code $ref} names), of the declared type, every
 * required input is present, and every property the schema marks {@code secret} arrives as a
 * secret. Provider inputs travel as provider config, so their scalars may be JSON text.
 */
public final class ProviderSchema {
    private final Map<String, Object> schema;

    private ProviderSchema(Map<String, Object> schema) {
        this.schema = schema;
    }

    @SuppressWarnings("unchecked")
    public static ProviderSchema load(String resource) throws IOException {
        try (InputStream in = ProviderSchema.class.getResourceAsStream(resource)) {
            return new ProviderSchema(new Gson().fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    Map.class));
        }
    }

    public String comment() {
        return String.valueOf(schema.get("$comment"));
    }

    /** Problems with a resource's inputs; {@code token} is the resource type, or "provider". */
    @SuppressWarnings("unchecked")
    public List<String> problems(String token, Map<String, Object> inputs) {
        var spec = (Map<String, Object>) (token.equals("provider") ? schema.get("provider")
                : ((Map<String, Object>) schema.get("resources")).get(token));
        var problems = new ArrayList<String>();
        if (spec == null) {
            problems.add(token + ": not in the schema");
            return problems;
        }
        var properties = (Map<String, Object>) spec.get("inputProperties");
        for (var required : (List<String>) spec.getOrDefault("requiredInputs", List.of())) {
            if (!inputs.containsKey(required)) {
                problems.add(token + "." + required + ": required, missing");
            }
        }
        inputs.forEach((name, value) -> property(token + "." + name, (Map<String, Object>) properties.get(name), value,
                token.equals("provider"), problems));
        return problems;
    }

    @SuppressWarnings("unchecked")
    private void property(String path, Map<String, Object> spec, Object value, boolean config, List<String> problems) {
        if (spec == null) {
            problems.add(path + ": not an input the schema declares");
            return;
        }
        if (Boolean.TRUE.equals(spec.get("secret")) && !(value instanceof Secret<?>)) {
            problems.add(path + ": the schema marks it secret, but it is sent in plain text");
        }
        var plain = value instanceof Secret<?> secret ? secret.value() : value;
        if (plain == null) {
            return;
        }
        var ref = (String) spec.get("$ref");
        if (ref != null) {
            if (ref.equals("pulumi.json#/Any")) {
                return;
            }
            var type = (Map<String, Object>) ((Map<String, Object>) schema.get("types"))
                    .get(ref.substring("#/types/".length()));
            if (type == null) {
                problems.add(path + ": refers to " + ref + ", which this subset of the schema leaves out");
                return;
            }
            if (!(plain instanceof Map<?, ?> object)) {
                problems.add(path + ": expected an object (" + ref + ")");
                return;
            }
            var properties = (Map<String, Object>) type.get("properties");
            object.forEach((k, v) -> property(path + "." + k, (Map<String, Object>) properties.get(k), v, config,
                    problems));
            return;
        }
        var type = (String) spec.get("type");
        var ok = switch (type) {
            case "string" -> plain instanceof String;
            case "boolean" -> plain instanceof Boolean || config && ("true".equals(plain) || "false".equals(plain));
            case "integer", "number" -> plain instanceof Double || config && plain instanceof String s && s.matches("-?\\d+(\\.\\d+)?");
            case "array" -> plain instanceof List;
            case "object" -> plain instanceof Map;
            default -> false;
        };
        if (!ok) {
            problems.add(path + ": expected " + type + ", got " + plain.getClass().getSimpleName());
            return;
        }
        if (type.equals("object") && spec.get("additionalProperties") instanceof Map<?, ?> items) {
            ((Map<String, Object>) plain).forEach((k, v) -> property(path + "." + k, (Map<String, Object>) items, v, config,
                    problems));
        }
        if (type.equals("array") && spec.get("items") instanceof Map<?, ?> items) {
            ((List<Object>) plain).forEach(v -> property(path + "[]", (Map<String, Object>) items, v, config, problems));
        }
        if (spec.get("const") != null && !spec.get("const").equals(plain)) {
            problems.add(path + ": expected the constant " + spec.get("const"));
        }
    }
}
