package spacesbackupidentity.realtier;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Property values as the engine and a provider exchange them (google.protobuf.Struct), turned into
 * plain Java and back: maps, lists, strings, doubles, booleans and null. A secret stays a
 * {@link Secret} and an unknown value stays {@link #UNKNOWN}, so a stand-in that echoes inputs keeps
 * both as the engine sent them (pulumi/pulumi sdk/go/common/resource/plugin/rpc.go).
 */
final class WireValues {
    /** The wire's unknown value (plugin.UnknownStringValue). */
    static final String UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    /** The marker of a special object, and the signature that makes one a secret (sdk/go/common/resource/sig). */
    private static final String SPECIAL_SIG_KEY = "4dabf18193072939515e22adb298388d";
    private static final String SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

    /** A value the engine marks secret. */
    record Secret(Object value) {
    }

    private WireValues() {
    }

    static Map<String, Object> toJava(Struct struct) {
        var result = new LinkedHashMap<String, Object>();
        struct.getFieldsMap().forEach((key, value) -> result.put(key, toJava(value)));
        return result;
    }

    static Object toJava(Value value) {
        return switch (value.getKindCase()) {
            case NULL_VALUE, KIND_NOT_SET -> null;
            case NUMBER_VALUE -> value.getNumberValue();
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> value.getBoolValue();
            case LIST_VALUE -> value.getListValue().getValuesList().stream().map(WireValues::toJava).toList();
            case STRUCT_VALUE -> {
                var fields = value.getStructValue().getFieldsMap();
                var sig = fields.get(SPECIAL_SIG_KEY);
                if (sig != null && SECRET_SIG.equals(sig.getStringValue())) {
                    yield new Secret(toJava(fields.get("value")));
                }
                yield toJava(value.getStructValue());
            }
        };
    }

    static Struct toStruct(Map<String, ?> map) {
        var builder = Struct.newBuilder();
        map.forEach((key, value) -> builder.putFields(key, toValue(value)));
        return builder.build();
    }

    static Value toValue(Object value) {
        if (value == null) {
            return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
        } else if (value instanceof String s) {
            return Value.newBuilder().setStringValue(s).build();
        } else if (value instanceof Number n) {
            return Value.newBuilder().setNumberValue(n.doubleValue()).build();
        } else if (value instanceof Boolean b) {
            return Value.newBuilder().setBoolValue(b).build();
        } else if (value instanceof Secret secret) {
            return Value.newBuilder().setStructValue(Struct.newBuilder()
                    .putFields(SPECIAL_SIG_KEY, toValue(SECRET_SIG))
                    .putFields("value", toValue(secret.value()))).build();
        } else if (value instanceof Map<?, ?> map) {
            var fields = new LinkedHashMap<String, Object>();
            map.forEach((k, v) -> fields.put(String.valueOf(k), v));
            return Value.newBuilder().setStructValue(toStruct(fields)).build();
        } else if (value instanceof List<?> list) {
            var builder = ListValue.newBuilder();
            list.forEach(item -> builder.addValues(toValue(item)));
            return Value.newBuilder().setListValue(builder).build();
        }
        throw new IllegalArgumentException("no wire value for " + value.getClass().getName());
    }

    /** The value with every secret unwrapped: what a cloud API receives. */
    static Object revealed(Object value) {
        if (value instanceof Secret secret) {
            return revealed(secret.value());
        } else if (value instanceof Map<?, ?> map) {
            var result = new LinkedHashMap<String, Object>();
            map.forEach((k, v) -> result.put(String.valueOf(k), revealed(v)));
            return result;
        } else if (value instanceof List<?> list) {
            var result = new ArrayList<Object>();
            list.forEach(item -> result.add(revealed(item)));
            return result;
        }
        return value;
    }
}
