package spacesbackupidentity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import spacesbackupidentity.config.ConfigFileException;
import spacesbackupidentity.config.EngineConfig;
import spacesbackupidentity.config.ProjectFile;
import spacesbackupidentity.config.StackConfigFile;
import spacesbackupidentity.settings.Settings;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pulumi.yaml declares exactly the keys the program reads, in the form Pulumi's project schema accepts. */
class ProjectFileTest {
    /** backup has a default since control-plane backups can be turned off (workloads.controlPlaneBackups). */
    static final Set<String> REQUIRED = Set.of("controlPlanes", "spaces");
    static final Set<String> SIMPLE_TYPES = Set.of("string", "integer", "boolean", "array");

    @Test
    void declaresEveryKeyTheProgramReadsAndNoOther() {
        var project = ProjectFile.read(Path.of("."));
        var prefix = project.name() + ":";

        assertThat(project.name()).isEqualTo("spaces-backup-identity");
        assertThat(project.config().keySet()).allMatch(k -> k.startsWith(prefix));
        assertThat(project.config().keySet().stream().map(k -> k.substring(prefix.length())))
                .containsExactlyInAnyOrderElementsOf(Settings.CONFIG_KEYS);
        project.config().forEach((key, declaration) -> {
            assertThat(declaration.description()).as(key).get().asString().isNotBlank();
            declaration.type().ifPresent(type -> assertThat(SIMPLE_TYPES).as(key).contains(type));
            // Pulumi demands a stack value for every declared key without a default.
            assertThat(declaration.defaultValue().isPresent()).as(key)
                    .isEqualTo(!REQUIRED.contains(key.substring(prefix.length())));
        });
    }

    @Test
    void theDefaultsReadAsUnset() {
        var project = ProjectFile.read(Path.of("."));
        var stackFile = """
                config:
                  aws:region: us-east-1
                  spaces-backup-identity:controlPlanes:
                    - {name: ctp-0, group: default, id: %s}
                  spaces-backup-identity:backup: {bucket: acme-backups}
                  spaces-backup-identity:spaces: {version: 1.14.1}
                  spaces-backup-identity:oidcProviderArn: %s
                  spaces-backup-identity:kubeconfig: "%s"
                """.formatted(StackConfig.id(0), StackConfig.OIDC_ARN, StackConfig.KUBECONFIG.replace("\n", "\\n"));
        var withDefaults = StackConfigFile.parse("Pulumi.s.yaml", stackFile, project, "s");
        var without = new HashMap<>(withDefaults.values());
        without.keySet().removeIf(k -> !k.equals("aws:region") && !stackFile.contains(k + ":"));

        var lookup = withDefaults.lookup(project.name());
        assertThat(Settings.parse(lookup, "p", "s", Path.of(".")))
                .isEqualTo(Settings.parse(new EngineConfig(new TreeMap<>(without), new TreeSet<>())
                        .lookup(project.name()), "p", "s", Path.of(".")));
        assertThat(withDefaults.values()).containsEntry("spaces-backup-identity:role", "{}")
                .containsEntry("spaces-backup-identity:useAmbientKubeconfig", "false")
                .containsEntry("spaces-backup-identity:clusterStack", "");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "- name: myproj | Pulumi.yaml: expected a mapping with the project's name and runtime",
            "runtime: java | Pulumi.yaml: 'name' must be the project's name",
            "{name: ' ', runtime: java} | Pulumi.yaml: 'name' must be the project's name",
            "{name: myproj, runtime: java, config: [k]} | Pulumi.yaml: 'config' must be a mapping of config keys to"
                    + " declarations",
            "{name: myproj, runtime: java, config: {k: {default: 1, value: 2}}} | Pulumi.yaml: config.k: has both"
                    + " 'default' and 'value'"})
    void aProjectFileOfTheWrongShapeIsRefusedWithWhatItMustHold(String text, String message) {
        assertThatThrownBy(() -> ProjectFile.parse(text + "\n")).isInstanceOf(ConfigFileException.class)
                .hasMessage(message);
    }
}
