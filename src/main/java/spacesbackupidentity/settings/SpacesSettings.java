package spacesbackupidentity.settings;

import spacesbackupidentity.config.Yaml;
import spacesbackupidentity.rules.KubernetesNames;

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

/** {@code spaces}: the Spaces Helm release this program installs or takes over. */
public record SpacesSettings(String chart, String version, String namespace, String releaseName,
                             List<ValuesSource> values, Optional<Secret> username, Optional<Secret> password,
                             boolean adoptExisting) {
    static final String KEY = "spaces";
    static final Set<String> FIELDS = Set.of("chart", "version", "namespace", "releaseName", "values",
            "valuesFiles", "username", "password", "adoptExisting");
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

    static SpacesSettings read(ConfigObject spaces, Path projectDir, ConfigProblems problems) {
        var chart = spaces.string("chart").orElse(DEFAULT_CHART);
        if (chart.isBlank() || chart.matches(".*\\s.*")) {
            problems.add(spaces.keyOf("chart"), "'" + chart + "' is not a chart reference; expected an OCI"
                    + " reference such as " + DEFAULT_CHART + " or a path to a chart archive");
        }
        var version = spaces.string("version");
        if (version.isEmpty() && !spaces.has("version")) {
            problems.add(spaces.keyOf("version"), "required; the exact Spaces chart version to install,"
                    + " such as 1.14.1 (pinned, so that every `pulumi up` installs the same chart)");
        }
        version.filter(v -> !SEMVER.matcher(v).matches()).ifPresent(v -> problems.add(spaces.keyOf("version"),
                "'" + v + "' is not an exact chart version; expected MAJOR.MINOR.PATCH such as 1.14.1"));
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
        spaces.freeObject("values").ifPresent(v -> values.add(new ValuesSource(spaces.keyOf("values"), v)));

        var username = spaces.string("username").map(Secret::new);
        var password = spaces.string("password").map(Secret::new);
        if (username.isPresent() != password.isPresent()) {
            problems.add(spaces.keyOf(username.isPresent() ? "password" : "username"),
                    "required with " + spaces.keyOf(username.isPresent() ? "username" : "password")
                            + "; registry credentials are a username and password pair");
        }
        var adopt = spaces.bool("adoptExisting").orElse(false);
        return new SpacesSettings(chart, version.orElse(""), namespace, releaseName, values, username, password, adopt);
    }

    private static Optional<ValuesSource> readValuesFile(String key, Path projectDir, String file,
                                                         ConfigProblems problems) {
        var path = projectDir.resolve(file);
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            problems.add(key, "cannot read values file '" + file + "' (" + path + "): " + e.getMessage());
            return Optional.empty();
        }
        Object parsed;
        try {
            parsed = Yaml.parse(text);
        } catch (RuntimeException e) {
            problems.add(key, "values file '" + file + "' is not valid YAML: " + Yaml.firstLineOf(e));
            return Optional.empty();
        }
        if (parsed == null) {
            return Optional.of(new ValuesSource(key + " (" + file + ")", Map.of()));
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            problems.add(key, "values file '" + file + "' must hold a YAML mapping of Helm values, got "
                    + ConfigProblems.describe(parsed));
            return Optional.empty();
        }
        var values = new LinkedHashMap<String, Object>();
        map.forEach((k, v) -> values.put(String.valueOf(k), v));
        return Optional.of(new ValuesSource(key + " (" + file + ")", values));
    }
}
