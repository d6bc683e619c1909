package spacesbackupidentity.config;

import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Go's {@code strconv} number parsing, as both YAML libraries the Go tools use call it:
 * yaml.v3 for Pulumi's stack files ({@link PulumiYaml}) and yaml.v2 for Helm values
 * ({@link YamlV2Resolver}), whose {@code resolve.go} differ only in what they do with the result.
 */
final class GoNumbers {
    /** resolve.go's yamlStyleFloat: the decimal forms both libraries try after the integers. */
    static final Pattern YAML_STYLE_FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    /**
     * What {@code strconv.ParseFloat} accepts of a scalar that starts with '.': Go's decimal
     * float syntax, underscores between digits included ({@code .5_5} is 0.55).
     */
    private static final Pattern DOT_FLOAT = Pattern.compile("\\.[0-9](_?[0-9])*([eE][-+]?[0-9](_?[0-9])*)?");
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private GoNumbers() {
    }

    /** {@code strconv.ParseFloat(s, 64)} on a '.'-led scalar; out of range is a failure. */
    static Optional<Double> parseDotFloat(String s) {
        return DOT_FLOAT.matcher(s).matches() ? finite(s.replace("_", "")) : Optional.empty();
    }

    /** {@code strconv.ParseFloat(s, 64)} on text that matched {@link #YAML_STYLE_FLOAT}. */
    static Optional<Double> parseYamlStyleFloat(String s) {
        return YAML_STYLE_FLOAT.matcher(s).matches() ? finite(s) : Optional.empty();
    }

    private static Optional<Double> finite(String s) {
        var value = Double.parseDouble(s);
        return Double.isInfinite(value) ? Optional.empty() : Optional.of(value);
    }

    /** Go's {@code strconv.ParseInt(s, base, 64)}: a sign, then {@link #parseUint}; within int64. */
    static Optional<Long> parseInt(String s, int base) {
        if (s.isEmpty()) {
            return Optional.empty();
        }
        var negative = s.charAt(0) == '-';
        var body = s.charAt(0) == '+' || negative ? s.substring(1) : s;
        return parseUint(body, base).map(u -> negative ? u.negate() : u)
                .filter(v -> v.compareTo(INT64_MIN) >= 0 && v.compareTo(INT64_MAX) <= 0).map(BigInteger::longValue);
    }

    /**
     * Go's {@code strconv.ParseUint(s, base, 64)}: no sign; within uint64. Base 0 reads a prefix:
     * {@code 0b}, {@code 0o}, {@code 0x} (either case, with at least one character after), else a
     * leading {@code 0} means octal; {@code "0"} alone is zero. Only ASCII digits of the base count.
     */
    static Optional<BigInteger> parseUint(String s, int base) {
        if (s.isEmpty()) {
            return Optional.empty();
        }
        var digits = s;
        if (base == 0) {
            base = 10;
            if (s.charAt(0) == '0') {
                var prefix = s.length() >= 3 ? Character.toLowerCase(s.charAt(1)) : 0;
                base = prefix == 'b' ? 2 : prefix == 'o' ? 8 : prefix == 'x' ? 16 : 8;
                digits = s.substring(base == 8 && prefix != 'o' ? 1 : 2);
            }
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digitValue(digits.charAt(i)) >= base) {
                return Optional.empty();
            }
        }
        var significant = digits.replaceFirst("^0+", "");
        if (significant.isEmpty()) {
            return Optional.of(BigInteger.ZERO);
        }
        // 64 binary digits is the longest uint64 in any base; longer cannot fit, and is not parsed.
        if (significant.length() > 64) {
            return Optional.empty();
        }
        var value = new BigInteger(significant, base);
        return value.compareTo(UINT64_MAX) <= 0 ? Optional.of(value) : Optional.empty();
    }

    private static int digitValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A' + 10;
        }
        return Integer.MAX_VALUE;
    }
}
