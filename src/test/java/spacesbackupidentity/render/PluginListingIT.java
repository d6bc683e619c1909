package spacesbackupidentity.render;

import org.junit.jupiter.api.Test;
import spacesbackupidentity.PluginListing;

import java.util.List;

/**
 * The plugins `pulumi up` installs, as the Java language host lists them (pulumi-java
 * pkg/internal/executors: executor_jar.go and executor_maven.go): once for the packaged jar
 * (runtime.options.binary), once through Maven, with the language host's own command line. Both
 * name Kubernetes plugin 4.32.0, once, so exactly one Kubernetes plugin is installed.
 */
class PluginListingIT {
    @Test
    void theJarListsKubernetes4320() throws Exception {
        PluginListing.assertOneKubernetesAndOneAwsPlugin(PluginListing.of(RenderJarIT.JAR.toString()));
    }

    @Test
    void mavenListsKubernetes4320() throws Exception {
        var output = PluginListing.run(List.of("mvn", "-Dorg.slf4j.simpleLogger.logFile=System.err",
                "--no-transfer-progress", "compile", "exec:java", "-DmainClass=com.pulumi.bootstrap.internal.Main",
                "-DmainArgs=packages"));

        PluginListing.assertOneKubernetesAndOneAwsPlugin(PluginListing.parse(output));
    }
}
