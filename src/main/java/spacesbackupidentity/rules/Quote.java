package spacesbackupidentity.rules;



/**
 * How messages quote a value: in single quotes, cut to {@value #MAX_CHARACTERS} characters, with
 * control and invisible characters shown as {@code \}{@code uXXXX} so that a look-alike is visible.
 * Values from secret keys are never quoted: {@link #secret} describes them by kind and length.
 */
public final class Quote {
    public static final int MAX_CHARACTERS = 100;

    private Quote() {
    }

    public static String of(String value) {
        var shown = new StringBuilder("'");
        int count = 0;
        for (int i = 0; i < value.length(); ) {
            int codePoint = value.codePointAt(i);
            if (count == MAX_CHARACTERS) {
                return shown.append("'... (").append(value.codePointCount(0, value.length()))
                        .append(" characters in all)").toString();
            }
            if (visible(codePoint)) {
                shown.appendCodePoint(codePoint);
            } else {
                shown.append(String.format("\\u%04X", codePoint));
            }
            count++;
            i += Character.charCount(codePoint);
        }
        return shown.append("'").toString();
    }

    /**
     * A config key or map key as a message names it: as written when it is a short, plain name,
     * else quoted (cut, invisible characters shown), since any text may be a key.
     */
    public static String key(String name) {
        return PLAIN_KEY.matcher(name).matches() ? name : of(name);
    }

    /**
     * A whole number that JSON carried as a double ({@code 3.0}), as it was written ({@code 3});
     * empty for anything else, and for magnitudes a double no longer holds exactly.
     */
    public static java.util.Optional<Long> wholeNumber(Object value) {
        return value instanceof Double d && d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e15
                ? java.util.Optional.of(d.longValue()) : java.util.Optional.empty();
    }

    private static final java.util.regex.Pattern PLAIN_KEY = java.util.regex.Pattern.compile("[A-Za-z0-9_.:/@-]{1,100}");

    /** A value that must not be printed: its kind and size only. */
    public static String secret(Object value) {
        if (value instanceof String text) {
            return "a secret string of " + text.length() + " characters";
        }
        if (value instanceof java.util.Map<?, ?> map) {
            return "a secret object of " + map.size() + " keys";
        }
        if (value instanceof java.util.List<?> list) {
            return "a secret list of " + list.size() + " items";
        }
        return "a secret " + (value == null ? "null" : value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
    }

    /** Printable, not whitespace other than the space, not a format (zero-width) character. */
    static boolean visible(int codePoint) {
        if (codePoint == ' ') {
            return true;
        }
        var type = Character.getType(codePoint);
        return !(Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)
                || type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE || type == Character.SURROGATE);
    }
}
