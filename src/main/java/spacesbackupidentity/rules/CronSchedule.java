package spacesbackupidentity.rules;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A SharedBackupSchedule's {@code spec.schedule} read as robfig/cron v3.0.1's {@code ParseStandard}
 * reads it (parser.go {@code Parse}, {@code getField}, {@code getRange}, {@code parseDescriptor}),
 * the parser Spaces is taken to use (docs/oracles.md): a descriptor matched exactly
 * ({@code @daily}, not {@code "@daily "}), {@code @every} and a Go duration, or five fields split
 * on whitespace, each a comma list of {@code *}, {@code ?}, numbers or names, ranges and steps
 * ({@code N/S} is {@code N-max/S}). tools/rule-oracles compares it with robfig/cron itself.
 *
 * <p>Stricter than robfig/cron, on purpose: only printable ASCII, space and tab (robfig splits on
 * any Unicode space and lets a line break through); no {@code TZ=} or {@code CRON_TZ=} prefix (a
 * zone Spaces' image may not have; robfig's own prefix handling panics on {@code TZ=UTC}); no
 * {@code *-N} or {@code ?-N} (robfig ignores the {@code -N}); no empty list item ({@code 1,,2},
 * which robfig skips); at most 256 characters.
 */
public final class CronSchedule {
    static final int MAX_CHARACTERS = 256;
    private static final List<String> DESCRIPTORS =
            List.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");
    private static final List<String> MONTHS =
            List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
    private static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");
    private static final Pattern ATOI = Pattern.compile("[+-]?[0-9]+");
    private static final String ACCEPTED = "; expected five fields (minute hour day-of-month month day-of-week, such as"
            + " '0 2 * * *'), @hourly, @daily, @weekly, @monthly, @yearly, or @every DURATION, with nothing around a"
            + " descriptor";
    /** The window {@link #intervals} looks at, in UTC: eight years from 2026, two leap days. */
    static final LocalDate WINDOW_START = LocalDate.of(2026, 1, 1);
    static final LocalDate WINDOW_END = WINDOW_START.plusYears(8);

    private record Field(String name, int min, int max, List<String> names) {
    }

    private static final List<Field> FIELDS = List.of(
            new Field("minute", 0, 59, List.of()),
            new Field("hour", 0, 23, List.of()),
            new Field("day of month", 1, 31, List.of()),
            new Field("month", 1, 12, MONTHS),
            new Field("day of week", 0, 6, DAYS));

    /**
     * A parsed schedule: the bits each field allows, whether day of month and day of week were
     * {@code *} or {@code ?} (then both must match a day, else either), or a constant delay.
     */
    private record Spec(long[] bits, boolean domStar, boolean dowStar, long everySeconds) {
    }

    /** The shortest and longest time between two runs in the window; empty when it runs fewer than twice. */
    public record Intervals(Duration shortest, Duration longest) {
    }

    private CronSchedule() {
    }

    /** Empty when Spaces' parser accepts the schedule as written, else what is wrong and what is accepted. */
    public static Optional<String> check(String schedule) {
        return parse(schedule).problem;
    }

    /**
     * The shortest and longest time between two consecutive runs from {@link #WINDOW_START} for
     * eight years in UTC (robfig/cron's {@code SpecSchedule.Next} in {@code time.UTC}; {@code @every}
     * runs every {@code ConstantDelaySchedule.Delay}); empty for a schedule that runs fewer than twice.
     *
     * @throws IllegalArgumentException for a schedule {@link #check} refuses
     */
    public static Optional<Intervals> intervals(String schedule) {
        var parsed = parse(schedule);
        if (parsed.spec == null) {
            throw new IllegalArgumentException("not a valid schedule: " + parsed.problem.orElse(""));
        }
        var spec = parsed.spec;
        if (spec.everySeconds > 0) {
            var every = Duration.ofSeconds(spec.everySeconds);
            return Optional.of(new Intervals(every, every));
        }
        long previous = Long.MIN_VALUE;
        long shortest = Long.MAX_VALUE;
        long longest = 0;
        for (var day = WINDOW_START; day.isBefore(WINDOW_END); day = day.plusDays(1)) {
            if (!has(spec.bits[3], day.getMonthValue()) || !dayMatches(spec, day)) {
                continue;
            }
            var dayMinute = day.toEpochDay() * 1440;
            for (int hour = 0; hour < 24; hour++) {
                if (!has(spec.bits[1], hour)) {
                    continue;
                }
                for (int minute = 0; minute < 60; minute++) {
                    if (!has(spec.bits[0], minute)) {
                        continue;
                    }
                    var at = dayMinute + hour * 60L + minute;
                    if (previous != Long.MIN_VALUE) {
                        shortest = Math.min(shortest, at - previous);
                        longest = Math.max(longest, at - previous);
                    }
                    previous = at;
                }
            }
        }
        return longest == 0 ? Optional.empty()
                : Optional.of(new Intervals(Duration.ofMinutes(shortest), Duration.ofMinutes(longest)));
    }

    /** robfig/cron's {@code dayMatches}: both when either field is a star, else either. */
    private static boolean dayMatches(Spec spec, LocalDate day) {
        var dom = has(spec.bits[2], day.getDayOfMonth());
        var dow = has(spec.bits[4], day.getDayOfWeek().getValue() % 7);
        return spec.domStar || spec.dowStar ? dom && dow : dom || dow;
    }

    private static boolean has(long bits, int value) {
        return (bits & (1L << value)) != 0;
    }

    private record Parsed(Spec spec, Optional<String> problem) {
        static Parsed refused(String problem) {
            return new Parsed(null, Optional.of(problem));
        }
    }

    private static Parsed parse(String schedule) {
        if (schedule.length() > MAX_CHARACTERS) {
            return Parsed.refused("a schedule of " + schedule.length() + " characters" + ACCEPTED);
        }
        var shown = Quote.of(schedule);
        if (!schedule.chars().allMatch(c -> c == ' ' || c == '\t' || c >= 0x21 && c <= 0x7E)) {
            return Parsed.refused(shown + " has a character other than printable ASCII, space and tab" + ACCEPTED);
        }
        if (schedule.startsWith("TZ=") || schedule.startsWith("CRON_TZ=")) {
            return Parsed.refused(shown + " names a time zone; Spaces runs schedules in its own" + ACCEPTED);
        }
        if (schedule.startsWith("@")) {
            if (DESCRIPTORS.contains(schedule)) {
                return descriptor(schedule);
            }
            if (schedule.startsWith("@every ")) {
                var duration = schedule.substring("@every ".length());
                var nanos = GoDuration.parse(duration);
                if (nanos.isEmpty()) {
                    return Parsed.refused(shown + ": " + Quote.of(duration) + " is not a Go duration (such as 6h or"
                            + " 1h30m, one space after @every and nothing after it)" + ACCEPTED);
                }
                // robfig/cron constantdelay.go Every: under a second is a second; the rest truncated to seconds.
                var seconds = Math.max(1, nanos.getAsLong() / 1_000_000_000L);
                return new Parsed(new Spec(null, false, false, seconds), Optional.empty());
            }
            return Parsed.refused(shown + " is not a cron descriptor" + ACCEPTED);
        }
        var fields = schedule.strip().split("[ \t]+");
        if (schedule.isBlank() || fields.length != 5) {
            return Parsed.refused(shown + " has " + (schedule.isBlank() ? 0 : fields.length) + " fields" + ACCEPTED);
        }
        var bits = new long[5];
        var stars = new boolean[5];
        for (int i = 0; i < 5; i++) {
            var field = FIELDS.get(i);
            for (var part : fields[i].split(",", -1)) {
                if (part.isEmpty()) {
                    return Parsed.refused(shown + ": " + field.name + " " + Quote.of(fields[i]) + " has an empty list"
                            + " item" + ACCEPTED);
                }
                var problem = range(field, part, bits, stars, i);
                if (problem != null) {
                    return Parsed.refused(shown + ": " + field.name + " " + Quote.of(part) + " " + problem + ACCEPTED);
                }
            }
        }
        return new Parsed(new Spec(bits, stars[2], stars[4], 0), Optional.empty());
    }

    /** robfig/cron's descriptors as the five fields they stand for. */
    private static Parsed descriptor(String schedule) {
        var fields = switch (schedule) {
            case "@yearly", "@annually" -> "0 0 1 1 *";
            case "@monthly" -> "0 0 1 * *";
            case "@weekly" -> "0 0 * * 0";
            case "@daily", "@midnight" -> "0 0 * * *";
            default -> "0 * * * *";
        };
        var parsed = parse(fields);
        return new Parsed(parsed.spec, Optional.empty());
    }

    /** robfig/cron's {@code getRange} for one list item: sets its bits, or says what is wrong. */
    private static String range(Field field, String part, long[] bits, boolean[] stars, int index) {
        var rangeAndStep = part.split("/", -1);
        if (rangeAndStep.length > 2) {
            return "has more than one '/'";
        }
        var lowAndHigh = rangeAndStep[0].split("-", -1);
        int start;
        int end;
        var star = lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?");
        if (star) {
            if (lowAndHigh.length > 1) {
                return "has a range after '" + lowAndHigh[0] + "', which the parser ignores";
            }
            start = field.min;
            end = field.max;
        } else {
            if (lowAndHigh.length > 2) {
                return "has more than one '-'";
            }
            var low = value(field, lowAndHigh[0]);
            var high = lowAndHigh.length == 2 ? value(field, lowAndHigh[1]) : low;
            if (low == null || high == null) {
                return "is not a number or name in range; expected " + field.min + "-" + field.max
                        + (field.names.isEmpty() ? "" : " or " + field.names.get(0).toUpperCase(Locale.ROOT) + "-"
                        + field.names.get(field.names.size() - 1).toUpperCase(Locale.ROOT));
            }
            if (low < field.min || low > field.max || high < field.min || high > field.max) {
                return "is out of range; expected " + field.min + "-" + field.max;
            }
            start = (int) (long) low;
            end = lowAndHigh.length == 1 && rangeAndStep.length == 2 ? field.max : (int) (long) high;
            if (start > end) {
                return "has a range that ends before it starts";
            }
        }
        long step = 1;
        if (rangeAndStep.length == 2) {
            var given = atoi(rangeAndStep[1]);
            if (given == null || given < 0) {
                return "has a step that is not a whole number";
            }
            if (given == 0) {
                return "has a step of 0";
            }
            step = given;
        }
        for (long v = start; v <= end; v = step > end ? end + 1 : v + step) {
            bits[index] |= 1L << v;
        }
        // getRange keeps the star bit for * and ?, unless a step above 1 follows.
        if (star && step == 1) {
            stars[index] = true;
        }
        return null;
    }

    /**
     * robfig/cron's {@code parseIntOrName}: a name in any case, else what {@code strconv.Atoi}
     * reads (a sign, leading zeros); null for anything else or a negative number.
     */
    private static Long value(Field field, String token) {
        var named = field.names.indexOf(token.toLowerCase(Locale.ROOT));
        if (named >= 0) {
            return (long) (field.names == MONTHS ? named + 1 : named);
        }
        var number = atoi(token);
        return number == null || number < 0 ? null : number;
    }

    /** Go's {@code strconv.Atoi} on a 64-bit platform: a sign, ASCII digits, within int64; null otherwise. */
    private static Long atoi(String text) {
        if (!ATOI.matcher(text).matches()) {
            return null;
        }
        var number = new java.math.BigInteger(text.startsWith("+") ? text.substring(1) : text);
        return number.bitLength() < 64 ? number.longValue() : null;
    }
}
