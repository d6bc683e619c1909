package spacesbackupidentity.render;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonParser;
import org.yaml.snakeyaml.DumperOptions;
import spacesbackupidentity.App;
import spacesbackupidentity.config.ProjectFile;
import spacesbackupidentity.config.Yaml;
import spacesbackupidentity.offline.OfflineCloud;
import spacesbackupidentity.offline.OfflineRun;
import spacesbackupidentity.offline.RecordedOptions;
import spacesbackupidentity.settings.ClusterFacts;
import spacesbackupidentity.settings.InvalidConfigException;
import spacesbackupidentity.settings.Secret;
import spacesbackupidentity.settings.Settings;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs the stack's own code offline, in Pulumi's in-memory engine, and prints what it declares:
 * the same {@link App#stack} that {@code pulumi up} runs, with config from the stack file and
 * cloud-only values derived as AWS derives them. Secrets are printed as {@value StackFile#SECRET}.
 */
public final class Render {
    static final String STACK_ROOT = "pulumi:pulumi:Stack";
    private static final String RELEASE = "kubernetes:helm.sh/v3:Release";

    /** What to print: everything, or one document ready for the tool that takes it. */
    public enum Only {
        TRUST_POLICY("trust-policy"), PERMISSIONS("permissions"), VALUES("values");

        final String option;

        Only(String option) {
            this.option = option;
        }
    }

    private Render() {
    }

    /** Renders stack {@code stack} of the project in {@code projectDir}. */
    public static String render(Path projectDir, String stack, Optional<Path> clusterOutputsFile, Optional<Only> only) {
        ProjectFile project;
        try {
            project = ProjectFile.read(projectDir);
        } catch (IOException | RuntimeException e) {
            throw new RenderException("Pulumi.yaml: cannot read the project file in "
                    + projectDir.toAbsolutePath().normalize() + ": " + Yaml.firstLineOf(e));
        }
        var stackFile = StackFile.read(projectDir, project, stack);
        Settings settings;
        try {
            settings = Settings.parse(stackFile.lookup(), project.name(), stack, projectDir);
        } catch (InvalidConfigException e) {
            throw new RenderException(stackFile.fileName() + ": " + e.getMessage());
        }

        Map<String, Object> clusterOutputs = clusterOutputsFile.map(ClusterOutputsFile::read).orElse(Map.of());
        if (ClusterFacts.needsStack(settings.cluster()) && clusterOutputsFile.isEmpty()) {
            var name = settings.cluster().stack().orElseThrow();
            throw new RenderException(stackFile.fileName() + ": clusterStack is '" + name + "' and an offline run"
                    + " cannot read it; pass its outputs with --cluster-outputs FILE (made with `pulumi stack output"
                    + " --stack " + name + " --json --show-secrets > FILE`), or set oidcProviderArn and kubeconfig");
        }

        var result = OfflineRun.run(project.name(), stack, new OfflineCloud(clusterOutputs, List.of()),
                ctx -> App.stack(ctx, settings));
        if (result.error().isPresent()) {
            var error = result.error().get();
            if (error instanceof InvalidConfigException) {
                throw new RenderException(stackFile.fileName() + ": " + error.getMessage());
            }
            throw new IllegalStateException("the stack failed offline: " + error.getMessage(), error);
        }
        var secrets = secretsOf(settings, clusterOutputs);
        return only.map(o -> document(o, result)).orElseGet(() -> json(project.name(), stack, result, secrets));
    }

    private static String document(Only only, OfflineRun.Result result) {
        return switch (only) {
            case TRUST_POLICY -> prettyPolicy((String) result.outputs().get("trustPolicy").value());
            case PERMISSIONS -> prettyPolicy((String) result.outputs().get("permissionsPolicy").value());
            case VALUES -> yaml(result.registrations().stream().filter(r -> r.type().equals(RELEASE)).findFirst()
                    .map(r -> r.inputs().get("values")).orElse(Map.of()));
        };
    }

    /** One value per line, so a reviewer's diff shows exactly the subjects that changed. */
    private static String prettyPolicy(String json) {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create()
                .toJson(JsonParser.parseString(json)) + "\n";
    }

    private static String yaml(Object values) {
        var options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setWidth(Integer.MAX_VALUE);
        return new org.yaml.snakeyaml.Yaml(options).dump(normalized(values, Set.of()));
    }

    private static String json(String project, String stack, OfflineRun.Result result, Set<String> secrets) {
        var inputs = new LinkedHashMap<String, Map<String, Object>>();
        result.registrations().forEach(r -> inputs.put(r.type() + "::" + r.name(), r.inputs()));
        var resources = new ArrayList<Map<String, Object>>();
        // In program order, which the transformation saw synchronously: stable and readable.
        for (var options : result.declarationOrder()) {
            if (options.type().equals(STACK_ROOT)) {
                continue;
            }
            var resource = new LinkedHashMap<String, Object>();
            resource.put("type", options.type());
            resource.put("name", options.name());
            resource.put("inputs", normalized(inputs.getOrDefault(options.type() + "::" + options.name(), Map.of()),
                    secrets));
            resource.put("dependsOn", options.dependsOn());
            resource.put("options", optionsOf(options));
            resources.add(resource);
        }
        var outputs = new TreeMap<String, Object>();
        result.outputs().forEach((name, output) -> outputs.put(name,
                output.secret() ? StackFile.SECRET : !output.known() ? "[unknown]" : normalized(output.value(), secrets)));
        var document = new LinkedHashMap<String, Object>();
        document.put("project", project);
        document.put("stack", stack);
        document.put("resources", resources);
        document.put("outputs", outputs);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create()
                .toJson(document) + "\n";
    }

    private static Map<String, Object> optionsOf(RecordedOptions.Options options) {
        var result = new LinkedHashMap<String, Object>();
        options.provider().ifPresent(p -> result.put("provider", p));
        options.importId().ifPresent(id -> result.put("import", id));
        if (options.retainOnDelete()) {
            result.put("retainOnDelete", true);
        }
        return result;
    }

    /**
     * Keys sorted at every depth, whole numbers printed as integers (the engine carries every
     * number as a double), and any string that holds a secret replaced by {@value StackFile#SECRET}.
     */
    static Object normalized(Object value, Set<String> secrets) {
        if (value instanceof Map<?, ?> map) {
            var sorted = new TreeMap<String, Object>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), normalized(v, secrets)));
            return new LinkedHashMap<>(sorted);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> normalized(v, secrets)).toList();
        }
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e15) {
            return d.longValue();
        }
        if (value instanceof String s && secrets.stream().anyMatch(secret -> s.equals(secret)
                || (secret.length() >= 8 && s.contains(secret)))) {
            return StackFile.SECRET;
        }
        return value;
    }

    /** Plaintexts the program passes on as secrets: config secrets and the cluster stack's kubeconfig. */
    private static Set<String> secretsOf(Settings settings, Map<String, Object> clusterOutputs) {
        var secrets = new HashSet<String>();
        settings.cluster().kubeconfig().map(Secret::value).ifPresent(secrets::add);
        settings.spaces().username().map(Secret::value).ifPresent(secrets::add);
        settings.spaces().password().map(Secret::value).ifPresent(secrets::add);
        if (settings.cluster().kubeconfigFromStack()) {
            ClusterFacts.resolve(settings.cluster(), name -> Optional.ofNullable(clusterOutputs.get(name)))
                    .kubeconfig().map(Secret::value).ifPresent(secrets::add);
        }
        secrets.remove(StackFile.SECRET);
        return secrets;
    }
}
