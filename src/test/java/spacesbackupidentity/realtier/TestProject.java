package spacesbackupidentity.realtier;

import com.google.gson.Gson;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A copy of the project for one real-tier stack: this repository's Pulumi.yaml and a stack file
 * made from one of its stack files, changed only where the test's world differs from the user's:
 * the cluster stack is {@code organization/eks-cluster/<stack>} (the file backend's only
 * organization) and the chart comes from the test registry. The render and the engine read the
 * same copy, so whatever else the stack file says, both see it the same way.
 */
public final class TestProject {
    public static final String KEY_PREFIX = RealEngine.PROJECT + ":";
    private static final Gson GSON = new Gson();
    private final Path dir;
    private final String stack;

    private TestProject(Path dir, String stack) {
        this.dir = dir;
        this.stack = stack;
    }

    /**
     * @param source the stack file it is made from
     * @param change what the test changes further, on the {@code config} mapping
     */
    @SuppressWarnings("unchecked")
    public static TestProject of(Path dir, String stack, Path source, String clusterStack, ChartRegistry registry,
                                 Consumer<Map<String, Object>> change) throws IOException {
        Files.createDirectories(dir);
        Files.copy(Path.of("Pulumi.yaml"), dir.resolve("Pulumi.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        var document = (Map<String, Object>) new Yaml().load(Files.readString(source));
        var config = (Map<String, Object>) document.get("config");
        if (config.containsKey(KEY_PREFIX + "clusterStack")) {
            config.put(KEY_PREFIX + "clusterStack", clusterStack);
        }
        var spaces = new LinkedHashMap<>((Map<String, Object>) config.get(KEY_PREFIX + "spaces"));
        spaces.put("chart", registry.chart());
        spaces.put("registryHost", registry.host());
        config.put(KEY_PREFIX + "spaces", spaces);
        change.accept(config);
        var project = new TestProject(dir, stack);
        project.write(document);
        return project;
    }

    public Path dir() {
        return dir;
    }

    public String stack() {
        return stack;
    }

    public Path stackFile() {
        return dir.resolve("Pulumi." + stack + ".yaml");
    }

    /** The stack file's {@code config} mapping as it is now (Pulumi may have added its salt). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> config() throws IOException {
        return (Map<String, Object>) ((Map<String, Object>) new Yaml().load(Files.readString(stackFile()))).get("config");
    }

    /** Changes the stack file's config, keeping what Pulumi wrote there (the encryption salt). */
    @SuppressWarnings("unchecked")
    public void change(Consumer<Map<String, Object>> change) throws IOException {
        var document = (Map<String, Object>) new Yaml().load(Files.readString(stackFile()));
        change.accept((Map<String, Object>) document.get("config"));
        write(document);
    }

    private void write(Map<String, Object> document) throws IOException {
        var options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Files.writeString(stackFile(), new Yaml(options).dump(document));
    }

    /** The control planes' host namespaces, {@code mxp-<id>-system}, as the stack file lists them. */
    @SuppressWarnings("unchecked")
    public List<String> namespaces() throws IOException {
        var controlPlanes = (List<Map<String, Object>>) config().get(KEY_PREFIX + "controlPlanes");
        return controlPlanes.stream().map(cp -> cp.containsKey("namespace") ? (String) cp.get("namespace")
                : "mxp-" + cp.get("id") + "-system").sorted().toList();
    }

    /** The control planes' groups: in Spaces a group is a namespace, where its SharedBackup objects go. */
    @SuppressWarnings("unchecked")
    public java.util.SortedSet<String> groups() throws IOException {
        var controlPlanes = (List<Map<String, Object>>) config().get(KEY_PREFIX + "controlPlanes");
        var groups = new java.util.TreeSet<String>();
        controlPlanes.forEach(cp -> groups.add((String) cp.get("group")));
        return groups;
    }

    /** Makes the stack's groups and control-plane host namespaces in the cluster, as Spaces has them. */
    public void createNamespaces(KubeCluster cluster) throws IOException {
        for (var group : groups()) {
            cluster.namespace(group);
        }
        for (var namespace : namespaces()) {
            cluster.controlPlaneNamespace(namespace);
        }
    }

    /** A cluster-outputs file for the render with these outputs, secret ones as the CLI prints them. */
    public Path clusterOutputsFile(Map<String, Object> outputs, java.util.Set<String> secret) throws IOException {
        var shown = new LinkedHashMap<String, Object>();
        outputs.forEach((name, value) -> shown.put(name, secret.contains(name) ? "[secret]" : value));
        var file = dir.resolve("cluster-outputs.json");
        Files.writeString(file, GSON.toJson(shown));
        return file;
    }
}
