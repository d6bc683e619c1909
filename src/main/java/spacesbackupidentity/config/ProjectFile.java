package spacesbackupidentity.config;

import spacesbackupidentity.rules.Quote;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

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
    private static final List<String> TYPES = List.of("string", "integer", "boolean", "array", "object");
    private static final Pattern ATOI = Pattern.compile("[+-]?[0-9]+");

    /**
     * One declared key, by its full name. {@code defaultValue} and {@code value} are decoded YAML
     * (Go-typed, {@link GoValues}); {@code type} is the declared type, when there is one, and
     * {@code items} the type of an array's elements.
     */
    public record Declaration(Optional<String> type, Optional<Items> items, Optional<Object> defaultValue,
                              Optional<Object> value, boolean secret, Optional<String> description) {
        /**
         * Pulumi's {@code ValidateConfigValue} on the value as the engine holds it: the text of a plain
         * value, or the decoded JSON (numbers as doubles or longs) of an object or list.
         */
        public boolean accepts(Object value) {
            return type.map(t -> ProjectFile.accepts(t, items, value)).orElse(true);
        }

        /** Pulumi's {@code InferFullTypeName}: {@code array<string>} once there are items. */
        public String fullTypeName() {
            return ProjectFile.fullTypeName(type.orElse(""), items);
        }
    }

    /** Pulumi's {@code ProjectConfigItemsType}: the type of an array's elements, and theirs if they are arrays. */
    public record Items(String type, Optional<Items> items) {
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
                // configKeyIsNamespacedByProject
                var projectKey = !key.contains(":") || key.startsWith(name + ":");
                var fullKey = key.contains(":") ? key : name + ":" + key;
                config.put(fullKey, declaration(key, projectKey, v));
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
                throw invalid(key, "unknown field " + Quote.key(GoValues.formatKey(field)) + "; a declaration has "
                        + String.join(", ", new java.util.TreeSet<>(DECLARATION_FIELDS)));
            }
        }
        if (fields.get("default") != null && fields.get("value") != null) {
            throw invalid(key, "has both 'default' and 'value'");
        }
        var type = Optional.ofNullable(fields.get("type")).map(String::valueOf);
        type.filter(t -> !TYPES.contains(t)).ifPresent(t -> {
            throw invalid(key, "type must be string, integer, boolean, array or object");
        });
        var items = fields.get("items") == null ? Optional.<Items>empty()
                : Optional.of(items(key, "items", fields.get("items")));
        // Project.Validate
        if (projectKey && type.filter("array"::equals).isPresent() && items.isEmpty()) {
            throw invalid(key, "declares an array but does not specify the underlying type via the 'items' attribute");
        }
        if (!projectKey && type.isPresent()) {
            throw invalid(key, "is not namespaced by the project and should not define a type");
        }
        // Project.Validate again: a typed default must be of its type as yaml.v3 decoded it (so an
        // integer beyond int64, a uint64 there, is not an integer). Pulumi refuses the project file.
        var defaultValue = fields.get("default");
        if (projectKey && type.isPresent() && defaultValue != null && !accepts(type.get(), items, defaultValue)) {
            throw invalid(key, "the default value is not of the expected type '" + fullTypeName(type.get(), items)
                    + "'");
        }
        return new Declaration(type, items, Optional.ofNullable(fields.get("default")),
                Optional.ofNullable(fields.get("value")), Boolean.TRUE.equals(fields.get("secret")),
                Optional.ofNullable(fields.get("description")).map(String::valueOf));
    }

    private static ConfigFileException invalid(String key, String problem) {
        return new ConfigFileException(FILE_NAME + ": config." + Quote.key(key) + ": " + problem);
    }

    /** The project schema's {@code configItemsType}: a type, and items of their own when that type is array. */
    private static Items items(String key, String path, Object items) {
        if (!(items instanceof Map<?, ?> fields) || !(fields.get("type") instanceof String type)
                || !TYPES.contains(type)) {
            throw invalid(key, path + " must be a mapping whose type is string, integer, boolean, array or object");
        }
        if (type.equals("array") && fields.get("items") == null) {
            throw invalid(key, path + " is an array, so it needs items of its own");
        }
        return new Items(type, fields.get("items") == null ? Optional.empty()
                : Optional.of(items(key, path + ".items", fields.get("items"))));
    }

    /**
     * pulumi/pulumi sdk/go/common/workspace/project.go {@code ValidateConfigValue}, rule for rule: a
     * string is any text; an integer is a whole number or text {@code strconv.Atoi} reads; a boolean
     * is true, false or their text; an object is a map; anything else must be a list whose elements
     * all pass {@code items} (and never passes without items).
     */
    static boolean accepts(String type, Optional<Items> items, Object value) {
        switch (type) {
            case "string" -> {
                return value instanceof String;
            }
            case "integer" -> {
                return value instanceof Long || value instanceof Integer
                        || value instanceof Double d && d == Math.floor(d)
                        || value instanceof String text && goAtoi(text);
            }
            case "boolean" -> {
                return value instanceof Boolean || "true".equals(value) || "false".equals(value);
            }
            case "object" -> {
                return value instanceof Map;
            }
            default -> {
                return value instanceof List<?> list && items.isPresent()
                        && list.stream().allMatch(item -> accepts(items.get().type(), items.get().items(), item));
            }
        }
    }

    /** strconv.Atoi on a 64-bit platform: an optional sign and ASCII digits, within int64. */
    static boolean goAtoi(String text) {
        if (!ATOI.matcher(text).matches()) {
            return false;
        }
        try {
            Long.parseLong(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static String fullTypeName(String type, Optional<Items> items) {
        return items.map(i -> "array<" + fullTypeName(i.type(), i.items()) + ">").orElse(type);
    }
}
