package spacesbackupidentity.config;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;

/**
 * Structured config values as the program reads them: the engine hands objects and lists over as
 * JSON, so they are read as JSON (with Gson, strictly), not as YAML. Numbers become what the
 * Pulumi Java SDK can serialize and the engine carries: {@code Integer} when whole and in range,
 * else {@code Double}. Objects keep their key order; {@code null} stays {@code null}.
 */
public final class ConfigJson {
    /** Deeper nesting than this is refused rather than risk the stack. */
    public static final int MAX_DEPTH = 64;
    private static final TypeAdapter<JsonElement> JSON_ELEMENT = new Gson().getAdapter(JsonElement.class);

    private ConfigJson() {
    }

    /**
     * @throws IllegalArgumentException when the text is not one JSON value, or nests too deep
     */
    public static Object parse(String json) {
        var reader = new JsonReader(new StringReader(json));
        reader.setLenient(false);
        JsonElement element;
        boolean more;
        try {
            // The adapter, unlike JsonParser, keeps the reader strict: JSON as the engine writes it.
            element = JSON_ELEMENT.read(reader);
            more = reader.peek() != JsonToken.END_DOCUMENT;
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException("not valid JSON", e);
        }
        if (more) {
            throw new IllegalArgumentException("not valid JSON: more than one value");
        }
        return toJava(element, 0);
    }

    private static Object toJava(JsonElement element, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("nested deeper than " + MAX_DEPTH + " levels");
        }
        if (element.isJsonNull()) {
            return null;
        }
        if (element.isJsonObject()) {
            var map = new LinkedHashMap<String, Object>();
            element.getAsJsonObject().entrySet().forEach(e -> map.put(e.getKey(), toJava(e.getValue(), depth + 1)));
            return map;
        }
        if (element.isJsonArray()) {
            var list = new ArrayList<Object>();
            element.getAsJsonArray().forEach(e -> list.add(toJava(e, depth + 1)));
            return list;
        }
        var primitive = element.getAsJsonPrimitive();
        if (primitive.isBoolean()) {
            return primitive.getAsBoolean();
        }
        if (primitive.isNumber()) {
            return number(primitive.getAsString());
        }
        return primitive.getAsString();
    }

    /** Whole numbers that fit an int stay exact; the rest are doubles, as the engine carries them. */
    static Object number(String literal) {
        BigDecimal decimal;
        try {
            decimal = new BigDecimal(literal);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not valid JSON: a number out of range", e);
        }
        try {
            return decimal.intValueExact();
        } catch (ArithmeticException notAnInt) {
            var value = decimal.doubleValue();
            if (Double.isInfinite(value)) {
                throw new IllegalArgumentException("not valid JSON: a number out of range");
            }
            return value;
        }
    }
}
