package spacesbackupidentity.settings;

import java.util.Map;

/**
 * One layer of the user's Helm values and the config key it came from, for messages.
 *
 * @param secret whether the engine marks its key secret: then every value in it reaches the release
 *               as a Pulumi secret, and no message quotes one
 */
public record ValuesSource(String key, Map<String, Object> values, boolean secret) {
}
