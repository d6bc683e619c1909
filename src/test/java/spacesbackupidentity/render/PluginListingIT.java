package spacesbackupidentity.render;

import org.junit.jupiter.api.Test;
import spacesbackupidentity.PluginListing;
import spacesbackupidentity.stack.KubernetesProvider;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plugins `pulumi up` installs, as the Java language host lists them (pulumi-java
 * pkg/internal/executors: executor_jar.go and executor_maven.go): once for the packaged jar
 * (runtime.options.binary), once through Maven, with the language host's own command line. Both
 * name Kubernetes plugin 4.32.0, once, so exactly one Kubernetes plugin is installed.
 */
class PluginListingIT {
    static void assertOneKubernetesPlugin(List<Map<String, Object>> plugins) {
        assertThat(plugins).filteredOn(p -> p.get("name").equals("kubernetes")).singleElement()
                .satisfies(p -> assertThat(p.get("version")).isEqualTo(KubernetesProvider.PLUGIN_VERSION));
        assertThat(plugins).filteredOn(p -> p.get("name").equals("aws")).singleElement()
                .satisfies(p -> assertThat(p.get("version")).isEqualTo("6.83.0"));
    }

    @Test
    void theJarListsKubernetes4320() throws Exception {
        assertOneKubernetesPlugin(PluginListing.of(RenderJarIT.JAR.toString()));
    }

    @Test
    void mavenListsKubernetes4320() throws Exception {
        var output = PluginListing.run(List.of("mvn", "-Dorg.slf4j.simpleLogger.logFile=System.err",
                "--no-transfer-progress", "compile", "exec:java", "-DmainClass=com.pulumi.bootstrap.internal.Main",
                "-DmainArgs=packages"));

        assertOneKubernetesPlugin(PluginListing.parse(output));
    }
}
