package spacesbackupidentity.settings;

import java.util.Map;

/** One layer of the user's Helm values and the config key it came from, for messages. */
public record ValuesSource(String key, Map<String, Object> values) {
}
