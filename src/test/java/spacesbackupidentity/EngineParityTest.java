package spacesbackupidentity;

import com.google.gson.Gson;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import spacesbackupidentity.config.EngineConfig;
import spacesbackupidentity.config.GoValues;
import spacesbackupidentity.offline.OfflineRun;
import spacesbackupidentity.render.Render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code pulumi up} sees is what {@code render} shows. For the shipped stacks and a corpus of
 * odd ones, the engine's hand-off (src/test/resources/parity/STACK.handoff.json, written by
 * tools/pulumi-handoff with Pulumi v3.276.0's own config loading, Pulumi.yaml's defaults included) is checked
 * against the render's own reading of the stack file, byte for byte; then the program is run
 * from that engine hand-off, through the SDK's parser, and its requests compared with the
 * render's output: the same resources, inputs, dependencies, options and outputs, and
 * {@code [secret]} in the same places.
 */
class EngineParityTest {
    static final Gson GSON = new Gson();
    static final String PROJECT = "spaces-backup-identity";

    record Expected(Map<String, String> config, List<String> secretKeys) {
    }

    static Expected expected(String stack) throws IOException {
        @SuppressWarnings("unchecked")
        var json = GSON.fromJson(Files.readString(Path.of("src/test/resources/parity/" + stack + ".handoff.json")),
                Map.class);
        @SuppressWarnings("unchecked")
        var config = (Map<String, String>) json.get("config");
        @SuppressWarnings("unchecked")
        var secrets = (List<String>) json.get("secretKeys");
        return new Expected(new TreeMap<>(config), secrets);
    }

    static Path projectFor(String stack, Path temp) throws IOException {
        var corpus = Path.of("src/test/resources/parity/Pulumi." + stack + ".yaml");
        if (!Files.exists(corpus)) {
            return Path.of(".");
        }
        Files.copy(Path.of("Pulumi.yaml"), temp.resolve("Pulumi.yaml"));
        Files.copy(corpus, temp.resolve("Pulumi." + stack + ".yaml"));
        return temp;
    }

    static Optional<Path> clusterOutputs(String stack) {
        var file = Path.of("examples/eks-cluster-" + stack + ".outputs.json");
        return Files.exists(file) ? Optional.of(file) : Optional.empty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "odd", "secrets"})
    void theRenderReadsTheStackFileAsTheEngineHandsItOver(String stack, @TempDir Path temp) throws IOException {
        var expected = expected(stack);
        var ours = Render.configOf(projectFor(stack, temp), stack).config();

        expected.config().forEach((key, value) -> {
            if (expected.secretKeys().contains(key)) {
                assertThat(ours.secretKeys()).as(key).contains(key);
            } else {
                assertThat(ours.values().get(key)).as(key).isEqualTo(value);
            }
        });
        assertThat(ours.secretKeys()).containsExactlyInAnyOrderElementsOf(expected.secretKeys());
        var defaulted = new ArrayList<>(ours.values().keySet());
        defaulted.removeAll(expected.config().keySet());
        assertThat(defaulted).as("keys only Pulumi.yaml's defaults supply").allMatch(k -> k.startsWith(PROJECT + ":"))
                .noneMatch(k -> List.of(PROJECT + ":controlPlanes", PROJECT + ":backup", PROJECT + ":spaces")
                        .contains(k));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "odd", "secrets"})
    @SuppressWarnings("unchecked")
    void theProgramRunFromTheEnginesHandOffDeclaresWhatTheRenderShows(String stack, @TempDir Path temp)
            throws IOException {
        var projectDir = projectFor(stack, temp);
        var expected = expected(stack);
        var withDefaults = new LinkedHashMap<String, Object>(Render.configOf(projectDir, stack).config().values());
        withDefaults.putAll(expected.config());
        var engine = EngineConfig.fromHandOff(GoValues.json(withDefaults),
                GoValues.json(new ArrayList<Object>(expected.secretKeys())));

        var run = OfflineRun.run(PROJECT, stack, engine, Render.offlineCloud(clusterOutputs(stack)),
                ctx -> App.program(ctx, projectDir, false));   // stand-ins for secrets, as the render has
        var text = Render.render(projectDir, stack, clusterOutputs(stack), Optional.empty());
        var rendered = GSON.fromJson(text, Map.class);

        assertThat(run.error()).isEmpty();
        assertThat(text).as("every secret the stack file holds is marked secret wherever it goes")
                .doesNotContain("unmasked:");
        var resources = (List<Map<String, Object>>) rendered.get("resources");
        assertThat(resources).extracting(r -> r.get("type") + " " + r.get("name"))
                .containsExactlyElementsOf(run.registrations().stream().map(r -> r.type() + " " + r.name()).toList());
        for (int i = 0; i < resources.size(); i++) {
            var registration = run.registrations().get(i);
            var resource = resources.get(i);
            assertThat(Render.shown(resource.get("inputs"))).as(registration.name())
                    .isEqualTo(Render.shown(registration.inputs()));
            assertThat(resource.get("dependsOn")).as(registration.name())
                    .isEqualTo(registration.options().dependencies());
        }
        assertThat(Render.shown(rendered.get("outputs"))).isEqualTo(Render.shown(run.outputs()));
    }
}
