package spacesbackupidentity;

import com.google.gson.Gson;
import spacesbackupidentity.stack.KubernetesProvider;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plugin listing Pulumi's Java language host reads to know which provider plugins to install:
 * the JSON that {@code com.pulumi.bootstrap.internal.Main packages} prints (pulumi-java 1.36.1
 * PulumiPlugins scans {@code com/<ns>/<name>/plugin.json}; the first one on the class path wins).
 */
public final class PluginListing {
    private PluginListing() {
    }

    /** Runs the SDK's listing on a class path, as the language host does for a jar. */
    public static List<Map<String, Object>> of(String classpath) throws IOException, InterruptedException {
        var java = ProcessHandle.current().info().command().orElse("java");
        return parse(run(List.of(java, "-cp", classpath, "com.pulumi.bootstrap.internal.Main", "packages")));
    }

    /**
     * The command's standard output; fails with its standard error when it exits other than 0. Maven
     * resolving plugins on a cold machine is slow, so only a run still going after five minutes is
     * taken for hung.
     */
    public static String run(List<String> command) throws IOException, InterruptedException {
        return ChildProcess.succeed(command, Duration.ofMinutes(5));
    }

    /**
     * What {@code pulumi up} must install: Kubernetes at {@link KubernetesProvider#PLUGIN_VERSION} and
     * AWS 6.83.0, each once, so no second Kubernetes plugin is installed beside the one the program runs with.
     */
    public static void assertOneKubernetesAndOneAwsPlugin(List<Map<String, Object>> plugins) {
        assertThat(plugins).filteredOn(p -> p.get("name").equals("kubernetes")).singleElement()
                .satisfies(p -> assertThat(p.get("version")).isEqualTo(KubernetesProvider.PLUGIN_VERSION));
        assertThat(plugins).filteredOn(p -> p.get("name").equals("aws")).singleElement()
                .satisfies(p -> assertThat(p.get("version")).isEqualTo("6.83.0"));
    }

    /** The listing: the output's line that is a JSON array (Maven may add a terminal reset after it). */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> parse(String output) {
        var line = output.lines().filter(l -> l.startsWith("[{") || l.equals("[]")).findFirst()
                .orElseThrow(() -> new AssertionError("no plugin listing in: " + output));
        return new ArrayList<>(new Gson().fromJson(line, List.class));
    }
}
