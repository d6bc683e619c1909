package spacesbackupidentity.config;

import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Plain scalars typed as gopkg.in/yaml.v2 v2.4.0 types them ({@code resolve.go} {@code resolve}),
 * the reader under Helm's values files (sigs.k8s.io/yaml), decoded into Go's {@code interface{}}:
 * <ul>
 *   <li>booleans: {@code y Y yes Yes YES true True TRUE on On ON} and their {@code n no false off}
 *       counterparts; {@code yEs}, {@code t} stay strings;</li>
 *   <li>null: empty, {@code ~ null Null NULL};</li>
 *   <li>integers as Go's {@code strconv.ParseInt(s, 0, 64)} reads them once every {@code _} is
 *       dropped: {@code 0x1F}, {@code 0o17}, {@code 0b101}, {@code 0755} (octal), a sign allowed;
 *       beyond int64 as uint64; no base 60, so {@code 12:30} is a string;</li>
 *   <li>floats matching {@code [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?} that Go's
 *       {@code ParseFloat} reads without overflow ({@code 08} is the float 8, {@code 1e400} a
 *       string), {@code .nan} and {@code [-+].inf};</li>
 *   <li>timestamps stay strings ({@code decode.go} keeps them as text in an {@code interface{}}).</li>
 * </ul>
 * Values come out as {@code Boolean}, {@code Long} (Go's int), {@code BigInteger} (uint64),
 * {@code Double}, {@code String} or {@code null}. As a SnakeYAML {@link Resolver} it tags plain
 * scalars that way for reading, and for writing makes SnakeYAML's emitter quote every string
 * yaml.v2 would not read back as a string ({@code 'y'}, {@code '0755'}, {@code '<<'}).
 */
public final class YamlV2Resolver extends Resolver {
    /** resolve.go line 84. */
    /** What Go's ParseFloat takes after a leading dot: digits, and underscores only between digits. */
    /** resolve.go lines 37-47: the literal table. */
    private static final Map<String, Resolved> LITERALS = new HashMap<>();

    static {
        for (var word : new String[] {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"}) {
            LITERALS.put(word, new Resolved(Tag.BOOL, true));
        }
        for (var word : new String[] {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"}) {
            LITERALS.put(word, new Resolved(Tag.BOOL, false));
        }
        for (var word : new String[] {"", "~", "null", "Null", "NULL"}) {
            LITERALS.put(word, new Resolved(Tag.NULL, null));
        }
        for (var word : new String[] {".nan", ".NaN", ".NAN"}) {
            LITERALS.put(word, new Resolved(Tag.FLOAT, Double.NaN));
        }
        for (var word : new String[] {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"}) {
            LITERALS.put(word, new Resolved(Tag.FLOAT, Double.POSITIVE_INFINITY));
        }
        for (var word : new String[] {"-.inf", "-.Inf", "-.INF"}) {
            LITERALS.put(word, new Resolved(Tag.FLOAT, Double.NEGATIVE_INFINITY));
        }
    }

    /** A scalar's yaml.v2 tag and the value it decodes to. */
    public record Resolved(Tag tag, Object value) {
    }

    /** The tag was given, and yaml.v2 cannot read the scalar as that type. */
    public static final class TagMismatch extends Exception {
        private static final long serialVersionUID = 1L;

        TagMismatch(String message) {
            super(message);
        }
    }

    /** encode.go line 298: what yaml.v2 quotes on the way out although it reads it as a string. */
    private static final Pattern BASE_60_FLOAT = Pattern.compile("[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?");
    /** resolve.go lines 242-251: text that may be a timestamp starts with four digits and a dash. */
    private static final Pattern TIMESTAMP_START = Pattern.compile("[0-9]{4}-.*", Pattern.DOTALL);

    private final boolean forWriting;

    private YamlV2Resolver(boolean forWriting) {
        this.forWriting = forWriting;
    }

    /** Tags plain scalars as yaml.v2 decodes them. */
    public static YamlV2Resolver forReading() {
        return new YamlV2Resolver(false);
    }

    /**
     * For SnakeYAML's emitter, which writes a string plain only when the resolver calls it a
     * string: as yaml.v2's own encoder ({@code encode.go} {@code stringv}, lines 300-322), also
     * timestamps and base-60 numbers are quoted, which yaml.v2 reads as strings but other YAML 1.1
     * readers do not.
     */
    public static YamlV2Resolver forWriting() {
        return new YamlV2Resolver(true);
    }

    /** SnakeYAML's own table is replaced by {@link #plain}. */
    @Override
    protected void addImplicitResolvers() {
    }

    /** A plain {@code <<} is tagged as a merge key, which is how yaml.v2 tells it from a quoted one. */
    @Override
    public Tag resolve(NodeId kind, String value, boolean implicit) {
        if (kind == NodeId.scalar && implicit) {
            if ("<<".equals(value)) {
                return Tag.MERGE;
            }
            var tag = plain(value).tag();
            if (forWriting && tag.equals(Tag.STR)) {
                return TIMESTAMP_START.matcher(value).matches() ? Tag.TIMESTAMP
                        : BASE_60_FLOAT.matcher(value).matches() ? Tag.FLOAT : Tag.STR;
            }
            return tag;
        }
        return super.resolve(kind, value, implicit);
    }

    /** {@code resolve("", text)}, resolve.go lines 86-197, with timestamps as the strings they decode to. */
    public static Resolved plain(String text) {
        char hint = text.isEmpty() ? 'N' : hint(text.charAt(0));
        if (hint == 0) {
            return string(text);
        }
        var literal = LITERALS.get(text);
        if (literal != null) {
            return literal;
        }
        if (hint == '.') {
            var value = GoNumbers.parseDotFloat(text);
            if (value.isPresent()) {
                return new Resolved(Tag.FLOAT, value.get());
            }
        } else if (hint == 'D' || hint == 'S') {
            return number(text.replace("_", "")).orElse(string(text));
        }
        return string(text);
    }

    /**
     * A scalar with an explicit {@code !!str}, {@code !!bool}, {@code !!int}, {@code !!float} or
     * {@code !!null} tag: resolve.go's deferred check (lines 91-110) accepts the plain reading only
     * when it has that type, or is an integer under {@code !!float}.
     */
    public static Resolved tagged(Tag tag, String text) throws TagMismatch {
        if (tag.equals(Tag.STR)) {
            return string(text);
        }
        var resolved = plain(text);
        if (resolved.tag().equals(tag)) {
            return resolved;
        }
        if (tag.equals(Tag.FLOAT) && resolved.value() instanceof Long whole) {
            return new Resolved(Tag.FLOAT, whole.doubleValue());
        }
        throw new TagMismatch("cannot decode !!" + resolved.tag().getValue().substring(Tag.PREFIX.length())
                + " as a !!" + tag.getValue().substring(Tag.PREFIX.length()));
    }

    private static Resolved string(String text) {
        return new Resolved(Tag.STR, text);
    }

    /** resolve.go lines 20-30: the first byte decides what to try. */
    private static char hint(char first) {
        if (first == '+' || first == '-') {
            return 'S';
        }
        if (first >= '0' && first <= '9') {
            return 'D';
        }
        if ("yYnNtTfFoO~".indexOf(first) >= 0) {
            return 'M';
        }
        return first == '.' ? '.' : 0;
    }

    /** resolve.go lines 150-191, on the text without underscores. */
    private static Optional<Resolved> number(String plain) {
        var signed = GoNumbers.parseInt(plain, 0);
        if (signed.isPresent()) {
            return Optional.of(new Resolved(Tag.INT, signed.get()));
        }
        var unsigned = GoNumbers.parseUint(plain, 0);
        if (unsigned.isPresent()) {
            return Optional.of(new Resolved(Tag.INT, unsigned.get()));
        }
        var floating = GoNumbers.parseYamlStyleFloat(plain);
        if (floating.isPresent()) {
            return Optional.of(new Resolved(Tag.FLOAT, floating.get()));
        }
        if (plain.startsWith("0b")) {
            var binary = GoNumbers.parseInt(plain.substring(2), 2).map(Object.class::cast)
                    .or(() -> GoNumbers.parseUint(plain.substring(2), 2));
            return binary.map(v -> new Resolved(Tag.INT, v));
        }
        if (plain.startsWith("-0b")) {
            return GoNumbers.parseInt("-" + plain.substring(3), 2).map(v -> new Resolved(Tag.INT, v));
        }
        return Optional.empty();
    }
}
