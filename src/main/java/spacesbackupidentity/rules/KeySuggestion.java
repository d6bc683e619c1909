package spacesbackupidentity.rules;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The known key a typo most likely meant: the closest by edit distance, ignoring case. A known key
 * of another namespace ({@code aws:region}) is also compared by its name alone, so that a
 * namespace left out ({@code region}) finds it.
 */
public final class KeySuggestion {
    private KeySuggestion() {
    }

    /** " (did you mean 'bucket'?)" when a known key is close enough, else "". */
    public static String forTypo(String typed, Collection<String> known) {
        return closest(typed, known).map(k -> " (did you mean '" + k + "'?)").orElse("");
    }

    /** The nearest known key within a third of its length (at least 2 edits); ties go to the first in order. */
    public static Optional<String> closest(String typed, Collection<String> known) {
        if (typed.length() > 200) {
            return Optional.empty();
        }
        var lower = typed.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (var key : new TreeSet<>(known)) {
            var candidate = key.toLowerCase(Locale.ROOT);
            int d = distance(lower, candidate);
            int limit = Math.max(2, key.length() / 3);
            var colon = candidate.indexOf(':');
            if (colon >= 0 && lower.indexOf(':') < 0) {
                var name = candidate.substring(colon + 1);
                d = Math.min(d, distance(lower, name));
                limit = Math.max(2, name.length() / 3);
            }
            if (d <= limit && d < bestDistance) {
                best = key;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance. */
    public static int distance(String a, String b) {
        var previous = new int[b.length() + 1];
        var current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            var swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
