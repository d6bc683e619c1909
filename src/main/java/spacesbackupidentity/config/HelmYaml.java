package spacesbackupidentity.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.comments.CommentLine;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Helm values files, read as Helm 3 reads them ({@code chartutil.ReadValues}): sigs.k8s.io/yaml
 * decodes the first YAML document with gopkg.in/yaml.v2 into Go values and turns them into JSON.
 * SnakeYAML parses the syntax; the rest follows the Go code:
 * <ul>
 *   <li>plain scalars are typed by {@link YamlV2Resolver} ({@code y} and {@code on} are true,
 *       {@code 12:30} and timestamps are strings, {@code 0o17} is 15, {@code 08} the float 8);</li>
 *   <li>map keys become strings as sigs.k8s.io/yaml makes them: {@code 1} is "1", {@code true}
 *       "true", a float in float32's shortest form ({@code 3.14159265358979} is "3.1415927");</li>
 *   <li>merge keys ({@code <<}) merge as yaml.v2 merges: a mapping or a list of mappings, the
 *       earlier one in a list winning, a key written after {@code <<} overriding it;</li>
 *   <li>tags on mappings and lists are ignored; a scalar tagged {@code !!str}, {@code !!int},
 *       {@code !!float}, {@code !!bool} or {@code !!null} must read as that type; any other tag
 *       leaves the text as a string.</li>
 * </ul>
 * Whatever Helm refuses is refused: keys that are null, lists, mappings or integers above
 * int64; NaN and infinities as values (JSON cannot hold them); a merge of something other than
 * a mapping. Where Helm would silently pick one reading, and another reader of the file might
 * pick another, the file is refused too: a key twice in one mapping, two keys Helm turns into
 * the same text (it keeps one of them at random), a key that a later merge in the same mapping
 * overrides (yaml.v2 lets the merge win, YAML's merge-key rules the key), more than one
 * document (Helm reads only the first), and {@code !!timestamp} and {@code !!binary} tags.
 * Hostile files end in one message: nesting, aliases and their expansion are bounded, an alias
 * inside itself is refused, and no message quotes the file's text, only where the problem is.
 */
public final class HelmYaml {
    /** Deeper nesting than this is refused; values files are a few levels deep. */
    public static final int MAX_DEPTH = 64;
    /** Values after alias expansion; far above a real values file, far below trouble. */
    public static final int MAX_VALUES = 100_000;
    /** The tag yaml.v2 keeps for a scalar written with the non-specific tag {@code !}. */
    private static final Tag NON_SPECIFIC = new Tag("!");

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
     * The values Helm would read from {@code text}: a map with string keys at every depth, a list,
     * a single value, or null for an empty file.
     *
     * @throws ValuesException when Helm would refuse the text, or read it differently from how
     *                         it reads to a person, or it nests too deep or expands too far
     */
    public static Object parse(String text) {
        var options = new LoaderOptions();
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setMaxAliasesForCollections(50);
        options.setCodePointLimit(BoundedFile.MAX_BYTES);
        Node document;
        try {
            var composer = new NonSpecificTagComposer(new ParserImpl(new StreamReader(text), options), options);
            document = composer.checkNode() ? composer.getNode() : null;
            while (composer.checkNode()) {
                var next = composer.getNode();
                if (!Tag.NULL.equals(next.getTag())) {
                    throw new ValuesException("holds more than one YAML document (another starts on line "
                            + (next.getStartMark().getLine() + 1) + "); Helm reads only the first, so give each its"
                            + " own file");
                }
            }
        } catch (MarkedYAMLException e) {
            throw new ValuesException("not valid YAML" + where(e.getProblemMark()));
        } catch (ValuesException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // SnakeYAML's limits; other messages may quote the file, so none is passed on.
            var message = String.valueOf(e.getMessage());
            throw new ValuesException(message.contains("Nesting Depth") ? "nested deeper than " + MAX_DEPTH + " levels"
                    : message.contains("aliases") ? "more aliases than the 50 a values file may have"
                    : message.contains("exceeds the limit") ? "larger than " + BoundedFile.MAX_BYTES + " characters"
                    : "not valid YAML");
        }
        return document == null ? null : new Decoder().value(document, 0);
    }

    private static String where(Node node) {
        return where(node.getStartMark());
    }

    private static String where(Mark mark) {
        return mark == null ? "" : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")";
    }

    /** yaml.v2 keeps {@code !} on a scalar (a string, or a merge key when it is {@code <<}); SnakeYAML resolves it away. */
    private static final class NonSpecificTagComposer extends Composer {
        NonSpecificTagComposer(ParserImpl parser, LoaderOptions options) {
            super(parser, YamlV2Resolver.forReading(), options);
        }

        @Override
        protected Node composeScalarNode(String anchor, List<CommentLine> blockComments) {
            var nonSpecific = "!".equals(((ScalarEvent) parser.peekEvent()).getTag());
            var node = super.composeScalarNode(anchor, blockComments);
            if (nonSpecific) {
                node.setTag(NON_SPECIFIC);
            }
            return node;
        }
    }

    /** One key of a mapping being decoded: its Go value, its JSON text, its value, and which mapping wrote it. */
    private record Entry(Object goKey, String key, Object value, Object writer, Node keyNode) {
    }

    /**
     * yaml.v2's decoder ({@code decode.go} {@code unmarshal}, {@code scalar}, {@code mapping},
     * {@code merge}) into {@code interface{}}, with sigs.k8s.io/yaml's {@code convertToJSONableObject}
     * applied to every map. Aliases are expanded as yaml.v2 expands them, each use a fresh copy.
     */
    private static final class Decoder {
        private final Set<Node> path = Collections.newSetFromMap(new IdentityHashMap<>());
        private int count;

        Object value(Node node, int depth) {
            tick();
            if (depth > MAX_DEPTH) {
                throw new ValuesException("nested deeper than " + MAX_DEPTH + " levels");
            }
            if (node instanceof ScalarNode scalar) {
                var value = scalar(scalar);
                if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
                    throw new ValuesException("holds " + d + where(node) + ", which Helm values (JSON) cannot carry");
                }
                return value;
            }
            enter(node);
            Object result;
            if (node instanceof SequenceNode sequence) {
                var list = new ArrayList<Object>(sequence.getValue().size());
                for (var item : sequence.getValue()) {
                    list.add(value(item, depth + 1));
                }
                result = list;
            } else {
                var entries = new Entries();
                fill((MappingNode) node, entries, List.of(), depth);
                result = entries.values();
            }
            path.remove(node);
            return result;
        }

        /** A value decoded, or a mapping merged: yaml.v2 decodes each use of an alias again, and so does this. */
        private void tick() {
            if (++count > MAX_VALUES) {
                throw new ValuesException("more than " + MAX_VALUES + " values once its aliases are expanded");
            }
        }

        /** decode.go {@code mapping}: a key decodes like a value, and a list or mapping there is an error. */
        private Object key(Node node) {
            if (!(node instanceof ScalarNode scalar)) {
                throw new ValuesException("a key" + where(node) + " is a " + (node instanceof SequenceNode ? "list"
                        : "mapping") + ", which Helm refuses");
            }
            return scalar(scalar);
        }

        private void enter(Node node) {
            if (!path.add(node)) {
                throw new ValuesException("an alias refers to a value that contains it" + where(node));
            }
        }

        /** decode.go {@code scalar} for an {@code interface{}} target, and resolve.go for explicit tags. */
        private Object scalar(ScalarNode node) {
            var tag = node.getTag();
            if (tag.equals(Tag.BOOL) || tag.equals(Tag.INT) || tag.equals(Tag.FLOAT) || tag.equals(Tag.NULL)
                    || tag.equals(Tag.STR)) {
                try {
                    return YamlV2Resolver.tagged(tag, node.getValue()).value();
                } catch (YamlV2Resolver.TagMismatch e) {
                    throw new ValuesException(e.getMessage() + where(node) + "; Helm refuses it");
                }
            }
            if (tag.equals(Tag.TIMESTAMP) || tag.equals(Tag.BINARY)) {
                throw new ValuesException("a value tagged !!" + tag.getValue().substring(Tag.PREFIX.length())
                        + where(node) + ": Helm turns it into text by rules of its own; write the text without"
                        + " the tag");
            }
            // A merge key read as a value, ! and every other tag: yaml.v2 keeps the text.
            return node.getValue();
        }

        /**
         * decode.go {@code mapping} into the map being built: keys in order, a merge key merging
         * there and then, a later key replacing an earlier one. {@code merging} holds the
         * mappings whose merge is running, outermost first: a key one of them wrote before its
         * {@code <<} would be overridden by the merge, which only yaml.v2 does.
         */
        private void fill(MappingNode node, Entries entries, List<Object> merging, int depth) {
            var writer = new Object();
            Node mergeKey = null;
            for (var tuple : node.getValue()) {
                var keyNode = tuple.getKeyNode();
                if (isMerge(keyNode)) {
                    if (mergeKey != null) {
                        throw new ValuesException("a second merge key (<<)" + where(keyNode) + " in the mapping whose"
                                + " first is" + where(mergeKey) + "; merge a list instead, as <<: [*a, *b]");
                    }
                    mergeKey = keyNode;
                    var inner = new ArrayList<>(merging);
                    inner.add(writer);
                    merge(tuple.getValueNode(), entries, inner, depth);
                    continue;
                }
                var goKey = key(keyNode);
                var key = jsonKey(goKey, keyNode);
                entries.put(new Entry(goKey, key, value(tuple.getValueNode(), depth + 1), writer, keyNode), merging);
            }
        }

        /** decode.go {@code isMerge}: a {@code <<} key, plain or tagged !!merge or !. */
        private static boolean isMerge(Node key) {
            return key instanceof ScalarNode scalar && "<<".equals(scalar.getValue())
                    && (scalar.getTag().equals(Tag.MERGE) || scalar.getTag().equals(NON_SPECIFIC));
        }

        /** decode.go {@code merge}: a mapping, or a list of mappings merged last to first so the first wins. */
        private void merge(Node source, Entries entries, List<Object> merging, int depth) {
            List<Node> sources = source instanceof SequenceNode list ? list.getValue() : List.of(source);
            for (var each : sources) {
                if (!(each instanceof MappingNode)) {
                    throw new ValuesException("a merge key (<<) takes a mapping or a list of mappings" + where(source)
                            + "; Helm refuses anything else");
                }
            }
            for (int i = sources.size() - 1; i >= 0; i--) {
                var mapping = (MappingNode) sources.get(i);
                tick();
                enter(mapping);
                fill(mapping, entries, merging, depth);
                path.remove(mapping);
            }
        }

        /**
         * sigs.k8s.io/yaml {@code convertToJSONableObject}: string keys stay, Go ints print in
         * decimal, floats as {@code FormatFloat(k, 'g', -1, 32)} with {@code .inf}, {@code -.inf}
         * and {@code .nan} for the specials, booleans as true/false; any other key is an error.
         */
        private static String jsonKey(Object goKey, Node keyNode) {
            if (goKey instanceof String s) {
                return s;
            }
            if (goKey instanceof Long || goKey instanceof Boolean) {
                return goKey.toString();
            }
            if (goKey instanceof Double d) {
                var text = GoValues.goFloatG32(d);
                return switch (text) {
                    case "+Inf" -> ".inf";
                    case "-Inf" -> "-.inf";
                    case "NaN" -> ".nan";
                    default -> text;
                };
            }
            if (goKey instanceof BigInteger) {
                throw new ValuesException("a key" + where(keyNode) + " is an integer above 9223372036854775807, which"
                        + " Helm refuses as a key; quote it");
            }
            if (goKey == null) {
                throw new ValuesException("a key" + where(keyNode) + " is null, which Helm refuses; quote it or"
                        + " remove it");
            }
            throw new IllegalStateException("yaml.v2 has no scalar of type " + goKey.getClass().getSimpleName());
        }
    }

    /** A mapping under construction: by JSON key, and by Go key (yaml.v2's map, where 0.0 and -0.0 are one key). */
    private static final class Entries {
        private final Map<String, Entry> byKey = new LinkedHashMap<>();
        private final Map<Object, String> keyByGoKey = new HashMap<>();

        void put(Entry entry, List<Object> merging) {
            var goKey = goKeyIdentity(entry.goKey());
            var sameGoKey = keyByGoKey.get(goKey);
            if (sameGoKey != null) {
                var earlier = byKey.get(sameGoKey);
                if (earlier.writer() == entry.writer()) {
                    throw new ValuesException("the same key twice in one mapping" + where(earlier.keyNode()) + " and"
                            + where(entry.keyNode()) + "; Helm keeps the last, so remove one");
                }
                if (merging.contains(earlier.writer())) {
                    throw new ValuesException("a key" + where(earlier.keyNode()) + " is set again by a merge key (<<)"
                            + " that comes after it; Helm lets the merge win where YAML's merge-key rules keep the"
                            + " key, so move the key below the <<");
                }
                // yaml.v2 replaces the value and the key: a 0.0 written over -0.0 prints as "0".
                byKey.remove(sameGoKey);
            }
            var sameText = byKey.get(entry.key());
            if (sameText != null) {
                throw new ValuesException("two keys" + where(sameText.keyNode()) + " and" + where(entry.keyNode())
                        + " that Helm turns into the same text (a number or boolean key becomes text); Helm keeps"
                        + " one of them at random, so remove one");
            }
            keyByGoKey.put(goKey, entry.key());
            byKey.put(entry.key(), entry);
        }

        /** Go's map: float keys compare with ==, so 0.0 and -0.0 are one key and NaN is never found again. */
        private static Object goKeyIdentity(Object goKey) {
            if (goKey instanceof Double d) {
                return d.isNaN() ? new Object() : d == 0 ? (Object) 0.0 : d;
            }
            return goKey == null ? Entries.class : goKey;
        }

        Map<String, Object> values() {
            var values = new LinkedHashMap<String, Object>();
            byKey.forEach((key, entry) -> values.put(key, entry.value()));
            return values;
        }
    }
}
