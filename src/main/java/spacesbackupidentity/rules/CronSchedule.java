package spacesbackupidentity.rules;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The cron schedules a SharedBackupSchedule accepts: five fields (minute, hour, day of month,
 * month, day of week) as standard cron parsers read them, or a descriptor such as
 * {@code @daily} or {@code @every 6h}.
 */
public final class CronSchedule {
    private static final List<String> DESCRIPTORS =
            List.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");
    private static final List<String> MONTHS =
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final Pattern PART = Pattern.compile("(\\*|\\?|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(/([0-9]{1,3}))?");

    private record Field(String name, int min, int max, List<String> names, boolean question) {
    }

    private static final List<Field> FIELDS = List.of(
            new Field("minute", 0, 59, List.of(), false),
            new Field("hour", 0, 23, List.of(), false),
            new Field("day of month", 1, 31, List.of(), true),
            new Field("month", 1, 12, MONTHS, false),
            new Field("day of week", 0, 6, DAYS, true));

    private CronSchedule() {
    }

    /** Empty when valid, else what is wrong and what is accepted. */
    public static Optional<String> check(String schedule) {
        var accepted = "; expected five fields (minute hour day-of-month month day-of-week, such as '0 2 * * *'),"
                + " @hourly, @daily, @weekly, @monthly, @yearly, or @every DURATION";
        if (schedule.length() > 256) {
            return Optional.of("a schedule of " + schedule.length() + " characters" + accepted);
        }
        var text = schedule.strip();
        if (text.startsWith("@")) {
            if (DESCRIPTORS.contains(text)) {
                return Optional.empty();
            }
            if (text.startsWith("@every ")) {
                var duration = text.substring("@every ".length()).strip();
                return GoDuration.check(duration).map(p -> Quote.of(schedule) + ": " + p);
            }
            return Optional.of(Quote.of(schedule) + " is not a cron descriptor" + accepted);
        }
        var fields = text.split("\\s+");
        if (fields.length != 5) {
            return Optional.of(Quote.of(schedule) + " has " + fields.length + " fields" + accepted);
        }
        for (int i = 0; i < 5; i++) {
            var problem = checkField(FIELDS.get(i), fields[i]);
            if (problem.isPresent()) {
                return Optional.of(Quote.of(schedule) + ": " + problem.get() + accepted);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> checkField(Field field, String value) {
        for (var part : value.split(",", -1)) {
            var m = PART.matcher(part);
            var where = field.name + " " + Quote.of(value);
            if (!m.matches()) {
                return Optional.of(where + " is not a cron field");
            }
            var range = m.group(1);
            if (range.equals("?") && !field.question) {
                return Optional.of(where + " may not be '?'");
            }
            if (m.group(4) != null && Integer.parseInt(m.group(4)) < 1) {
                return Optional.of(where + " has a step of 0");
            }
            if (range.equals("*") || range.equals("?")) {
                continue;
            }
            var bounds = range.split("-");
            Integer low = value(field, bounds[0]);
            Integer high = bounds.length == 2 ? value(field, bounds[1]) : low;
            if (low == null || high == null) {
                return Optional.of(where + " is out of range; expected " + field.min + "-" + field.max
                        + (field.names.isEmpty() ? "" : " or " + field.names.get(0) + "-" + field.names.get(field.names.size() - 1)));
            }
            if (low > high) {
                return Optional.of(where + " has a range that ends before it starts");
            }
        }
        return Optional.empty();
    }

    private static Integer value(Field field, String token) {
        var upper = token.toUpperCase(Locale.ROOT);
        var named = field.names.indexOf(upper);
        if (named >= 0) {
            return field.names == MONTHS ? named + 1 : named;
        }
        if (!token.matches("[0-9]{1,2}")) {
            return null;
        }
        var number = Integer.parseInt(token);
        return number < field.min || number > field.max ? null : number;
    }
}
