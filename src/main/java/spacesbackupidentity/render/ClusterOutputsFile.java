package spacesbackupidentity.render;

import spacesbackupidentity.config.BoundedFile;
import spacesbackupidentity.config.ConfigFileException;
import spacesbackupidentity.config.ConfigJson;
import spacesbackupidentity.config.StackConfigFile;
import spacesbackupidentity.settings.ClusterFacts;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cluster stack's outputs for an offline run: the JSON object that
 * {@code pulumi stack output --stack ORG/PROJECT/STACK --json} prints. That command prints a
 * secret output as {@value #SECRET_PLACEHOLDER} (unless asked to show secrets, which the render
 * never needs): such an output reads as secret, with the stand-in text
 * {@code unmasked:clusterStack:<name>}, so a leak of it shows in the render.
 */
final class ClusterOutputsFile {
    static final String SECRET_PLACEHOLDER = "[secret]";

    private ClusterOutputsFile() {
    }

    static Map<String, ClusterFacts.StackOutput> read(Path file) {
        var option = "--cluster-outputs " + file;
        Object parsed;
        try {
            parsed = ConfigJson.parse(BoundedFile.read(file, option));
        } catch (ConfigFileException e) {
            throw new RenderException(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new RenderException(option + ": " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new RenderException(option + ": expected a JSON object of output name to value");
        }
        var outputs = new LinkedHashMap<String, ClusterFacts.StackOutput>();
        map.forEach((k, v) -> {
            var name = String.valueOf(k);
            outputs.put(name, SECRET_PLACEHOLDER.equals(v)
                    ? new ClusterFacts.StackOutput(StackConfigFile.UNMASKED + "clusterStack:" + name, true)
                    : new ClusterFacts.StackOutput(v, false));
        });
        return outputs;
    }
}
