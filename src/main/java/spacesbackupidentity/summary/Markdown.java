package spacesbackupidentity.summary;

/**
 * Values in the summary's Markdown, which a pull request shows as a comment: every value the render
 * holds goes into a code span, so that no value — a Helm value, a tag, a name — is read as
 * Markdown or HTML and can make the comment say something else. A code span's fence is longer
 * than any run of backticks inside (CommonMark, "Code spans"); line breaks and invisible
 * characters are shown escaped, as in messages, and long values are cut.
 */
final class Markdown {
    /** Longer than any ARN, issuer or condition key the summary shows. */
    static final int MAX_CHARACTERS = 400;

    private Markdown() {
    }

    /** A value as a code span. */
    static String code(String value) {
        if (value.isEmpty()) {
            return "(empty)";
        }
        var shown = new StringBuilder();
        int count = 0;
        for (int i = 0; i < value.length(); i += Character.charCount(value.codePointAt(i))) {
            int codePoint = value.codePointAt(i);
            if (count++ == MAX_CHARACTERS) {
                shown.append("... (").append(value.codePointCount(0, value.length())).append(" characters in all)");
                break;
            }
            var type = Character.getType(codePoint);
            if (codePoint != ' ' && (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)
                    || type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
                    || type == Character.PRIVATE_USE || type == Character.SURROGATE)) {
                shown.append(String.format("\\u%04X", codePoint));
            } else {
                shown.appendCodePoint(codePoint);
            }
        }
        var text = shown.toString();
        int longest = 0;
        int run = 0;
        for (var c : text.toCharArray()) {
            run = c == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        var fence = "`".repeat(longest + 1);
        var pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
        return fence + pad + text + pad + fence;
    }

    /**
     * A code span inside a table row: GitHub's tables split cells at every unescaped {@code |},
     * code spans included, so it is escaped.
     */
    static String cell(String value) {
        return code(value).replace("|", "\\|");
    }
}
