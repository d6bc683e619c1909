package spacesbackupidentity.settings;

import spacesbackupidentity.config.BoundedFile;
import spacesbackupidentity.config.ConfigFileException;
import spacesbackupidentity.config.HelmYaml;
import spacesbackupidentity.config.LocalChart;
import spacesbackupidentity.rules.GoDuration;
import spacesbackupidentity.rules.KubernetesNames;
import spacesbackupidentity.rules.Quote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code spaces}: the Spaces Helm release this program installs or takes over; with the registry
 * credentials ({@code registry}) and secret Helm values ({@code spacesSecretValues}), which live
 * under keys of their own so that their secretness covers only them.
 *
 * @param values the user's layers in merge order: values files, {@code spaces.values}, then the secret layer
 */
public record SpacesSettings(String chart, String registryHost, String version, String namespace, String releaseName,
                             List<ValuesSource> values, Optional<RegistryCredentials> registry,
                             boolean adoptExisting, boolean uninstallOnDestroy, java.time.Duration propagationTimeout,
                             Optional<String> moveFrom) {
    public static final String KEY = "spaces";
    public static final String SECRET_VALUES_KEY = "spacesSecretValues";
    /** Read only to say where they moved; the credentials are {@code registry.username} and {@code .password}. */
    private static final Set<String> MOVED = Set.of("username", "password");
    static final Set<String> FIELDS = Set.of("chart", "registryHost", "version", "namespace", "releaseName", "values",
            "valuesFiles", "username", "password", "adoptExisting", "uninstallOnDestroy", "propagationTimeout",
            "moveFrom");
    /**
     * How long a rollout waits for Spaces to write the identity onto a control plane's service
     * account. Upbound's guide has the user set {@code controlPlanes.mxpController.serviceAccount.annotations}
     * with {@code helm upgrade}, then check the control plane's {@code mxp-controller} service account for
     * the annotation before restarting the pod (upbound/docs 61fd2cb,
     * self-hosted-spaces-docs/howtos/workload-id/backup-restore-config.md, "Verify your configuration",
     * "Restart workload"); it gives no bound on when Spaces writes it there, and that was not observed
     * here (the real tier's Spaces is a stand-in). Ten minutes is this program's choice.
     */
    public static final java.time.Duration DEFAULT_PROPAGATION_TIMEOUT = java.time.Duration.ofMinutes(10);
    static final java.time.Duration MIN_PROPAGATION_TIMEOUT = java.time.Duration.ofSeconds(10);
    static final java.time.Duration MAX_PROPAGATION_TIMEOUT = java.time.Duration.ofHours(1);
    /**
     * Release revisions Helm keeps (the provider's {@code maxHistory}, applied on upgrade): each is a
     * Secret in the release namespace holding the whole rendered chart; unbounded by default.
     */
    public static final int MAX_HISTORY = 10;
    /**
     * Seconds Helm waits for each operation of an install or upgrade (the provider's
     * {@code timeout}, 300 unless set). Set explicitly so a review sees it; 600 is this program's
     * choice, not a figure Upbound gives.
     */
    public static final int HELM_TIMEOUT_SECONDS = 600;
    public static final String DEFAULT_REGISTRY_HOST = "xpkg.upbound.io";
    public static final String DEFAULT_CHART = "oci://" + DEFAULT_REGISTRY_HOST + "/spaces-artifacts/spaces";
    /** More values files than this is a mistake, not a layout; each is read whole. */
    public static final int MAX_VALUES_FILES = 16;
    /**
     * An OCI chart reference as Helm takes it: {@code oci://host[:port]/repository}, the host in
     * lower case, the repository in the OCI distribution spec's path grammar.
     */
    private static final Pattern OCI_CHART = Pattern.compile("oci://(?<host>(?=[^/]{1,253}(/|$))" + Patterns.HOST_AND_PORT
            + ")(/[a-z0-9]+([._-][a-z0-9]+)*){1,16}");
    /** A registry host: a lower-case DNS name of at most 253 characters, optionally with a port. */
    private static final Pattern HOST = Pattern.compile("(?=.{1,253}(:|$))" + Patterns.HOST_AND_PORT);
    public static final String DEFAULT_NAMESPACE = "upbound-system";
    public static final String DEFAULT_RELEASE_NAME = "spaces";
    private static final Pattern SEMVER =
            Pattern.compile("v?\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");

    /** Held apart so that both patterns above can use it during class initialization. */
    private static final class Patterns {
        static final String HOST_AND_PORT =
                "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:\\d{1,5})?";
    }

    public SpacesSettings {
        values = List.copyOf(values);
    }

    /**
     * The release stays where this stack's last update installed it: another namespace or name
     * replaces the release, and the old one, kept on delete, stays installed beside the new; both
     * would own Spaces' cluster-wide objects.
     *
     * @throws InvalidConfigException naming the change and how to move a release
     */
    public void checkStaysAt(String previousNamespace, String previousName) {
        var previous = previousNamespace + "/" + previousName;
        var moveKey = KEY + ".moveFrom";
        if (moveFrom.isPresent()) {
            if (!moveFrom.get().equals(previous)) {
                throw InvalidConfigException.of(moveKey, Quote.of(moveFrom.get()) + ", but this stack's Spaces release"
                        + " is " + Quote.of(previous) + (previous.equals(releaseId()) ? ", where it stays: the move is"
                        + " done, remove " + moveKey : "; name where it is, as NAMESPACE/NAME"));
            }
            return;   // a move asked for, from where the release really is
        }
        var problems = new ConfigProblems();
        if (!namespace.equals(previousNamespace)) {
            problems.add(KEY + ".namespace", Quote.of(namespace) + ", but this stack's Spaces is installed in "
                    + Quote.of(previousNamespace) + moveHint(previous));
        }
        if (!releaseName.equals(previousName)) {
            problems.add(KEY + ".releaseName", Quote.of(releaseName) + ", but this stack's Spaces release is "
                    + Quote.of(previousName) + moveHint(previous));
        }
        problems.throwIfAny();
    }

    private static String moveHint(String previous) {
        var parts = previous.split("/", 2);
        return "; a second install beside it would collide with it, and this stack keeps the old one. Keep the old"
                + " value, or move Spaces: uninstall it (helm uninstall " + parts[1] + " -n " + parts[0] + "), then set "
                + KEY + ".moveFrom to " + Quote.of(previous) + " and run pulumi up, which installs it anew (or adopts"
                + " one you installed, with " + KEY + ".adoptExisting); remove moveFrom after";
    }

    /** The Helm release's import ID, as {@code pulumi import} and the import option take it. */
    public String releaseId() {
        return namespace + "/" + releaseName;
    }

    /** The import option: the existing release when adopting it, else none. */
    public Optional<String> importId() {
        return adoptExisting ? Optional.of(releaseId()) : Optional.empty();
    }

    /**
     * Whether destroy leaves Spaces installed: uninstalling it deletes every control plane, so only
     * on explicit request, and never for an adopted release (reading refuses both together).
     */
    public boolean retainOnDelete() {
        return !uninstallOnDestroy;
    }

    static SpacesSettings read(ConfigObject spaces, ConfigObject registry, Optional<Object> secretValues,
                               Path projectDir, ConfigProblems problems) {
        for (var moved : MOVED) {
            if (spaces.has(moved)) {
                problems.add(spaces.keyOf(moved), "moved to " + RegistryCredentials.KEY + "." + moved + ", a key of its"
                        + " own, so that setting it with --secret does not make the chart version and Helm values"
                        + " secret too: `pulumi config rm --path " + spaces.keyOf(moved) + "`, then `pulumi config set"
                        + " --secret --path " + RegistryCredentials.KEY + "." + moved + " VALUE`");
            }
        }
        var chart = spaces.string("chart").orElse(DEFAULT_CHART);
        var registryHost = spaces.string("registryHost").orElse(DEFAULT_REGISTRY_HOST);
        var credentials = RegistryCredentials.read(registry, problems);
        checkChart(spaces, chart, registryHost, credentials.isPresent(), projectDir, problems);
        var version = spaces.string("version");
        if (version.isEmpty() && !spaces.has("version")) {
            problems.add(spaces.keyOf("version"), "required; the exact Spaces chart version to install,"
                    + " such as 1.14.1 (pinned, so that every `pulumi up` installs the same chart)");
        }
        version.filter(v -> !SEMVER.matcher(v).matches()).ifPresent(v -> problems.add(spaces.keyOf("version"),
                Quote.of(v) + " is not an exact chart version; expected MAJOR.MINOR.PATCH such as 1.14.1"));
        var namespace = spaces.string("namespace").orElse(DEFAULT_NAMESPACE);
        KubernetesNames.checkDns1123Label(namespace).ifPresent(p -> problems.add(spaces.keyOf("namespace"), p));
        var releaseName = spaces.string("releaseName").orElse(DEFAULT_RELEASE_NAME);
        KubernetesNames.checkHelmReleaseName(releaseName)
                .ifPresent(p -> problems.add(spaces.keyOf("releaseName"), p));

        var values = new ArrayList<ValuesSource>();
        var files = spaces.stringList("valuesFiles").orElse(List.of());
        if (files.size() > MAX_VALUES_FILES) {
            problems.add(spaces.keyOf("valuesFiles"), files.size() + " files; at most " + MAX_VALUES_FILES
                    + ", each read whole: merge some of them");
            files = List.of();
        }
        for (int i = 0; i < files.size(); i++) {
            readValuesFile(spaces.keyOf("valuesFiles") + "[" + i + "]", projectDir, files.get(i), problems)
                    .ifPresent(values::add);
        }
        spaces.freeObject("values").ifPresent(v -> values.add(new ValuesSource(spaces.keyOf("values"), v, false)));
        secretValues.ifPresent(v -> {
            if (v instanceof Map<?, ?> map && map.isEmpty()) {
                return;   // Pulumi.yaml's default: no secret values
            }
            if (v instanceof Map<?, ?> map) {
                var layer = new LinkedHashMap<String, Object>();
                map.forEach((k, value) -> layer.put(String.valueOf(k), value));
                // Secret whether or not it was set with --secret: that is what the key is for.
                values.add(new ValuesSource(SECRET_VALUES_KEY, layer, true));
            } else {
                problems.add(SECRET_VALUES_KEY, "expected an object of Helm values, got "
                        + ConfigProblems.describe(v, true));
            }
        });

        var adopt = spaces.bool("adoptExisting").orElse(false);
        var uninstall = spaces.bool("uninstallOnDestroy").orElse(false);
        if (adopt && uninstall) {
            problems.add(spaces.keyOf("uninstallOnDestroy"), "true, but spaces.adoptExisting is true too: an adopted"
                    + " release is never uninstalled by this stack; remove adoptExisting once the release is"
                    + " adopted if the stack should own it");
        }
        var propagationTimeout = spaces.string("propagationTimeout").flatMap(text -> {
            var key = spaces.keyOf("propagationTimeout");
            var problem = GoDuration.check(text);
            if (problem.isPresent()) {
                problems.add(key, problem.get());
                return Optional.empty();
            }
            var duration = java.time.Duration.ofNanos(GoDuration.parse(text).getAsLong());
            if (duration.compareTo(MIN_PROPAGATION_TIMEOUT) < 0 || duration.compareTo(MAX_PROPAGATION_TIMEOUT) > 0) {
                problems.add(key, Quote.of(text) + " is outside " + GoDuration.format(MIN_PROPAGATION_TIMEOUT) + " to "
                        + GoDuration.format(MAX_PROPAGATION_TIMEOUT) + "; how long each rollout waits for Spaces to"
                        + " put the identity on its service account, such as 10m");
                return Optional.empty();
            }
            return Optional.of(duration);
        }).orElse(DEFAULT_PROPAGATION_TIMEOUT);
        var moveFrom = spaces.string("moveFrom");
        moveFrom.ifPresent(from -> {
            var parts = from.split("/", -1);
            if (parts.length != 2 || KubernetesNames.checkDns1123Label(parts[0]).isPresent()
                    || KubernetesNames.checkHelmReleaseName(parts[1]).isPresent()) {
                problems.add(spaces.keyOf("moveFrom"), Quote.of(from) + " is not NAMESPACE/NAME of a Helm release;"
                        + " expected where this stack's Spaces is installed now, such as upbound-system/spaces");
            }
        });
        return new SpacesSettings(chart, registryHost, version.orElse(""), namespace, releaseName, values,
                credentials, adopt, uninstall, propagationTimeout, moveFrom);
    }

    /**
     * The chart comes from an OCI registry or from inside the project, and the registry
     * credentials go only to the host named for them ({@code spaces.registryHost},
     * {@code xpkg.upbound.io} unless set): a look-alike chart host such as
     * {@code xpkg.upbound.io.example.com} must not receive them.
     */
    private static void checkChart(ConfigObject spaces, String chart, String registryHost, boolean credentials,
                                   Path projectDir, ConfigProblems problems) {
        var key = spaces.keyOf("chart");
        var hostKey = spaces.keyOf("registryHost");
        if (!HOST.matcher(registryHost).matches()) {
            problems.add(hostKey, Quote.of(registryHost) + " is not a registry host; expected a host name, optionally"
                    + " with a port, such as " + DEFAULT_REGISTRY_HOST);
            return;
        }
        var oci = OCI_CHART.matcher(chart);
        if (oci.matches()) {
            var host = oci.group("host");
            if (credentials && !host.equals(registryHost)) {
                problems.add(key, Quote.of(chart) + " comes from " + host + ", but the registry credentials are for "
                        + registryHost + " (" + hostKey + "); they are sent only there. Set " + hostKey + " to " + host
                        + " if they are that registry's");
            }
            return;
        }
        if (chart.contains("://")) {
            problems.add(key, Quote.of(chart) + " is not a chart reference; expected an OCI reference"
                    + " oci://HOST/REPOSITORY in lower case, such as " + DEFAULT_CHART
                    + ", or a chart archive or directory inside the project");
            return;
        }
        insideProject(key, chart, projectDir, "a chart archive or directory lives in the"
                + " project, such as charts/spaces-1.14.1.tgz; or use an OCI reference such as " + DEFAULT_CHART, problems).ifPresent(path -> {
            if (!Files.exists(path)) {
                problems.add(key, Quote.of(chart) + " does not exist in the project; expected an OCI reference such as "
                        + DEFAULT_CHART + ", or a chart archive or directory inside the project");
                return;
            }
            // Helm reads every file under a chart directory, and follows links: the same rules as values files.
            LocalChart.problem(path).ifPresent(p -> problems.add(key, Quote.of(chart) + " " + p));
            if (credentials) {
                problems.add(RegistryCredentials.KEY, "set, but " + key + " is a chart in the project, which needs no"
                        + " registry login; remove " + RegistryCredentials.KEY);
            }
        });
    }

    /**
     * A file the config names, relative to the project directory and inside it after symbolic
     * links: a config value may not make the program, or the provider, read (and send to the
     * cluster) a file from anywhere else.
     */
    private static Optional<Path> insideProject(String key, String file, Path projectDir, String rule,
                                                ConfigProblems problems) {
        try {
            var relative = Path.of(file);
            if (relative.isAbsolute() || file.isBlank()) {
                problems.add(key, Quote.of(file) + " is not a path relative to the project directory; " + rule);
                return Optional.empty();
            }
            var root = projectDir.toRealPath();
            var path = root.resolve(relative).normalize();
            if (!path.startsWith(root) || Files.exists(path) && !path.toRealPath().startsWith(root)) {
                problems.add(key, Quote.of(file) + " leads outside the project directory; " + rule);
                return Optional.empty();
            }
            return Optional.of(path);
        } catch (IOException | java.nio.file.InvalidPathException e) {
            problems.add(key, Quote.of(file) + " is not a usable path (" + e.getClass().getSimpleName() + ")");
            return Optional.empty();
        }
    }

    /** A values file inside the project; only a regular file of bounded size is read, and no message quotes it. */
    private static Optional<ValuesSource> readValuesFile(String key, Path projectDir, String file,
                                                         ConfigProblems problems) {
        var inside = insideProject(key, file, projectDir, "values files live in the project, such as"
                + " values/spaces.yaml", problems);
        if (inside.isEmpty()) {
            return Optional.empty();
        }
        var path = inside.get();
        Object parsed;
        try {
            parsed = HelmYaml.parse(BoundedFile.read(path, "values file " + Quote.of(file)));
        } catch (ConfigFileException e) {
            problems.add(key, e.getMessage());
            return Optional.empty();
        } catch (HelmYaml.ValuesException e) {
            problems.add(key, "values file " + Quote.of(file) + ": " + e.getMessage());
            return Optional.empty();
        }
        if (parsed == null) {
            return Optional.of(new ValuesSource(key + " (" + Quote.of(file) + ")", Map.of(), false));
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            problems.add(key, "values file " + Quote.of(file) + " must hold a YAML mapping of Helm values, got "
                    + (parsed instanceof List ? "a list" : "a single value"));
            return Optional.empty();
        }
        var values = new LinkedHashMap<String, Object>();
        map.forEach((k, v) -> values.put(String.valueOf(k), v));
        return Optional.of(new ValuesSource(key + " (" + Quote.of(file) + ")", values, false));
    }
}
