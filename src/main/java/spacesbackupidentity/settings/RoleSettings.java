package spacesbackupidentity.settings;

import spacesbackupidentity.digest.Sha256;
import spacesbackupidentity.rules.AwsNames;
import spacesbackupidentity.rules.Quote;

import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** {@code role}: the IAM role mxp-controller assumes. */
public record RoleSettings(String name, String path, Optional<String> permissionsBoundary,
                           int maxSessionDuration, SortedMap<String, String> tags) {
    static final String KEY = "role";
    /** {@code role.permissionsBoundary}, for the check that needs the role's partition. */
    public static final String BOUNDARY_KEY = KEY + ".permissionsBoundary";
    static final Set<String> FIELDS = Set.of("name", "path", "permissionsBoundary", "maxSessionDuration", "tags");
    public static final int MIN_SESSION = 3600;
    public static final int MAX_SESSION = 43200;
    private static final int MAX_TAGS = 50;

    public RoleSettings {
        tags = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(tags));
    }

    /**
     * Refuses an {@code =} in the role's name or path under IRSA. IAM allows it, but each rollout
     * waits for the service account's annotation to equal the role's ARN, written as the Kubernetes
     * provider's {@code waitFor} condition {@code jsonpath={PATH}=VALUE}, which the provider splits on
     * every {@code =} and refuses with more than one (pulumi-kubernetes provider/pkg/jsonpath
     * {@code Parse}): the update would fail midway, after the role and release were made.
     */
    static void checkArnInWait(RoleSettings role, ConfigProblems problems) {
        checkArnInWait(role, KEY, true, problems);
    }

    /**
     * The same for a workload's role configured at {@code key}; its path only when it is its own
     * ({@code withPath}), not {@code role}'s, which is checked there.
     */
    static void checkArnInWait(RoleSettings role, String key, boolean withPath, ConfigProblems problems) {
        var fields = withPath ? new String[][] {{"name", role.name()}, {"path", role.path()}}
                : new String[][] {{"name", role.name()}};
        for (var field : fields) {
            if (field[1].contains("=")) {
                problems.add(key + "." + field[0], Quote.of(field[1]) + " has '=', which IAM allows but the rollouts'"
                        + " wait for the role ARN on each service account cannot hold (the Kubernetes provider's waitFor"
                        + " splits on '='); expected a " + field[0] + " without '=' for identity.mode irsa or both");
            }
        }
    }

    static RoleSettings read(ConfigObject role, String project, String stack, ConfigProblems problems) {
        return read(role, defaultName(project, stack), new RoleSettings("", "/", java.util.Optional.empty(),
                MIN_SESSION, new TreeMap<>()), problems);
    }

    /**
     * Another workload's role: its name defaults to {@code defaultName}; path, permissions boundary
     * and session length default to {@code base}'s ({@code role}), and its tags are {@code base}'s
     * with its own added over them, so an account's rules for every role (a boundary, tags) hold
     * for each.
     */
    static RoleSettings read(ConfigObject role, String defaultName, RoleSettings base, ConfigProblems problems) {
        var name = role.string("name").orElse(defaultName);
        AwsNames.checkRoleName(name).ifPresent(p -> problems.add(role.keyOf("name"), p));
        // What comes from base was checked under its own key.
        var path = role.string("path").orElse(base.path());
        role.string("path").flatMap(AwsNames::checkRolePath).ifPresent(p -> problems.add(role.keyOf("path"), p));
        var boundary = role.string("permissionsBoundary").or(base::permissionsBoundary);
        role.string("permissionsBoundary").flatMap(AwsNames::checkPolicyArn)
                .ifPresent(p -> problems.add(role.keyOf("permissionsBoundary"), p));
        var session = role.integer("maxSessionDuration").orElse(base.maxSessionDuration());
        if (role.has("maxSessionDuration") && (session < MIN_SESSION || session > MAX_SESSION)) {
            problems.add(role.keyOf("maxSessionDuration"), session + " is out of range; expected seconds from "
                    + MIN_SESSION + " (1 hour) to " + MAX_SESSION + " (12 hours)");
        }
        var own = role.stringMap("tags").orElse(new TreeMap<>());
        own.forEach((k, v) -> {
            AwsNames.checkTagKey(k).ifPresent(p -> problems.add(role.keyOf("tags"), p));
            AwsNames.checkTagValue(v).ifPresent(p -> problems.add(role.keyOf("tags") + "." + Quote.key(k), p));
        });
        var tags = new TreeMap<String, String>(base.tags());
        tags.putAll(own);
        if (own.isEmpty()) {
            return new RoleSettings(name, path, boundary, session, tags);
        }
        // IAM role tag keys are case-insensitive ("you cannot have separate Department and department tag keys",
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html): one would silently replace the other.
        tags.keySet().stream().collect(java.util.stream.Collectors.groupingBy(k -> k.toLowerCase(java.util.Locale.ROOT),
                        TreeMap::new, java.util.stream.Collectors.toList()))
                .values().stream().filter(spellings -> spellings.size() > 1)
                .forEach(spellings -> problems.add(role.keyOf("tags"), String.join(" and ", spellings.stream()
                        .map(Quote::of).toList()) + " differ only in case; IAM tag keys are case-insensitive, so one"
                        + " would replace the other; keep one"));
        if (tags.size() > MAX_TAGS) {
            problems.add(role.keyOf("tags"), tags.size() + " tags; IAM accepts at most " + MAX_TAGS);
        }
        return new RoleSettings(name, path, boundary, session, tags);
    }

    /**
     * {@code <project>-<stack>}, known before anything is created, so the role ARN is too.
     * Names over IAM's 64 characters keep a readable head and a stable hash of the whole.
     */
    public static String defaultName(String project, String stack) {
        return defaultName(project + "-" + stack);
    }

    /** {@code full} when IAM takes it, else a readable head and a stable hash of the whole. */
    static String defaultName(String full) {
        if (full.length() <= 64) {
            return full;
        }
        return full.substring(0, 55) + "-" + Sha256.hex(full).substring(0, 8);
    }
}
