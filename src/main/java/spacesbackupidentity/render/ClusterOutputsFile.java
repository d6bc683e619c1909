package spacesbackupidentity.render;

import spacesbackupidentity.config.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cluster stack's outputs for an offline run: a JSON object of output name to value, as
 * {@code pulumi stack output --stack ORG/PROJECT/STACK --json --show-secrets} prints it.
 */
final class ClusterOutputsFile {
    private ClusterOutputsFile() {
    }

    static Map<String, Object> read(Path file) {
        var option = "--cluster-outputs " + file;
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new RenderException(option + ": cannot read the file: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
        Object parsed;
        try {
            parsed = Yaml.parse(text);
        } catch (RuntimeException e) {
            throw new RenderException(option + ": not valid JSON: " + Yaml.firstLineOf(e));
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new RenderException(option + ": expected a JSON object of output name to value");
        }
        var outputs = new LinkedHashMap<String, Object>();
        map.forEach((k, v) -> outputs.put(String.valueOf(k), v));
        return outputs;
    }
}
