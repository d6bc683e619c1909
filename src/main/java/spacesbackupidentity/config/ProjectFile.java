package spacesbackupidentity.config;

import com.google.gson.Gson;
import spacesbackupidentity.config.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of {@code Pulumi.yaml} a run needs: the project name and each declared key's default,
 * turned into raw config values the way the Pulumi engine does (scalars as text, the rest as JSON).
 */
public record ProjectFile(String name, Map<String, Map<String, Object>> config) {
    private static final Gson GSON = new Gson();

    @SuppressWarnings("unchecked")
    public static ProjectFile read(Path projectDir) throws IOException {
        var parsed = (Map<String, Object>) Yaml.parse(Files.readString(projectDir.resolve("Pulumi.yaml")));
        var config = new LinkedHashMap<String, Map<String, Object>>();
        var declared = (Map<String, Object>) parsed.getOrDefault("config", Map.of());
        declared.forEach((key, declaration) -> config.put(key, declaration instanceof Map<?, ?> map
                ? (Map<String, Object>) map : Map.of("default", declaration)));
        return new ProjectFile(String.valueOf(parsed.get("name")), config);
    }

    /** Declared defaults as raw values, by key. */
    public Map<String, String> defaults() {
        var defaults = new LinkedHashMap<String, String>();
        config.forEach((key, declaration) -> {
            if (declaration.containsKey("default")) {
                defaults.put(key, rawValue(declaration.get("default")));
            }
        });
        return defaults;
    }

    /** How the engine hands a value to a program: scalars as their text, objects and lists as JSON. */
    public static String rawValue(Object value) {
        if (value instanceof Map || value instanceof List) {
            return GSON.toJson(value);
        }
        return String.valueOf(value);
    }
}
