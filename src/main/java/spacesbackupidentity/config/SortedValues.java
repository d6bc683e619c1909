package spacesbackupidentity.config;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Parsed YAML or JSON with map keys sorted at every depth: one spelling for the same content. */
public final class SortedValues {
    private SortedValues() {
    }

    public static Object of(Object value) {
        if (value instanceof Map<?, ?> map) {
            var copy = new TreeMap<String, Object>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), of(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(SortedValues::of).toList();
        }
        return value;
    }
}
