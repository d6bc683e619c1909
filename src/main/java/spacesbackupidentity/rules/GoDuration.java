package spacesbackupidentity.rules;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Durations as Kubernetes reads them ({@code metav1.Duration}, Go's {@code time.ParseDuration}):
 * a sequence of numbers with units ns, us, µs, ms, s, m, h, such as {@code 168h} or {@code 1h30m}.
 * Days are not a unit. {@link #parse} follows Go's src/time/format.go {@code ParseDuration},
 * {@code leadingInt} and {@code leadingFraction} step for step (a fraction is scaled in float64,
 * as Go does); tools/rule-oracles compares it with Go's own.
 */
public final class GoDuration {
    static final int MAX_CHARACTERS = 64;
    private static final BigInteger TWO_63 = BigInteger.ONE.shiftLeft(63);
    private static final Map<String, Long> UNITS = Map.of("ns", 1L, "us", 1_000L, "\u00b5s", 1_000L,
            "\u03bcs", 1_000L, "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private GoDuration() {
    }

    /** Go's {@code time.ParseDuration}: the nanoseconds, or empty where Go returns an error. */
    public static OptionalLong parse(String text) {
        var s = text;
        var negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return OptionalLong.of(0);
        }
        if (s.isEmpty()) {
            return OptionalLong.empty();
        }
        var total = BigInteger.ZERO;
        while (!s.isEmpty()) {
            if (!(s.charAt(0) == '.' || isDigit(s.charAt(0)))) {
                return OptionalLong.empty();
            }
            // leadingInt: digits, an error past 1<<63.
            var i = 0;
            var whole = BigInteger.ZERO;
            for (; i < s.length() && isDigit(s.charAt(i)); i++) {
                whole = whole.multiply(BigInteger.TEN).add(BigInteger.valueOf(s.charAt(i) - '0'));
                if (whole.compareTo(TWO_63) > 0) {
                    return OptionalLong.empty();
                }
            }
            var pre = i > 0;
            s = s.substring(i);
            // leadingFraction: digits kept while they fit, the rest read and dropped.
            var post = false;
            var fraction = BigInteger.ZERO;
            var scale = 1.0;
            if (!s.isEmpty() && s.charAt(0) == '.') {
                s = s.substring(1);
                var overflow = false;
                for (i = 0; i < s.length() && isDigit(s.charAt(i)); i++) {
                    if (overflow) {
                        continue;
                    }
                    var next = fraction.multiply(BigInteger.TEN).add(BigInteger.valueOf(s.charAt(i) - '0'));
                    if (fraction.compareTo(TWO_63.subtract(BigInteger.ONE).divide(BigInteger.TEN)) > 0
                            || next.compareTo(TWO_63) > 0) {
                        overflow = true;
                        continue;
                    }
                    fraction = next;
                    scale *= 10;
                }
                post = i > 0;
                s = s.substring(i);
            }
            if (!pre && !post) {
                return OptionalLong.empty();
            }
            i = 0;
            while (i < s.length() && s.charAt(i) != '.' && !isDigit(s.charAt(i))) {
                i++;
            }
            var unit = UNITS.get(s.substring(0, i));
            if (unit == null) {
                return OptionalLong.empty();
            }
            s = s.substring(i);
            if (whole.compareTo(TWO_63.divide(BigInteger.valueOf(unit))) > 0) {
                return OptionalLong.empty();
            }
            var value = whole.multiply(BigInteger.valueOf(unit));
            if (fraction.signum() > 0) {
                // uint64(float64(f) * (float64(unit) / scale)): float64, then truncated.
                var scaled = new BigDecimal(fraction).doubleValue() * ((double) unit / scale);
                value = value.add(BigInteger.valueOf((long) scaled));
                if (value.compareTo(TWO_63) > 0) {
                    return OptionalLong.empty();
                }
            }
            total = total.add(value);
            if (total.compareTo(TWO_63) > 0) {
                return OptionalLong.empty();
            }
        }
        if (negative) {
            return OptionalLong.of(total.negate().longValue());
        }
        if (total.compareTo(TWO_63) >= 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(total.longValue());
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Empty for a positive duration Kubernetes accepts, else what is wrong and what is accepted. */
    public static java.util.Optional<String> check(String duration) {
        var expected = "; expected a positive duration with units h, m, s (or ms, us, ns), such as 168h for seven days";
        if (duration.length() > MAX_CHARACTERS) {
            return java.util.Optional.of("a duration of " + duration.length() + " characters" + expected);
        }
        var nanos = parse(duration);
        if (nanos.isEmpty()) {
            return java.util.Optional.of(Quote.of(duration) + " is not a duration Kubernetes accepts (a number and"
                    + " a unit, repeated, no spaces, at most about 2562047h)" + expected);
        }
        if (nanos.getAsLong() <= 0) {
            return java.util.Optional.of(Quote.of(duration) + " is not positive" + expected);
        }
        return java.util.Optional.empty();
    }

    /** Go's {@code Duration.String} of whole seconds, such as {@code 24h0m0s} or {@code 15m0s}. */
    public static String format(java.time.Duration duration) {
        var seconds = duration.getSeconds();
        if (seconds == 0) {
            return "0s";
        }
        var hours = seconds / 3600;
        var minutes = seconds % 3600 / 60;
        var rest = seconds % 60;
        return (hours > 0 ? hours + "h" : "") + (hours > 0 || minutes > 0 ? minutes + "m" : "") + rest + "s";
    }
}
