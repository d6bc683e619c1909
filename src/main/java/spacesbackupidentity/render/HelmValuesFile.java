package spacesbackupidentity.render;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import spacesbackupidentity.config.YamlV2Resolver;

import java.util.regex.Pattern;

/**
 * Helm values as a file for {@code helm -f}, which reads it with yaml.v2: every string that
 * yaml.v2 would read as something else ({@code y}, {@code on}, {@code no}, {@code 0755},
 * {@code <<}, and, as yaml.v2's own encoder does, {@code 12:30} and dates) is quoted, so it reads
 * back as the same string.
 */
final class HelmValuesFile {
    /**
     * Line breaks YAML folds or rewrites inside plain, single-quoted and literal scalars (NEL
     * becomes a newline), a carriage return, and a byte-order mark: such a string is written in
     * double quotes, where each is an escape.
     */
    private static final Pattern NEEDS_ESCAPES = Pattern.compile("[\r\u0085\u2028\u2029\ufeff]");

    private HelmValuesFile() {
    }

    /** The file for {@code values}: maps, lists, strings, numbers, booleans and nulls. */
    static String of(Object values) {
        var options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setWidth(Integer.MAX_VALUE);
        // A control character as an escape in double quotes, not SnakeYAML's default of !!binary.
        options.setNonPrintableStyle(DumperOptions.NonPrintableStyle.ESCAPE);
        var loading = new LoaderOptions();
        return new Yaml(new SafeConstructor(loading), new EscapingRepresenter(options), options, loading,
                YamlV2Resolver.forWriting()).dump(values);
    }

    private static final class EscapingRepresenter extends Representer {
        EscapingRepresenter(DumperOptions options) {
            super(options);
            var strings = representers.get(String.class);
            representers.put(String.class, data -> NEEDS_ESCAPES.matcher((String) data).find()
                    ? representScalar(Tag.STR, (String) data, DumperOptions.ScalarStyle.DOUBLE_QUOTED)
                    : strings.representData(data));
        }
    }
}
