package spacesbackupidentity.stack;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.pulumi.core.Output;
import spacesbackupidentity.plan.SpacesValues;
import spacesbackupidentity.settings.Secret;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Helm values as the Release's {@code values} input, so the engine receives them exactly:
 * <ul>
 *   <li>{@code null} kept: the SDK's serializer drops null entries of Java maps ("We treat
 *       entries with null values as if they do not exist", {@code Serializer.serializeMapAsync})
 *       but keeps JSON nulls, so values travel as Gson trees;</li>
 *   <li>secret values as Pulumi secrets one by one, so the rest stays readable in a preview:
 *       the maps on the way to a secret stay Java maps (which can hold an {@code Output}), every
 *       other subtree is a JSON tree;</li>
 *   <li>numbers of any Java type, which the serializer otherwise accepts only as Integer and Double.</li>
 * </ul>
 */
final class ReleaseValues {
    private ReleaseValues() {
    }

    /**
     * The {@code values} input. Without secrets the whole tree is one JSON object, passed where
     * the SDK's type says {@code Map}: its serializer dispatches on the runtime type, and nothing
     * else reads the input.
     */
    @SuppressWarnings("unchecked")
    static Output<Map<String, Object>> of(Map<String, Object> values) {
        if (!SpacesValues.holdsSecret(values)) {
            return (Output<Map<String, Object>>) (Output<?>) Output.of(json(values));
        }
        return Output.of(withSecrets(values));
    }

    private static Map<String, Object> withSecrets(Map<?, ?> map) {
        var result = new LinkedHashMap<String, Object>();
        map.forEach((key, value) -> {
            if (value instanceof Secret<?> secret) {
                result.put(String.valueOf(key), Output.ofSecret(json(secret.value())));
            } else if (value instanceof Map<?, ?> child && SpacesValues.holdsSecret(child)) {
                result.put(String.valueOf(key), withSecrets(child));
            } else {
                result.put(String.valueOf(key), json(value));
            }
        });
        return result;
    }

    static JsonElement json(Object value) {
        if (value == null) {
            return JsonNull.INSTANCE;
        }
        if (value instanceof Map<?, ?> map) {
            var object = new JsonObject();
            map.forEach((k, v) -> object.add(String.valueOf(k), json(v)));
            return object;
        }
        if (value instanceof List<?> list) {
            var array = new JsonArray();
            list.forEach(v -> array.add(json(v)));
            return array;
        }
        if (value instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        if (value instanceof Number n) {
            return new JsonPrimitive(n);
        }
        return new JsonPrimitive(String.valueOf(value));
    }
}
