package spacesbackupidentity.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Values as the Pulumi CLI (a Go program) holds and prints them: {@code Boolean}, {@code Long}
 * (Go's int64), {@code BigInteger} (uint64 beyond int64), {@code Double}, {@code String},
 * {@link Timestamp}, {@code null}, lists and maps. {@link #json} prints them as Go's
 * {@code encoding/json} does: map keys sorted by bytes, {@code <}, {@code >} and {@code &}
 * escaped, floats in Go's shortest form ({@code 1e+21}, {@code 1e-7}).
 */
public final class GoValues {
    private GoValues() {
    }

    /** A YAML timestamp as yaml.v3 decodes it into Go's {@code time.Time}. */
    public record Timestamp(LocalDateTime local, ZoneOffset offset, boolean utc) {
        /**
         * Go's {@code time.Time.String()}: {@code 2006-01-02 15:04:05.999999999 -0700 MST}. A time
         * parsed with a numeric offset gets a zone without a name, which Go prints as the offset
         * again ({@code +0100 +0100}); a zero offset is UTC (the hand-off table's {@code +00:00}
         * row), since Pulumi's YAML round trip rewrites it as {@code Z}.
         * <p>
         * This assumes the Pulumi CLI runs in UTC ({@code TZ} unset or UTC, as on CI runners and in
         * most containers). Go's {@code time.Parse} names an offset after the local zone when the two
         * agree at that instant, so under {@code TZ=Europe/Berlin} {@code 2026-01-02T10:20:30+01:00}
         * reaches the program as {@code 2026-01-02 10:20:30 +0100 CET}. The render cannot know the
         * CLI's zone and does not try.
         */
        public String goString() {
            var text = new StringBuilder(String.format("%04d-%02d-%02d %02d:%02d:%02d", local.getYear(),
                    local.getMonthValue(), local.getDayOfMonth(), local.getHour(), local.getMinute(), local.getSecond()));
            text.append(fraction());
            var seconds = offset.getTotalSeconds();
            var zone = String.format("%s%02d%02d", seconds < 0 ? "-" : "+", Math.abs(seconds) / 3600,
                    Math.abs(seconds) % 3600 / 60);
            return text.append(' ').append(zone).append(' ').append(utc || seconds == 0 ? "UTC" : zone).toString();
        }

        /** RFC 3339 with nanoseconds, as {@code json.Marshal} prints a {@code time.Time}. */
        public String rfc3339() {
            var text = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d", local.getYear(),
                    local.getMonthValue(), local.getDayOfMonth(), local.getHour(), local.getMinute(), local.getSecond()));
            text.append(fraction());
            var seconds = offset.getTotalSeconds();
            return text.append(seconds == 0 ? "Z" : String.format("%s%02d:%02d", seconds < 0 ? "-" : "+",
                    Math.abs(seconds) / 3600, Math.abs(seconds) % 3600 / 60)).toString();
        }

        private String fraction() {
            var nanos = local.getNano();
            if (nanos == 0) {
                return "";
            }
            var digits = String.format("%09d", nanos);
            return "." + digits.replaceAll("0+$", "");
        }
    }

    /** {@code json.Marshal(v)}. */
    public static String json(Object value) {
        var out = new StringBuilder();
        writeJson(out, value);
        return out.toString();
    }

    private static void writeJson(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean || value instanceof Long || value instanceof Integer
                || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof Double d) {
            out.append(jsonFloat(d));
        } else if (value instanceof String s) {
            quote(out, s);
        } else if (value instanceof Timestamp t) {
            quote(out, t.rfc3339());
        } else if (value instanceof Map<?, ?> map) {
            var sorted = new TreeMap<String, Object>(GoValues::compareBytes);
            map.forEach((k, v) -> sorted.put((String) k, v));
            out.append('{');
            var first = true;
            for (var entry : sorted.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                quote(out, entry.getKey());
                out.append(':');
                writeJson(out, entry.getValue());
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                writeJson(out, list.get(i));
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("not a Go value: " + value.getClass().getSimpleName());
        }
    }

    /** Go compares map keys as byte strings (UTF-8), which is code-point order. */
    static int compareBytes(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** encoding/json's string escaping, with its default HTML-safe escapes. */
    static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * encoding/json's float: the shortest digits that read back as the same double, in plain
     * notation, or exponent notation below 1e-6 and from 1e21 on ({@code 1e+21}, {@code 1e-7}).
     *
     * @throws IllegalArgumentException for NaN and infinities, which Go's JSON refuses
     */
    public static String jsonFloat(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("json: unsupported value: " + (Double.isNaN(value) ? "NaN"
                    : value > 0 ? "+Inf" : "-Inf"));
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0" : "0";
        }
        var shortest = shortest(value);
        var abs = Math.abs(value);
        if (abs < 1e-6 || abs >= 1e21) {
            return exponent(shortest, value < 0);
        }
        return (value < 0 ? "-" : "") + shortest.abs().toPlainString();
    }

    /** strconv.FormatFloat(v, 'g', -1, 64): plain when the exponent is from -4 to 5, else 1e+06. */
    public static String goFloatG(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value) || value == 0) {
            return special(value);
        }
        return formatG(shortest(value), value < 0);
    }

    /**
     * strconv.FormatFloat(v, 'g', -1, 32): v rounded to the nearest float32 (overflow gives an
     * infinity, underflow zero), then the fewest digits that read back as that float32, laid out
     * as {@link #goFloatG} does. sigs.k8s.io/yaml makes a float map key a string this way.
     */
    public static String goFloatG32(double value) {
        var single = (float) value;
        if (Float.isNaN(single) || Float.isInfinite(single) || single == 0) {
            return special(single);
        }
        return formatG(shortest32(single), single < 0);
    }

    private static String special(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return 1 / value < 0 ? "-0" : "0";
    }

    private static String formatG(BigDecimal shortest, boolean negative) {
        int exponent = shortest.precision() - shortest.scale() - 1;
        if (exponent < -4 || exponent >= 6) {
            var e = exponent(shortest, negative);
            // 'g' keeps two exponent digits (1e+06, 1e-07); JSON trims the leading zero.
            return e.replaceFirst("e([+-])(\\d)$", "e$10$2");
        }
        return (negative ? "-" : "") + shortest.abs().toPlainString();
    }

    /**
     * The fewest significant digits that read back as the same float32. Of the two candidates
     * with that many digits (rounded down and up) the nearer one that reads back wins: near a
     * power of two the interval that reads back is lopsided, so the nearest may not be in it.
     */
    static BigDecimal shortest32(float value) {
        var exact = new BigDecimal(value);
        for (int digits = 1; digits <= 9; digits++) {
            var down = exact.round(new MathContext(digits, RoundingMode.DOWN));
            var up = exact.round(new MathContext(digits, RoundingMode.UP));
            var downReads = down.floatValue() == value;
            var upReads = up.floatValue() == value;
            if (downReads && upReads) {
                var nearer = exact.subtract(down).abs().compareTo(up.subtract(exact).abs());
                return (nearer < 0 ? down : nearer > 0 ? up
                        : exact.round(new MathContext(digits, RoundingMode.HALF_EVEN))).stripTrailingZeros();
            }
            if (downReads || upReads) {
                return (downReads ? down : up).stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(9, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }

    /** The fewest significant digits that round-trip to the same double, nearest first. */
    static BigDecimal shortest(double value) {
        var exact = new BigDecimal(value);
        for (int digits = 1; digits <= 17; digits++) {
            var candidate = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == value) {
                return candidate.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }

    /** d.ddde±N with at least one exponent digit, as encoding/json prints it. */
    private static String exponent(BigDecimal shortest, boolean negative) {
        var digits = shortest.unscaledValue().abs().toString();
        int exponent = shortest.precision() - shortest.scale() - 1;
        var mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (negative ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.abs(exponent);
    }

    /** Go's {@code fmt.Sprintf("%v", k)}, how Pulumi turns a non-string map key into a string. */
    public static String formatKey(Object key) {
        if (key == null) {
            return "<nil>";
        }
        if (key instanceof Double d) {
            return goFloatG(d);
        }
        if (key instanceof Timestamp t) {
            return t.goString();
        }
        return key.toString();
    }
}
