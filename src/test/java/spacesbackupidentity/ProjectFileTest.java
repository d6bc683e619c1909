package spacesbackupidentity;

import org.junit.jupiter.api.Test;
import spacesbackupidentity.config.ConfigLookup;
import spacesbackupidentity.config.ProjectFile;
import spacesbackupidentity.settings.Settings;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Pulumi.yaml declares exactly the keys the program reads, in the form Pulumi's project schema accepts. */
class ProjectFileTest {
    static final Set<String> REQUIRED = Set.of("controlPlanes", "backup", "spaces");
    static final Set<String> SIMPLE_TYPES = Set.of("string", "integer", "boolean", "array");

    @Test
    void declaresEveryKeyTheProgramReadsAndNoOther() throws IOException {
        var project = ProjectFile.read(Path.of("."));

        assertThat(project.name()).isEqualTo("spaces-backup-identity");
        assertThat(project.config().keySet()).containsExactlyInAnyOrderElementsOf(Settings.CONFIG_KEYS);
        project.config().forEach((key, declaration) -> {
            assertThat(declaration.get("description")).as(key).asString().isNotBlank();
            assertThat(declaration.keySet()).as(key).isSubsetOf("type", "description", "default", "secret", "items");
            if (declaration.containsKey("type")) {
                assertThat(SIMPLE_TYPES).as(key).contains((String) declaration.get("type"));
            }
            // Pulumi demands a stack value for every declared key without a default.
            assertThat(declaration.containsKey("default")).as(key).isEqualTo(!REQUIRED.contains(key));
        });
    }

    @Test
    void theDefaultsReadAsUnset() throws IOException {
        var values = new HashMap<>(ProjectFile.read(Path.of(".")).defaults());
        values.put("controlPlanes", ProjectFile.rawValue(StackConfig.controlPlanes(1)));
        values.put("backup", ProjectFile.rawValue(Map.of("bucket", "acme-backups")));
        values.put("spaces", ProjectFile.rawValue(Map.of("version", "1.14.1")));
        values.put("oidcProviderArn", StackConfig.OIDC_ARN);
        values.put("kubeconfig", StackConfig.KUBECONFIG);
        values.put("aws:region", "us-east-1");

        var withDefaults = Settings.parse(ConfigLookup.of(values), "p", "s", Path.of("."));
        values.keySet().retainAll(List.of("controlPlanes", "backup", "spaces", "oidcProviderArn", "kubeconfig",
                "aws:region"));
        var without = Settings.parse(ConfigLookup.of(values), "p", "s", Path.of("."));

        assertThat(withDefaults).isEqualTo(without);
        assertThat(ProjectFile.read(Path.of(".")).defaults()).containsEntry("role", "{}")
                .containsEntry("useAmbientKubeconfig", "false").containsEntry("clusterStack", "");
    }
}
