package spacesbackupidentity.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code Pulumi.yaml} as the Pulumi CLI reads it (with {@link PulumiYaml}): the project name and
 * its config declarations. Keys without a namespace are the project's; a shorthand value
 * ({@code key: value}) is a default for project keys and a value for other namespaces
 * (pulumi/pulumi {@code RewriteShorthandConfigValues}).
 */
public record ProjectFile(String name, Map<String, Declaration> config) {
    public static final String FILE_NAME = "Pulumi.yaml";
    private static final Set<String> DECLARATION_FIELDS = Set.of("type", "items", "description", "secret", "default",
            "value");

    /**
     * One declared key, by its full name. {@code defaultValue} and {@code value} are decoded YAML
     * (Go-typed, {@link GoValues}); {@code type} is the declared type, when there is one.
     */
    public record Declaration(Optional<String> type, Optional<Object> items, Optional<Object> defaultValue,
                              Optional<Object> value, boolean secret, Optional<String> description) {
    }

    public ProjectFile {
        config = Collections.unmodifiableMap(new TreeMap<>(config));
    }

    public static ProjectFile read(Path projectDir) {
        return parse(BoundedFile.read(projectDir.resolve(FILE_NAME), FILE_NAME));
    }

    public static ProjectFile parse(String text) {
        Object parsed;
        try {
            parsed = PulumiYaml.parse(text);
        } catch (PulumiYaml.YamlException e) {
            throw new ConfigFileException(FILE_NAME + ": invalid YAML file: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> project)) {
            throw new ConfigFileException(FILE_NAME + ": expected a mapping with the project's name and runtime");
        }
        if (!(project.get("name") instanceof String name) || name.isBlank()) {
            throw new ConfigFileException(FILE_NAME + ": 'name' must be the project's name");
        }
        var config = new LinkedHashMap<String, Declaration>();
        var declared = project.get("config");
        if (declared != null && !(declared instanceof Map)) {
            throw new ConfigFileException(FILE_NAME + ": 'config' must be a mapping of config keys to declarations");
        }
        if (declared instanceof Map<?, ?> declarations) {
            declarations.forEach((k, v) -> {
                var key = GoValues.formatKey(k);
                var fullKey = key.contains(":") ? key : name + ":" + key;
                config.put(fullKey, declaration(key, fullKey.startsWith(name + ":"), v));
            });
        }
        return new ProjectFile(name, config);
    }

    private static Declaration declaration(String key, boolean projectKey, Object declaration) {
        if (!(declaration instanceof Map<?, ?> fields)) {
            var shorthand = Optional.ofNullable(declaration);
            return new Declaration(Optional.empty(), Optional.empty(), projectKey ? shorthand : Optional.empty(),
                    projectKey ? Optional.empty() : shorthand, false, Optional.empty());
        }
        for (var field : fields.keySet()) {
            if (!DECLARATION_FIELDS.contains(String.valueOf(field))) {
                throw new ConfigFileException(FILE_NAME + ": config." + key + ": unknown field " + GoValues.formatKey(field)
                        + "; a declaration has " + String.join(", ", new java.util.TreeSet<>(DECLARATION_FIELDS)));
            }
        }
        if (fields.get("default") != null && fields.get("value") != null) {
            throw new ConfigFileException(FILE_NAME + ": config." + key + ": has both 'default' and 'value'");
        }
        var type = Optional.ofNullable(fields.get("type")).map(String::valueOf);
        type.filter(t -> !List.of("string", "integer", "boolean", "array", "object").contains(t)).ifPresent(t -> {
            throw new ConfigFileException(FILE_NAME + ": config." + key + ": type must be string, integer, boolean,"
                    + " array or object");
        });
        return new Declaration(type, Optional.ofNullable(fields.get("items")), Optional.ofNullable(fields.get("default")),
                Optional.ofNullable(fields.get("value")), Boolean.TRUE.equals(fields.get("secret")),
                Optional.ofNullable(fields.get("description")).map(String::valueOf));
    }
}
