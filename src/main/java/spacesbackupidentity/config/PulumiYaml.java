package spacesbackupidentity.config;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import spacesbackupidentity.rules.Quote;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * YAML as the Pulumi CLI reads {@code Pulumi.yaml} and {@code Pulumi.<stack>.yaml}: with
 * gopkg.in/yaml.v3 (v3.0.1), decoded into Go's {@code interface{}}. SnakeYAML Engine (YAML 1.2)
 * parses the syntax; the typing of plain scalars, duplicate keys, merge keys ({@code <<}) and the
 * alias limits follow yaml.v3's {@code resolve.go} and {@code decode.go}:
 * <ul>
 *   <li>only {@code true/True/TRUE} and {@code false/False/FALSE} are booleans; {@code on},
 *       {@code yes}, {@code NO}, {@code 12:30} stay strings;</li>
 *   <li>integers as Go's {@code strconv.ParseInt(s, 0, 64)} reads them after dropping
 *       {@code _}: {@code 0x1F}, {@code 0o17}, {@code 0b101}, and {@code 0755} as octal;
 *       beyond int64 as uint64, else a float when it looks like one;</li>
 *   <li>{@code ~}, {@code null}, {@code Null}, {@code NULL} and empty are null;
 *       {@code .nan}, {@code .inf} floats; {@code 2026-01-02} a timestamp;</li>
 *   <li>quoted and block scalars, and {@code !!str}, are strings;</li>
 *   <li>a key twice in one mapping (by its text: {@code a} and {@code "a"} alike) is an error,
 *       as is an alias inside its own anchor and excessive aliasing.</li>
 * </ul>
 * Maps keep their keys' decoded values (a key {@code 1} is the integer 1); lists are lists.
 */
public final class PulumiYaml {
    /** yaml.v3 stops at 10,000 levels; nothing a config needs comes near this. */
    public static final int MAX_DEPTH = 1000;
    private static final Pattern TIMESTAMP = Pattern.compile(
            "(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:(?:[Tt](\\d{1,2}):(\\d{1,2}):(\\d{1,2})(?:[.,](\\d+))?(Z|[+-]\\d{2}:\\d{2}))"
                    + "|(?: (\\d{1,2}):(\\d{1,2}):(\\d{1,2})(?:[.,](\\d+))?))?");
    private static final String MERGE = "<<";

    /** The input is not YAML Pulumi would accept; the message says why and where. */
    public static final class YamlException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        YamlException(String message) {
            super(message);
        }
    }

    private PulumiYaml() {
    }

    // ---- the node tree, as yaml.v3's parser builds it ----

    private sealed interface Node permits Scalar, Mapping, Sequence, Alias {
        int line();
    }

    private record Scalar(String value, boolean plain, Optional<String> tag, int line) implements Node {
    }

    private record Mapping(List<Node> content, int line) implements Node {
    }

    private record Sequence(List<Node> content, int line) implements Node {
    }

    private record Alias(String anchor, Node target, int line) implements Node {
    }

    /** The first document, decoded as yaml.v3 decodes it into {@code interface{}}; null when empty. */
    public static Object parse(String text) {
        return new Decoder().decode(firstDocument(text));
    }

    private static Node firstDocument(String text) {
        // Only events are read here: duplicate keys and aliases are limited below, by yaml.v3's rules.
        var settings = LoadSettings.builder().setCodePointLimit(text.length() + 1).build();
        var stack = new ArrayDeque<List<Node>>();
        var open = new ArrayDeque<Node>();
        var anchors = new HashMap<String, Node>();
        var openAnchors = new HashSet<String>();
        var openAnchorOf = new ArrayDeque<Optional<String>>();
        var document = new ArrayList<Node>();
        stack.push(document);
        try {
            for (Event event : new Parse(settings).parseString(text)) {
                switch (event.getEventId()) {
                    case Scalar -> {
                        var scalar = (ScalarEvent) event;
                        var node = new Scalar(scalar.getValue(), scalar.getScalarStyle() == ScalarStyle.PLAIN,
                                scalar.getTag().filter(t -> !t.equals("!")), line(event));
                        scalar.getAnchor().ifPresent(a -> anchors.put(a.getValue(), node));
                        stack.peek().add(node);
                    }
                    case MappingStart, SequenceStart -> {
                        if (open.size() >= MAX_DEPTH) {
                            throw new YamlException("line " + line(event) + ": nested deeper than " + MAX_DEPTH + " levels");
                        }
                        var start = (CollectionStartEvent) event;
                        var content = new ArrayList<Node>();
                        Node node = event.getEventId() == Event.ID.MappingStart
                                ? new Mapping(content, line(event)) : new Sequence(content, line(event));
                        var anchor = start.getAnchor().map(a -> a.getValue());
                        anchor.ifPresent(a -> {
                            anchors.put(a, node);
                            openAnchors.add(a);
                        });
                        openAnchorOf.push(anchor);
                        stack.peek().add(node);
                        stack.push(content);
                        open.push(node);
                    }
                    case MappingEnd, SequenceEnd -> {
                        stack.pop();
                        open.pop();
                        openAnchorOf.pop().ifPresent(openAnchors::remove);
                    }
                    case Alias -> {
                        var name = ((AliasEvent) event).getAlias().getValue();
                        var target = anchors.get(name);
                        if (target == null) {
                            throw new YamlException("line " + line(event) + ": unknown anchor " + Quote.of(name)
                                    + " referenced");
                        }
                        if (openAnchors.contains(name)) {
                            throw new YamlException("line " + line(event) + ": anchor " + Quote.of(name)
                                    + " value contains itself");
                        }
                        stack.peek().add(new Alias(name, target, line(event)));
                    }
                    case DocumentEnd -> {
                        return document.isEmpty() ? null : document.get(0);
                    }
                    default -> {
                    }
                }
            }
        } catch (org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException e) {
            // Where and what, never the snippet of the file the exception's own message quotes.
            var line = e.getProblemMark().map(m -> "line " + (m.getLine() + 1) + ": ").orElse("");
            throw new YamlException(line + firstLine(e.getProblem()));
        } catch (YamlEngineException e) {
            throw new YamlException(firstLine(e.getMessage()));
        } catch (StackOverflowError e) {
            throw new YamlException("nested too deeply to read");
        }
        return document.isEmpty() ? null : document.get(0);
    }

    private static int line(Event event) {
        return event.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable YAML";
        }
        var text = message.strip();
        var newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    // ---- decoding, as yaml.v3's decoder fills an interface{} ----

    private static final class Decoder {
        private long decodeCount;
        private long aliasCount;
        private int aliasDepth;

        Object decode(Node node) {
            if (node == null) {
                return null;
            }
            decodeCount++;
            if (aliasDepth > 0) {
                aliasCount++;
            }
            // decode.go: "document contains excessive aliasing" (billion laughs).
            if (aliasCount > 100 && decodeCount > 1000 && (double) aliasCount / decodeCount > allowedAliasRatio(decodeCount)) {
                throw new YamlException("document contains excessive aliasing");
            }
            if (node instanceof Scalar scalar) {
                return scalar(scalar);
            }
            if (node instanceof Sequence sequence) {
                var list = new ArrayList<Object>(sequence.content().size());
                sequence.content().forEach(n -> list.add(decode(n)));
                return list;
            }
            if (node instanceof Mapping mapping) {
                return mapping(mapping, new LinkedHashMap<>(), Set.of());
            }
            var alias = (Alias) node;
            aliasDepth++;
            try {
                return decode(alias.target());
            } finally {
                aliasDepth--;
            }
        }

        private static double allowedAliasRatio(long decodeCount) {
            if (decodeCount <= 400_000) {
                return 0.99;
            }
            if (decodeCount >= 4_000_000) {
                return 0.10;
            }
            return 0.99 - 0.89 * ((double) (decodeCount - 400_000) / 3_600_000);
        }

        private Object scalar(Scalar scalar) {
            var tag = scalar.tag().map(PulumiYaml::shortTag).orElse(scalar.plain() ? "" : "!!str");
            return resolve(tag, scalar.value(), scalar.line());
        }

        /**
         * Fills {@code into} from {@code mapping}: its own keys first, then merged ones ({@code <<})
         * where not already set; keys in {@code taken} (from an enclosing merge) are skipped.
         */
        private Map<Object, Object> mapping(Mapping mapping, Map<Object, Object> into, Set<Object> taken) {
            var content = mapping.content();
            checkUniqueKeys(content);
            Node merge = null;
            var own = new HashSet<>(taken);
            for (int i = 0; i < content.size(); i += 2) {
                var keyNode = content.get(i);
                if (keyNode instanceof Scalar s && s.plain() && s.value().equals(MERGE) && s.tag().isEmpty()) {
                    merge = content.get(i + 1);
                    continue;
                }
                var key = decode(keyNode);
                if (key instanceof Map || key instanceof List) {
                    throw new YamlException("line " + keyNode.line() + ": invalid map key");
                }
                if (taken.contains(key)) {
                    continue;
                }
                own.add(key);
                into.put(key, decode(content.get(i + 1)));
            }
            if (merge != null) {
                merge(merge, into, own);
            }
            return into;
        }

        private void merge(Node merge, Map<Object, Object> into, Set<Object> taken) {
            var sources = merge instanceof Sequence sequence ? sequence.content() : List.of(merge);
            for (var source : sources) {
                var target = source instanceof Alias alias ? alias.target() : source;
                if (!(target instanceof Mapping mapping)) {
                    throw new YamlException("line " + source.line() + ": map merge requires map or sequence of maps"
                            + " as the value");
                }
                if (source instanceof Alias) {
                    aliasDepth++;
                }
                try {
                    decodeCount++;
                    mapping(mapping, into, taken);
                    taken.addAll(into.keySet());
                } finally {
                    if (source instanceof Alias) {
                        aliasDepth--;
                    }
                }
            }
        }

        /** What yaml.v3 compares two keys of a mapping by: the node's kind and its {@code Value}. */
        private record KeyIdentity(Class<? extends Node> kind, String value) {
        }

        /**
         * yaml.v3 refuses a key given twice in one mapping. It compares every pair and reports each, ordered by
         * the earlier key; this reports the first of those, from one pass with a map of each key's first
         * position, since comparing every pair makes a flat mapping of 300,000 keys take hours. Keys are
         * compared as yaml.v3 compares them, by kind and text, before any alias is followed: {@code *a} is not
         * the scalar its anchor names, and any two mappings (or sequences) as keys are the same.
         */
        private static void checkUniqueKeys(List<Node> content) {
            var firstPosition = new HashMap<KeyIdentity, Integer>();
            int first = -1;
            int second = -1;
            for (int j = 0; j < content.size(); j += 2) {
                var key = content.get(j);
                var earlier = firstPosition.putIfAbsent(new KeyIdentity(key.getClass(), keyText(key)), j);
                if (earlier != null && (first < 0 || earlier < first)) {
                    first = earlier;
                    second = j;
                }
            }
            if (first >= 0) {
                throw new YamlException("line " + content.get(second).line() + ": mapping key "
                        + quoted('"', keyText(content.get(second))) + " already defined at line "
                        + content.get(first).line());
            }
        }

        /** yaml.v3's {@code Node.Value}: a scalar's text, an alias's anchor name, empty for a collection. */
        private static String keyText(Node node) {
            if (node instanceof Scalar scalar) {
                return scalar.value();
            }
            return node instanceof Alias alias ? alias.anchor() : "";
        }
    }

    private static String shortTag(String tag) {
        var prefix = "tag:yaml.org,2002:";
        return tag.startsWith(prefix) ? "!!" + tag.substring(prefix.length()) : tag;
    }

    /** yaml.v3's {@code resolve(tag, in)} for the tags it resolves; other tags leave the text. */
    static Object resolve(String tag, String in, int line) {
        if (!Set.of("", "!!str", "!!bool", "!!int", "!!float", "!!null", "!!timestamp", "!!binary").contains(tag)) {
            return in;
        }
        if (tag.equals("!!str")) {
            return in;
        }
        if (tag.equals("!!binary")) {
            return binary(in).orElseThrow(() ->
                    new YamlException("line " + line + ": !!binary value contains invalid base64 data"));
        }
        var resolved = resolvePlain(in, tag);
        var resolvedTag = tagOf(resolved);
        if (!tag.isEmpty() && !tag.equals(resolvedTag)) {
            if (tag.equals("!!float") && resolved instanceof Long l) {
                return l.doubleValue();
            }
            // yaml.v3 quotes the text; not here: it may be a password under registry (the line says where).
            throw new YamlException("line " + line + ": cannot decode " + resolvedTag + " as a " + tag);
        }
        return resolved;
    }

    /**
     * yaml.v3's {@code base64.StdEncoding.DecodeString}: Go's decoder skips {@code \r} and {@code \n} and
     * nothing else, and wants the padding; any other character, a space included, is an error.
     */
    static Optional<String> binary(String in) {
        var base64 = in.replace("\r", "").replace("\n", "");
        if (base64.length() % 4 != 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Text from the file as yaml.v3 quotes it ({@code "a"}, {@code `0x`}) when that is short and plainly
     * visible; else as {@link Quote#of} shows it: cut, with invisible characters spelled out.
     */
    private static String quoted(char quote, String text) {
        var shown = Quote.of(text);
        var plain = shown.equals("'" + text + "'") && text.indexOf(quote) < 0 && text.indexOf('\\') < 0;
        return plain ? quote + text + quote : shown;
    }

    private static String tagOf(Object value) {
        if (value == null) {
            return "!!null";
        }
        if (value instanceof Boolean) {
            return "!!bool";
        }
        if (value instanceof Long || value instanceof BigInteger) {
            return "!!int";
        }
        if (value instanceof Double) {
            return "!!float";
        }
        if (value instanceof GoValues.Timestamp) {
            return "!!timestamp";
        }
        return "!!str";
    }

    private static Object resolvePlain(String in, String tag) {
        switch (in) {
            case "true", "True", "TRUE" -> {
                return Boolean.TRUE;
            }
            case "false", "False", "FALSE" -> {
                return Boolean.FALSE;
            }
            case "", "~", "null", "Null", "NULL" -> {
                return null;
            }
            case ".nan", ".NaN", ".NAN" -> {
                return Double.NaN;
            }
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-.inf", "-.Inf", "-.INF" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
            }
        }
        var hint = in.charAt(0);
        if (hint == '.') {
            return GoNumbers.parseDotFloat(in).<Object>map(d -> d).orElse(in);
        }
        if (hint != '+' && hint != '-' && !(hint >= '0' && hint <= '9')) {
            return in;
        }
        if (tag.isEmpty() || tag.equals("!!timestamp")) {
            var timestamp = parseTimestamp(in);
            if (timestamp.isPresent()) {
                return timestamp.get();
            }
        }
        var plain = in.replace("_", "");
        // ParseInt, else ParseUint, else a YAML-style float, as resolve.go tries them.
        var signed = GoNumbers.parseInt(plain, 0);
        if (signed.isPresent()) {
            return signed.get();
        }
        var unsigned = GoNumbers.parseUint(plain, 0);
        if (unsigned.isPresent()) {
            return unsigned.get();
        }
        return GoNumbers.parseYamlStyleFloat(plain).<Object>map(d -> d).orElse(in);
    }

    /**
     * yaml.v3's parseTimestamp: {@code 2006-1-2T15:4:5.999999999Z07:00} (or a lower-case t),
     * {@code 2006-1-2 15:4:5.999999999} (UTC) and {@code 2006-1-2}, as Go's {@code time.Parse}
     * reads them, with its range checks.
     */
    static Optional<GoValues.Timestamp> parseTimestamp(String s) {
        var m = TIMESTAMP.matcher(s);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            int year = Integer.parseInt(m.group(1));
            int month = Integer.parseInt(m.group(2));
            int day = Integer.parseInt(m.group(3));
            if (m.group(4) != null) {
                var offset = m.group(8).equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(m.group(8));
                return Optional.of(new GoValues.Timestamp(LocalDateTime.of(year, month, day, Integer.parseInt(m.group(4)),
                        Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)), nanos(m.group(7))), offset,
                        m.group(8).equals("Z")));
            }
            if (m.group(9) != null) {
                return Optional.of(new GoValues.Timestamp(LocalDateTime.of(year, month, day, Integer.parseInt(m.group(9)),
                        Integer.parseInt(m.group(10)), Integer.parseInt(m.group(11)), nanos(m.group(12))),
                        ZoneOffset.UTC, true));
            }
            return Optional.of(new GoValues.Timestamp(LocalDateTime.of(year, month, day, 0, 0), ZoneOffset.UTC, true));
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int nanos(String fraction) {
        if (fraction == null) {
            return 0;
        }
        var nine = (fraction + "000000000").substring(0, 9);
        return Integer.parseInt(nine);
    }
}
