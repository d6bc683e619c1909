package spacesbackupidentity.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

import java.util.regex.Pattern;

/**
 * Parses config values (JSON is YAML), values files and stack files with SnakeYAML, the YAML
 * library Pulumi itself ships. Timestamps stay strings, as Helm keeps them, and duplicate keys
 * are an error instead of a silent overwrite.
 */
public final class Yaml {
    private Yaml() {
    }

    public static Object parse(String text) {
        var options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        var dumper = new org.yaml.snakeyaml.DumperOptions();
        return new org.yaml.snakeyaml.Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options,
                new NoTimestampResolver()).load(text);
    }

    /**
     * The first line of an error's message: SnakeYAML's parse errors continue with a quoted
     * excerpt of the source, which would swamp a one-line config problem.
     */
    public static String firstLineOf(Exception error) {
        var message = error.getMessage();
        if (message == null) {
            return "unreadable";
        }
        var newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static final class NoTimestampResolver extends Resolver {
        @Override
        public void addImplicitResolver(Tag tag, Pattern regexp, String first, int limit) {
            if (!Tag.TIMESTAMP.equals(tag)) {
                super.addImplicitResolver(tag, regexp, first, limit);
            }
        }
    }
}
