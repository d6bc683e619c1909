package spacesbackupidentity.render;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonParser;
import spacesbackupidentity.App;
import spacesbackupidentity.config.BoundedFile;
import spacesbackupidentity.config.ConfigFileException;
import spacesbackupidentity.config.ConfigJson;
import spacesbackupidentity.config.EngineConfig;
import spacesbackupidentity.config.ProjectFile;
import spacesbackupidentity.config.StackConfigFile;
import spacesbackupidentity.offline.EngineRequests;
import spacesbackupidentity.offline.OfflineCloud;
import spacesbackupidentity.offline.OfflineRun;
import spacesbackupidentity.rules.Quote;
import spacesbackupidentity.runtime.ProgramRuntime;
import spacesbackupidentity.settings.ClusterFacts;
import spacesbackupidentity.settings.ClusterSettings;
import spacesbackupidentity.settings.InvalidConfigException;
import spacesbackupidentity.settings.Secret;
import spacesbackupidentity.settings.Settings;
import spacesbackupidentity.settings.SpacesSettings;
import spacesbackupidentity.settings.Workload;
import spacesbackupidentity.summary.RenderedStack;
import spacesbackupidentity.summary.StackSummary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Runs the stack's own program offline, in Pulumi's in-memory engine, and prints what the engine
 * receives: the same {@link App#program} that {@code pulumi up} runs, fed the same config hand-off
 * the CLI would build from the stack file ({@link StackConfigFile}), with cloud-only values
 * derived as AWS derives them. A value prints as {@value #SECRET} exactly where the program marks
 * it secret; encrypted config values are never decrypted but read as {@code unmasked:...} text, so
 * a secret the program forgets to mark shows up as such.
 */
public final class Render {
    public static final String SECRET = "[secret]";
    private static final String RELEASE = "kubernetes:helm.sh/v3:Release";
    private static final String ROLE = "aws:iam/role:Role";
    private static final String ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";

    /** What to print: everything, or one document ready for the tool that takes it. */
    public enum Only {
        TRUST_POLICY("trust-policy"), PERMISSIONS("permissions"), VALUES("values");

        final String option;

        Only(String option) {
            this.option = option;
        }
    }

    /** The stack as configured for an offline run: the engine's hand-off and the project it belongs to. */
    public record OfflineStack(ProjectFile project, String stack, String fileName, EngineConfig config) {
    }

    private Render() {
    }

    /** Pulumi's rule for a stack's own name: validateStackName in pulumi/pulumi pkg/backend (diy and httpstate). */
    private static final java.util.regex.Pattern STACK_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,100}");

    /** Reads Pulumi.yaml and the stack's file into the hand-off the engine would build. */
    public static OfflineStack configOf(Path projectDir, String stack) {
        if (!STACK_NAME.matcher(stack).matches()) {
            throw new RenderException(Quote.of(stack) + " is not a stack name; expected at most 100 letters, digits,"
                    + " '_', '.' and '-', as Pulumi names stacks");
        }
        if (!Files.isRegularFile(projectDir.resolve(ProjectFile.FILE_NAME))) {
            throw new RenderException(noProject(projectDir));
        }
        try {
            var project = ProjectFile.read(projectDir);
            var fileName = StackConfigFile.fileName(stack);
            if (!Files.exists(projectDir.resolve(fileName))) {
                throw new RenderException(fileName + ": no such stack file in " + projectDir.toAbsolutePath().normalize()
                        + "; stacks here: " + stacksIn(projectDir));
            }
            return new OfflineStack(project, stack, fileName, StackConfigFile.read(projectDir, project, stack));
        } catch (ConfigFileException e) {
            throw new RenderException(e.getMessage());
        }
    }

    /** Renders stack {@code stack} of the project in {@code projectDir}, in a DIY backend's organization. */
    public static String render(Path projectDir, String stack, Optional<Path> clusterOutputsFile, Optional<Only> only) {
        return render(projectDir, stack, OfflineRun.DEFAULT_ORGANIZATION, clusterOutputsFile, only, Optional.empty());
    }

    /**
     * Renders stack {@code stack}, or one document of it; a role's document ({@code trust-policy},
     * {@code permissions}) is {@code workload}'s ({@code --workload}), control-plane backups' by default.
     *
     * @param organization the stack's organization (Pulumi Cloud's, or a DIY backend's
     *                     {@value OfflineRun#DEFAULT_ORGANIZATION}): the stack reads itself by
     *                     ORGANIZATION/PROJECT/STACK
     */
    public static String render(Path projectDir, String stack, String organization, Optional<Path> clusterOutputsFile,
                                Optional<Only> only, Optional<String> workload) {
        if (workload.isPresent() && (only.isEmpty() || only.get() == Only.VALUES)) {
            throw new RenderException("--workload: names whose role --only trust-policy or --only permissions prints;"
                    + (only.isEmpty() ? " use it with one of them" : " the values are the one release's, for every"
                    + " workload"));
        }
        var offline = configOf(projectDir, stack);
        var project = offline.project().name();
        Settings settings;
        try {
            settings = Settings.parse(offline.config().lookup(project), project, stack, projectDir);
        } catch (InvalidConfigException e) {
            throw new RenderException(offline.fileName() + ": " + e.getMessage());
        }
        var role = only.filter(o -> o != Only.VALUES).map(o -> workloadOf(settings, workload, o));
        if (ClusterFacts.needsStack(settings.cluster()) && clusterOutputsFile.isEmpty()) {
            var name = settings.cluster().stack().orElseThrow();
            throw new RenderException(offline.fileName() + ": clusterStack is " + Quote.of(name) + " and an offline run"
                    + " cannot read it; pass its outputs with --cluster-outputs FILE (made with `pulumi stack output"
                    + " --stack " + name + " --json > FILE`), or set oidcProviderArn and kubeconfig");
        }

        var outputs = clusterOutputsFile.map(ClusterOutputsFile::read).orElse(Map.of());
        var result = OfflineRun.run(organization, project, stack, offline.config(), offlineCloud(outputs),
                ctx -> App.program(ctx, settings, false), ProgramRuntime.usesSdkRunner());
        if (result.error().isPresent()) {
            var error = result.error().get();
            if (error instanceof InvalidConfigException invalid) {
                throw new RenderException(offline.fileName() + ": "
                        + withOutputsFile(invalid, clusterOutputsFile).getMessage());
            }
            throw new IllegalStateException("the stack failed offline: " + error.getClass().getName(), error);
        }
        clusterOutputsFile.ifPresent(file -> refusePlainKubeconfig(file, outputs, settings));
        if (only.isPresent()) {
            return document(only.get(), role, result);
        }
        var madeFrom = new LinkedHashMap<String, Object>();
        madeFrom.put("stackFile", offline.fileName());
        clusterOutputsFile.ifPresent(file -> madeFrom.put("clusterOutputs", shownPath(projectDir, file)));
        return json(project, stack, madeFrom, defaultProviders(offline.config(), result), result);
    }

    /**
     * The review summary of the stack's full render, as Markdown ({@link StackSummary}), with what
     * changed since {@code against}, a full render saved earlier ({@code render STACK > FILE}), when
     * given. The summary reads the render's JSON document, the same one {@code render} prints.
     */
    public static String summary(Path projectDir, String stack, Optional<Path> clusterOutputsFile,
                                 Optional<Path> against) {
        return summary(projectDir, stack, OfflineRun.DEFAULT_ORGANIZATION, clusterOutputsFile, against);
    }

    public static String summary(Path projectDir, String stack, String organization, Optional<Path> clusterOutputsFile,
                                 Optional<Path> against) {
        var base = against.map(file -> new StackSummary.Base(file.toString(), savedRender(file, stack)));
        var head = RenderedStack.of(ConfigJson.parse(render(projectDir, stack, organization, clusterOutputsFile,
                Optional.empty(), Optional.empty())));
        return StackSummary.of(head, base);
    }

    /** A full render saved to a file, of the same stack. */
    private static RenderedStack savedRender(Path file, String stack) {
        var option = "--against " + file;
        RenderedStack saved;
        try {
            saved = RenderedStack.of(ConfigJson.parse(BoundedFile.read(file, option)));
        } catch (ConfigFileException e) {
            throw new RenderException(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new RenderException(option + ": " + e.getMessage() + "; expected the JSON a full render prints"
                    + " (`render " + stack + " --cluster-outputs ... > FILE`)");
        }
        if (!saved.stack().equals(stack)) {
            throw new RenderException(option + ": a render of stack " + Quote.of(saved.stack()) + ", not of "
                    + Quote.of(stack) + "; compare two renders of the same stack");
        }
        return saved;
    }

    /**
     * Offline, what the program calls the cluster stack's outputs came from a file: each problem with
     * them names it, so that outputs of the wrong cluster are found where they were given.
     */
    private static InvalidConfigException withOutputsFile(InvalidConfigException invalid,
                                                          Optional<Path> clusterOutputsFile) {
        if (clusterOutputsFile.isEmpty()) {
            return invalid;
        }
        return new InvalidConfigException(invalid.problems().stream()
                .map(p -> p.startsWith(ClusterSettings.STACK_KEY + ":") || p.startsWith(ClusterSettings.STACK_KEY
                        + " output") ? p + " (offline, the outputs of clusterStack are the file --cluster-outputs "
                        + clusterOutputsFile.get() + ")" : p)
                .toList());
    }

    /**
     * A kubeconfig in plain text in an outputs file means the file was made with --show-secrets, and
     * such files are committed for the fork render-diff: refused before the secret spreads further.
     */
    private static void refusePlainKubeconfig(Path file, Map<String, ClusterFacts.StackOutput> outputs,
                                              Settings settings) {
        if (!settings.cluster().kubeconfigFromStack()) {
            return;
        }
        var name = settings.cluster().outputNames().kubeconfig();
        var output = outputs.get(name);
        if (output != null && !output.secret()) {
            throw new RenderException("--cluster-outputs " + file + ": output " + Quote.of(name) + " is in plain text"
                    + " (made with --show-secrets?); make the file with `pulumi stack output --json`, which prints it as"
                    + " \"[secret]\", and do not commit a kubeconfig");
        }
    }

    /** The stand-in cloud: the cluster stack's outputs from {@code --cluster-outputs}, when given. */
    public static OfflineCloud offlineCloud(Optional<Path> clusterOutputsFile) {
        return offlineCloud(clusterOutputsFile.map(ClusterOutputsFile::read).orElse(Map.of()));
    }

    private static OfflineCloud offlineCloud(Map<String, ClusterFacts.StackOutput> outputs) {
        var values = new LinkedHashMap<String, Object>();
        outputs.forEach((name, output) -> values.put(name, output.value()));
        var secret = outputs.entrySet().stream().filter(e -> e.getValue().secret()).map(Map.Entry::getKey).toList();
        return new OfflineCloud(values, secret);
    }

    /** The workload whose role's document to print: {@code --workload}, else control-plane backups. */
    private static Workload workloadOf(Settings settings, Optional<String> name, Only only) {
        var managed = settings.workloads().stream().map(w -> w.workload().configKey()).toList();
        var workload = name.map(n -> Workload.byKey(n).orElseThrow(() -> new RenderException("--workload: "
                + Quote.of(n) + " is not a workload; expected one this stack manages: " + String.join(", ", managed))))
                .orElse(Workload.CONTROL_PLANE_BACKUPS);
        if (settings.workload(workload).isEmpty()) {
            throw new RenderException((name.isPresent() ? "--workload: " : "--only " + only.option + ": ")
                    + "this stack does not manage " + workload.title() + " (" + workload.configKey() + "), so it has"
                    + " no role for it; name one it manages with --workload: " + String.join(", ", managed));
        }
        return workload;
    }

    private static String document(Only only, Optional<Workload> workload, OfflineRun.Result result) {
        return switch (only) {
            case TRUST_POLICY -> prettyPolicy(input(result, ROLE, workload.orElseThrow().roleResource(),
                    "assumeRolePolicy"));
            case PERMISSIONS -> prettyPolicy(input(result, ROLE_POLICY, workload.orElseThrow().permissionsResource(),
                    "policy"));
            case VALUES -> valuesFile(result.registrations().stream()
                    .filter(r -> r.type().equals(RELEASE)).findFirst()
                    .map(r -> r.inputs().get("values")).orElse(Map.of()));
        };
    }

    /** An input of one registered resource, as the engine received it. */
    private static Object input(OfflineRun.Result result, String type, String name, String input) {
        return result.registrations().stream().filter(r -> r.type().equals(type) && r.name().equals(name))
                .findFirst().map(r -> r.inputs().get(input)).orElseThrow();
    }

    /** Secret values a message lists by path before it says how many more there are. */
    private static final int LISTED_SECRETS = 5;

    /**
     * The values file for {@code helm upgrade -f}, unless the values hold a secret: the offline
     * render cannot know it and prints {@value #SECRET}, which Helm would install as the value
     * (a license key of "[secret]"). Such a document is refused, naming the secret values by path
     * (their keys show in every render; their values never do).
     */
    private static String valuesFile(Object values) {
        var secrets = new ArrayList<String>();
        secretPaths(values, "", secrets);
        if (!secrets.isEmpty()) {
            var listed = String.join(", ", secrets.subList(0, Math.min(LISTED_SECRETS, secrets.size())))
                    + (secrets.size() > LISTED_SECRETS ? " and " + (secrets.size() - LISTED_SECRETS) + " more" : "");
            throw new RenderException("--only values: the Helm values hold " + secrets.size() + " secret value"
                    + (secrets.size() == 1 ? "" : "s") + " (" + listed + ", from " + SpacesSettings.SECRET_VALUES_KEY
                    + "), which an offline render cannot read and would print as " + SECRET + "; helm upgrade -f would"
                    + " install that text as the value. Review them in the whole render (without --only), and deploy"
                    + " with pulumi up, which passes the secrets on");
        }
        return HelmValuesFile.of(shown(values));
    }

    private static void secretPaths(Object value, String path, List<String> into) {
        if (value instanceof Secret<?>) {
            into.add(path.isEmpty() ? "all of them" : path);
        } else if (value instanceof Map<?, ?> map) {
            var sorted = new TreeMap<String, Object>();
            map.forEach((key, child) -> sorted.put(String.valueOf(key), child));
            sorted.forEach((key, child) -> secretPaths(child, (path.isEmpty() ? "" : path + ".") + Quote.key(key), into));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                secretPaths(list.get(i), path + "[" + i + "]", into);
            }
        }
    }

    /** One value per line, so a reviewer's diff shows exactly the subjects that changed. */
    private static String prettyPolicy(Object policy) {
        if (!(policy instanceof String json)) {
            return SECRET + "\n";
        }
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create()
                .toJson(JsonParser.parseString(json)) + "\n";
    }

    /** A file inside the project as a path relative to it, so that renders of two checkouts compare equal. */
    private static String shownPath(Path projectDir, Path file) {
        var dir = projectDir.toAbsolutePath().normalize();
        var absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(dir) ? dir.relativize(absolute).toString().replace('\\', '/') : file.toString();
    }

    /**
     * The default providers the engine would make for the resources that name no provider, with
     * the config it gives each: every stack key of the provider's namespace, as text, secret where
     * the stack marks it (pulumi/pulumi pkg/resource/deploy/target.go, GetPackageConfig). No
     * resource's inputs show these settings, yet they decide where calls go and what is tagged.
     */
    private static Map<String, Object> defaultProviders(EngineConfig config, OfflineRun.Result result) {
        var providers = new TreeMap<String, Object>();
        for (var registration : result.registrations()) {
            var pkg = registration.type().substring(0, registration.type().indexOf(':'));
            if (registration.options().provider().isPresent() || pkg.equals("pulumi")
                    || providers.containsKey(pkg)) {
                continue;
            }
            var settings = new TreeMap<String, Object>();
            config.values().forEach((key, raw) -> {
                if (key.startsWith(pkg + ":")) {
                    settings.put(key.substring(pkg.length() + 1), config.secretKeys().contains(key) ? SECRET : raw);
                }
            });
            var provider = new LinkedHashMap<String, Object>();
            registration.options().version().ifPresent(v -> provider.put("version", v));
            provider.put("config", settings);
            providers.put(pkg, provider);
        }
        return new LinkedHashMap<>(providers);
    }

    private static String json(String project, String stack, Map<String, Object> madeFrom,
                               Map<String, Object> defaultProviders, OfflineRun.Result result) {
        var resources = new ArrayList<Map<String, Object>>();
        for (var registration : result.registrations()) {
            resources.add(resource(registration));
        }
        var document = new LinkedHashMap<String, Object>();
        document.put("project", project);
        document.put("stack", stack);
        document.put("madeFrom", madeFrom);
        document.put("defaultProviders", defaultProviders);
        document.put("resources", resources);
        document.put("outputs", shown(new TreeMap<>(result.outputs())));
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create()
                .toJson(document) + "\n";
    }

    /**
     * One resource as the render prints it: type, name, inputs as {@link #shown}, dependencies and
     * options. The real-tier tests print the requests a real engine received with this too.
     */
    public static Map<String, Object> resource(EngineRequests.Registration registration) {
        var resource = new LinkedHashMap<String, Object>();
        resource.put("type", registration.type());
        resource.put("name", registration.name());
        resource.put("inputs", shown(registration.inputs()));
        resource.put("dependsOn", registration.options().dependencies());
        resource.put("options", optionsOf(registration.options()));
        return resource;
    }

    /** Every option the request carries that differs from the engine's default. */
    private static Map<String, Object> optionsOf(EngineRequests.ResourceOptions options) {
        var result = new LinkedHashMap<String, Object>();
        options.provider().ifPresent(p -> result.put("provider", p));
        options.version().ifPresent(v -> result.put("version", v));
        options.importId().ifPresent(id -> result.put("import", id));
        options.readId().ifPresent(id -> result.put("read", id));
        if (options.protect()) {
            result.put("protect", true);
        }
        if (options.retainOnDelete()) {
            result.put("retainOnDelete", true);
        }
        if (options.deleteBeforeReplace()) {
            result.put("deleteBeforeReplace", true);
        }
        if (!options.ignoreChanges().isEmpty()) {
            result.put("ignoreChanges", options.ignoreChanges());
        }
        if (!options.replaceOnChanges().isEmpty()) {
            result.put("replaceOnChanges", options.replaceOnChanges());
        }
        if (!options.aliases().isEmpty()) {
            result.put("aliases", options.aliases());
        }
        if (!options.additionalSecretOutputs().isEmpty()) {
            result.put("additionalSecretOutputs", options.additionalSecretOutputs());
        }
        options.deletedWith().ifPresent(d -> result.put("deletedWith", d));
        return result;
    }

    /**
     * A recorded value as printed: keys sorted at every depth, whole numbers as integers (the
     * engine carries every number as a double), and {@value #SECRET} for what the program
     * marked secret, and nowhere else.
     */
    public static Object shown(Object value) {
        if (value instanceof Secret<?>) {
            return SECRET;
        }
        if (value instanceof Map<?, ?> map) {
            var sorted = new TreeMap<String, Object>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), shown(v)));
            return new LinkedHashMap<>(sorted);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Render::shown).collect(Collectors.toList());
        }
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        return Quote.wholeNumber(value).<Object>map(n -> n).orElse(value);
    }

    /**
     * Where the render looked for the project and how to point it there: run from a subdirectory or
     * elsewhere, the nearest directory above that holds a Pulumi.yaml is named.
     */
    private static String noProject(Path projectDir) {
        var searched = projectDir.toAbsolutePath().normalize();
        var where = projectDir.equals(Path.of(".")) || projectDir.toString().isEmpty()
                ? "the current directory, " + searched : searched.toString();
        if (!Files.isDirectory(projectDir)) {
            return "--project-dir " + projectDir + ": " + (Files.exists(projectDir) ? "not a directory"
                    : "no such directory") + " (" + searched + "); point --project-dir at the directory that holds "
                    + ProjectFile.FILE_NAME + " and Pulumi.<stack>.yaml";
        }
        var above = Optional.ofNullable(searched.getParent());
        while (above.isPresent() && !Files.isRegularFile(above.get().resolve(ProjectFile.FILE_NAME))) {
            above = Optional.ofNullable(above.get().getParent());
        }
        return ProjectFile.FILE_NAME + ": no such file in " + where + "; run render in the project directory (the one"
                + " with " + ProjectFile.FILE_NAME + " and Pulumi.<stack>.yaml), or point at it with --project-dir DIR"
                + above.map(dir -> " (" + dir + " has a " + ProjectFile.FILE_NAME + ": --project-dir " + dir + ")")
                .orElse("");
    }

    private static String stacksIn(Path projectDir) {
        try (var files = Files.list(projectDir)) {
            var stacks = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("Pulumi.") && n.endsWith(".yaml") && !n.equals(ProjectFile.FILE_NAME))
                    .map(n -> n.substring("Pulumi.".length(), n.length() - ".yaml".length()))
                    .sorted().collect(Collectors.joining(", "));
            return stacks.isEmpty() ? "none" : stacks;
        } catch (java.io.IOException e) {
            return "unknown (" + e.getClass().getSimpleName() + ")";
        }
    }
}
