package spacesbackupidentity.settings;

import spacesbackupidentity.config.BoundedFile;
import spacesbackupidentity.config.ConfigFileException;
import spacesbackupidentity.config.HelmYaml;
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
public record SpacesSettings(String chart, String version, String namespace, String releaseName,
                             List<ValuesSource> values, Optional<RegistryCredentials> registry,
                             boolean adoptExisting, boolean uninstallOnDestroy) {
    static final String KEY = "spaces";
    public static final String SECRET_VALUES_KEY = "spacesSecretValues";
    /** Read only to say where they moved; the credentials are {@code registry.username} and {@code .password}. */
    private static final Set<String> MOVED = Set.of("username", "password");
    static final Set<String> FIELDS = Set.of("chart", "version", "namespace", "releaseName", "values",
            "valuesFiles", "username", "password", "adoptExisting", "uninstallOnDestroy");
    public static final String DEFAULT_CHART = "oci://xpkg.upbound.io/spaces-artifacts/spaces";
    public static final String DEFAULT_NAMESPACE = "upbound-system";
    public static final String DEFAULT_RELEASE_NAME = "spaces";
    private static final Pattern SEMVER =
            Pattern.compile("v?\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");

    public SpacesSettings {
        values = List.copyOf(values);
    }

    /** The Helm release's import ID, as {@code pulumi import} and the import option take it. */
    public String releaseId() {
        return namespace + "/" + releaseName;
    }

    static SpacesSettings read(ConfigObject spaces, ConfigObject registry, Optional<Object> secretValues,
                               boolean secretValuesSecret, Path projectDir, ConfigProblems problems) {
        for (var moved : MOVED) {
            if (spaces.has(moved)) {
                problems.add(spaces.keyOf(moved), "moved to " + RegistryCredentials.KEY + "." + moved + ", a key of its"
                        + " own, so that setting it with --secret does not make the chart version and Helm values"
                        + " secret too: `pulumi config rm --path " + spaces.keyOf(moved) + "`, then `pulumi config set"
                        + " --secret --path " + RegistryCredentials.KEY + "." + moved + " VALUE`");
            }
        }
        var chart = spaces.string("chart").orElse(DEFAULT_CHART);
        if (chart.isBlank() || chart.matches(".*\\s.*")) {
            problems.add(spaces.keyOf("chart"), Quote.of(chart) + " is not a chart reference; expected an OCI"
                    + " reference such as " + DEFAULT_CHART + " or a path to a chart archive");
        }
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
                values.add(new ValuesSource(SECRET_VALUES_KEY, layer, secretValuesSecret));
            } else {
                problems.add(SECRET_VALUES_KEY, "expected an object of Helm values, got "
                        + ConfigProblems.describe(v, secretValuesSecret));
            }
        });

        var adopt = spaces.bool("adoptExisting").orElse(false);
        var uninstall = spaces.bool("uninstallOnDestroy").orElse(false);
        if (adopt && uninstall) {
            problems.add(spaces.keyOf("uninstallOnDestroy"), "true, but spaces.adoptExisting is true too: an adopted"
                    + " release is never uninstalled by this stack; remove adoptExisting once the release is"
                    + " adopted if the stack should own it");
        }
        return new SpacesSettings(chart, version.orElse(""), namespace, releaseName, values,
                RegistryCredentials.read(registry, problems), adopt, uninstall);
    }

    /**
     * A values file, relative to the project directory and inside it after symbolic links: a
     * config value may not make the program read (and send to the cluster) a file from anywhere
     * else. Only a regular file of bounded size is read; no message quotes its content.
     */
    private static Optional<ValuesSource> readValuesFile(String key, Path projectDir, String file,
                                                         ConfigProblems problems) {
        Path path;
        try {
            var relative = Path.of(file);
            if (relative.isAbsolute() || file.isBlank()) {
                problems.add(key, Quote.of(file) + " is not a path relative to the project directory; values files"
                        + " live in the project, such as values/spaces.yaml");
                return Optional.empty();
            }
            var root = projectDir.toRealPath();
            path = root.resolve(relative).normalize();
            if (!path.startsWith(root) || Files.exists(path) && !path.toRealPath().startsWith(root)) {
                problems.add(key, Quote.of(file) + " leads outside the project directory; values files live in the"
                        + " project, such as values/spaces.yaml");
                return Optional.empty();
            }
        } catch (IOException | java.nio.file.InvalidPathException e) {
            problems.add(key, Quote.of(file) + " is not a usable path (" + e.getClass().getSimpleName() + ")");
            return Optional.empty();
        }
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
