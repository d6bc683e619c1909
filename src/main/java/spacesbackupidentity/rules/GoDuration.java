package spacesbackupidentity.rules;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Durations as Kubernetes reads them ({@code metav1.Duration}, Go's {@code time.ParseDuration}):
 * a sequence of numbers with units ns, us, ms, s, m, h, such as {@code 168h} or {@code 1h30m}.
 * Days are not a unit.
 */
public final class GoDuration {
    private static final Pattern COMPONENT = Pattern.compile("([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h)");
    private static final Pattern WHOLE = Pattern.compile("\\+?(" + COMPONENT.pattern() + ")+");
    private static final Map<String, BigDecimal> NANOS = Map.of(
            "ns", BigDecimal.ONE, "us", BigDecimal.valueOf(1_000L), "µs", BigDecimal.valueOf(1_000L),
            "μs", BigDecimal.valueOf(1_000L), "ms", BigDecimal.valueOf(1_000_000L), "s", BigDecimal.valueOf(1_000_000_000L),
            "m", BigDecimal.valueOf(60_000_000_000L), "h", BigDecimal.valueOf(3_600_000_000_000L));

    private GoDuration() {
    }

    /** Empty for a positive duration Kubernetes accepts, else what is wrong and what is accepted. */
    public static Optional<String> check(String duration) {
        var expected = "; expected a positive duration with units h, m, s (or ms, us, ns), such as 168h for seven days";
        if (duration.length() > 64 || !WHOLE.matcher(duration).matches()) {
            return Optional.of(Quote.of(duration) + " is not a duration Kubernetes accepts" + expected);
        }
        var total = BigDecimal.ZERO;
        var m = COMPONENT.matcher(duration);
        while (m.find()) {
            total = total.add(new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1))
                    .multiply(NANOS.get(m.group(3))));
        }
        if (total.signum() <= 0) {
            return Optional.of(Quote.of(duration) + " is zero" + expected);
        }
        if (total.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return Optional.of(Quote.of(duration) + " is longer than Kubernetes can hold (about 2562047h)" + expected);
        }
        return Optional.empty();
    }
}
