package spacesbackupidentity.settings;

import spacesbackupidentity.rules.Quote;

import java.util.ArrayList;
import java.util.List;

/** Collects every configuration problem, so one run reports all of them at once. */
public final class ConfigProblems {
    private final List<String> problems = new ArrayList<>();

    public void add(String key, String problem) {
        problems.add(key + ": " + problem);
    }

    public void addAll(InvalidConfigException e) {
        problems.addAll(e.problems());
    }

    /** Runs a check that throws {@link InvalidConfigException}; its problems are collected, not thrown. */
    public <T> java.util.Optional<T> collect(java.util.function.Supplier<T> check) {
        try {
            return java.util.Optional.of(check.get());
        } catch (InvalidConfigException e) {
            addAll(e);
            return java.util.Optional.empty();
        }
    }

    /** Throws when anything was reported; nothing may be declared from half-valid settings. */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
    }

    /**
     * How a value is quoted in messages: strings in quotes (cut to about 100 characters),
     * structures by their kind, and a value from a secret key only by its kind and size.
     */
    public static String describe(Object value, boolean secret) {
        if (secret) {
            return Quote.secret(value);
        }
        return describe(value);
    }

    /** A value from a key that is not secret. */
    public static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return Quote.of(s);
        }
        if (value instanceof java.util.Map) {
            return "an object";
        }
        if (value instanceof java.util.List) {
            return "a list";
        }
        return Quote.wholeNumber(value).map(String::valueOf)
                .orElseGet(() -> Quote.of(value.toString()).replace("'", ""));
    }
}
