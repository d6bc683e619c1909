package spacesbackupidentity.render;

import spacesbackupidentity.config.ConfigLookup;
import spacesbackupidentity.config.ProjectFile;
import spacesbackupidentity.config.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A {@code Pulumi.<stack>.yaml} read as the engine would hand it to the program: project keys
 * lose their namespace, other namespaces ({@code aws:region}) keep it, Pulumi.yaml's defaults fill
 * what the stack leaves out, and objects become JSON. Encrypted values are never decrypted: each
 * {@code secure:} value, at any depth, reads as {@value #SECRET}.
 */
public record StackFile(String fileName, Map<String, String> values) {
    public static final String SECRET = "[secret]";

    public ConfigLookup lookup() {
        return ConfigLookup.of(values);
    }

    public static StackFile read(Path projectDir, ProjectFile project, String stack) {
        var fileName = "Pulumi." + stack + ".yaml";
        var path = projectDir.resolve(fileName);
        String text;
        try {
            text = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new RenderException(fileName + ": no such stack file in " + projectDir.toAbsolutePath().normalize()
                    + "; stacks here: " + stacksIn(projectDir));
        } catch (IOException e) {
            throw new RenderException(fileName + ": cannot read it: " + e.getMessage());
        }
        Object parsed;
        try {
            parsed = Yaml.parse(text);
        } catch (RuntimeException e) {
            throw new RenderException(fileName + ": not valid YAML: " + Yaml.firstLineOf(e));
        }
        if (parsed != null && !(parsed instanceof Map)) {
            throw new RenderException(fileName + ": expected a YAML mapping with a 'config' key");
        }
        var config = parsed == null ? null : ((Map<?, ?>) parsed).get("config");
        if (config != null && !(config instanceof Map)) {
            throw new RenderException(fileName + ": 'config' must be a mapping of config keys to values");
        }
        var values = new LinkedHashMap<>(project.defaults());
        if (config != null) {
            ((Map<?, ?>) config).forEach((key, value) -> {
                var name = String.valueOf(key);
                var projectPrefix = project.name() + ":";
                var local = name.startsWith(projectPrefix) ? name.substring(projectPrefix.length()) : name;
                values.put(local, ProjectFile.rawValue(withoutSecrets(value)));
            });
        }
        return new StackFile(fileName, values);
    }

    /** Replaces every {@code {secure: ...}} with {@value #SECRET}; the ciphertext goes nowhere. */
    private static Object withoutSecrets(Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.containsKey("secure")) {
                return SECRET;
            }
            var copy = new TreeMap<String, Object>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), withoutSecrets(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(StackFile::withoutSecrets).toList();
        }
        return value;
    }

    private static String stacksIn(Path projectDir) {
        try (var files = Files.list(projectDir)) {
            var stacks = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("Pulumi.") && n.endsWith(".yaml") && !n.equals("Pulumi.yaml"))
                    .map(n -> n.substring("Pulumi.".length(), n.length() - ".yaml".length()))
                    .sorted().collect(Collectors.joining(", "));
            return stacks.isEmpty() ? "none" : stacks;
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
