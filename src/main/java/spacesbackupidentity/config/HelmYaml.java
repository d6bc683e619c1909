package spacesbackupidentity.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Helm values files, read as Helm reads them: YAML 1.1 (Helm's sigs.k8s.io/yaml uses go-yaml v2,
 * so {@code on} is true), with SnakeYAML, the YAML library the Pulumi SDK ships. Timestamps stay
 * strings, as Helm keeps them, and duplicate keys are an error instead of a silent overwrite.
 * Hostile files end in one message: nesting, aliases and their expansion are bounded, an alias
 * inside itself is refused, and no message quotes the file's text, only where the problem is.
 */
public final class HelmYaml {
    /** Deeper nesting than this is refused; values files are a few levels deep. */
    public static final int MAX_DEPTH = 64;
    /** Values after alias expansion; far above a real values file, far below trouble. */
    public static final int MAX_VALUES = 100_000;

    /** Not readable as Helm values; the message says where, never what the file says. */
    public static final class ValuesException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ValuesException(String message) {
            super(message);
        }
    }

    private HelmYaml() {
    }

    /**
     * @throws ValuesException when the text is not YAML, nests too deep, or expands too far
     */
    public static Object parse(String text) {
        var options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setMaxAliasesForCollections(50);
        options.setCodePointLimit(BoundedFile.MAX_BYTES);
        var dumper = new org.yaml.snakeyaml.DumperOptions();
        Object parsed;
        try {
            parsed = new org.yaml.snakeyaml.Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options,
                    new NoTimestampResolver()).load(text);
        } catch (MarkedYAMLException e) {
            throw new ValuesException("not valid YAML" + where(e.getProblemMark()));
        } catch (RuntimeException | StackOverflowError e) {
            // SnakeYAML's limits; other messages may quote the file, so none is passed on.
            var message = String.valueOf(e.getMessage());
            throw new ValuesException(message.contains("Nesting Depth") ? "nested deeper than " + MAX_DEPTH + " levels"
                    : message.contains("aliases") ? "more aliases than the 50 a values file may have"
                    : message.contains("exceeds the limit") ? "larger than " + BoundedFile.MAX_BYTES + " characters"
                    : "not valid YAML");
        }
        checkTree(parsed, Collections.newSetFromMap(new IdentityHashMap<>()), new int[1], 0);
        return parsed;
    }

    private static String where(Mark mark) {
        return mark == null ? "" : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")";
    }

    /** An alias may share a value, never contain itself; expansion and depth stay bounded. */
    private static void checkTree(Object value, Set<Object> path, int[] count, int depth) {
        if (++count[0] > MAX_VALUES) {
            throw new ValuesException("more than " + MAX_VALUES + " values once its aliases are expanded");
        }
        if (depth > MAX_DEPTH) {
            throw new ValuesException("nested deeper than " + MAX_DEPTH + " levels");
        }
        if (!(value instanceof Map || value instanceof List)) {
            if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
                throw new ValuesException("holds " + d + ", which Helm values (JSON) cannot carry");
            }
            return;
        }
        if (!path.add(value)) {
            throw new ValuesException("an alias refers to a value that contains it");
        }
        var children = value instanceof Map<?, ?> map ? map.values() : (List<?>) value;
        for (var child : children) {
            checkTree(child, path, count, depth + 1);
        }
        path.remove(value);
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
