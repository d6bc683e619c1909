package spacesbackupidentity.realtier;

import com.google.gson.Gson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import spacesbackupidentity.ChildProcess;
import spacesbackupidentity.render.Render;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spaces install that exists before the stack does: the release (installed with the Helm CLI) and
 * a group's SharedBackupConfig and SharedBackupSchedule (applied by someone else). Without
 * {@code adoptExisting} the first {@code up} fails on the release with Helm's one message; with it,
 * the stack imports all three, replacing nothing and changing no value.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdoptionRealEngineIT {
    private static final Gson GSON = new Gson();
    private static final String GROUP = "adopt-a";
    private static final String RELEASE_NAMESPACE = "upbound-adopt";
    private RealStack stack;
    private RealTierWorld world;
    private TestProject project;
    private RealEngine.ProgramStack program;

    @BeforeAll
    @SuppressWarnings("unchecked")
    void start() throws Exception {
        stack = RealStack.dev("adopt", RealStack.ACCOUNT, config -> config.put(TestProject.KEY_PREFIX + "controlPlanes",
                List.of(Map.of("name", "ledger", "group", GROUP, "id", "ad0b7e00-0000-4000-8000-000000000001"))));
        stack.spacesAfter(java.time.Duration.ZERO);
        world = stack.world();
        project = stack.project();
        program = stack.program();
        var dir = stack.dir();
        var helm = world.registry().helmEnvironment("adoption-installer", true);

        // What exists already: exactly what the stack would make, as the render shows it.
        var rendered = (Map<String, Object>) GSON.fromJson(Render.render(project.dir(), "adopt",
                Optional.of(project.clusterOutputsFile(stack.clusterOutputs(), Set.of("kubeconfig"))), Optional.empty()),
                Map.class);
        var resources = (List<Map<String, Object>>) rendered.get("resources");
        for (var resource : resources) {
            var inputs = (Map<String, Object>) resource.get("inputs");
            var type = (String) resource.get("type");
            if (type.equals("kubernetes:helm.sh/v3:Release")) {
                var values = dir.resolve("existing-values.json");
                Files.writeString(values, GSON.toJson(inputs.get("values")));
                var kubeconfig = dir.resolve("admin.kubeconfig");
                Files.writeString(kubeconfig, world.cluster().kubeconfig());
                helm(helm, "install", "spaces", world.registry().chart(), "--version", "1.14.1", "--namespace",
                        RELEASE_NAMESPACE, "--create-namespace", "--values", values.toString(),
                        "--ca-file", world.cluster().certificates().ca().toString(), "--kubeconfig", kubeconfig.toString());
            } else if (type.startsWith("kubernetes:spaces.upbound.io/")) {
                var metadata = (Map<String, Object>) inputs.get("metadata");
                var plural = ((String) inputs.get("kind")).toLowerCase(java.util.Locale.ROOT) + "s";
                world.cluster().api().create("/apis/spaces.upbound.io/v1alpha1/namespaces/" + metadata.get("namespace")
                        + "/" + plural, inputs);
            }
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void withoutAdoptExistingTheReleaseFailsWithHelmsOneMessage() throws Exception {
        var run = program.tryUp();

        assertThat(run.failure()).as("pulumi up fails").isNotNull();
        assertThat(run.errorsOf("spaces-release")).singleElement().asString()
                .contains("cannot re-use a name that is still in use");
        assertThat(run.steps()).doesNotContain("create shared-backup-config-" + GROUP, "create rollout-" + GROUP + "/ledger");
    }

    /**
     * The import reads each object back as the provider sees it and the update after it makes the
     * stack's own inputs the managed ones: for the SharedBackup objects their spec, which already
     * holds the same values (server-side apply takes the fields over and changes none); for the
     * release, the provider reads {@code chart} back as the chart's name and keeps no
     * {@code createNamespace}, {@code maxHistory} or {@code timeout}, so Helm upgrades it to a new revision of the same
     * chart version with the same values. Nothing is replaced, and the next {@code up} changes nothing.
     */
    @Test
    @Order(2)
    @SuppressWarnings("unchecked")
    void withAdoptExistingTheStackImportsThemReplacingAndChangingNothing() throws Exception {
        var valuesBefore = world.cluster().helmReleaseValues(RELEASE_NAMESPACE, "spaces");
        var specsBefore = new LinkedHashMap<String, Object>();
        for (var kind : List.of("sharedbackupconfigs", "sharedbackupschedules")) {
            specsBefore.put(kind, world.cluster().api().get("/apis/spaces.upbound.io/v1alpha1/namespaces/" + GROUP + "/"
                    + kind + "/default").orElseThrow().get("spec"));
        }
        project.change(config -> {
            ((Map<String, Object>) config.get(TestProject.KEY_PREFIX + "spaces")).put("adoptExisting", true);
            var backup = (Map<String, Object>) config.get(TestProject.KEY_PREFIX + "backup");
            backup.put("sharedConfig", Map.of("adoptExisting", true));
            var schedule = new LinkedHashMap<>((Map<String, Object>) backup.get("schedule"));
            schedule.put("adoptExisting", true);
            backup.put("schedule", schedule);
        });

        var run = program.up();

        assertThat(run.steps()).as(run.standardOutput()).contains("import spaces-release",
                "import shared-backup-config-" + GROUP, "import shared-backup-schedule-" + GROUP);
        assertThat(run.steps()).noneMatch(step -> step.startsWith("replace") || step.startsWith("delete")
                || step.startsWith("create_replacement"));
        var updated = new java.util.TreeMap<String, java.util.Set<String>>();
        for (var event : run.events()) {
            var pre = event.resourcePreEvent();
            if (pre != null && pre.metadata().op() == com.pulumi.automation.OperationType.UPDATE) {
                var urn = pre.metadata().urn();
                updated.put(urn.substring(urn.lastIndexOf("::") + 2), new java.util.TreeSet<>(pre.metadata()
                        .detailedDiff().keySet()));
            }
        }
        assertThat(updated).isEqualTo(Map.of("spaces-release", Set.of("chart", "createNamespace", "maxHistory", "timeout"),
                "shared-backup-config-" + GROUP, Set.of("spec"), "shared-backup-schedule-" + GROUP, Set.of("spec")));
        assertThat(world.cluster().helmReleaseValues(RELEASE_NAMESPACE, "spaces")).isEqualTo(valuesBefore);
        for (var kind : List.of("sharedbackupconfigs", "sharedbackupschedules")) {
            assertThat(world.cluster().api().get("/apis/spaces.upbound.io/v1alpha1/namespaces/" + GROUP + "/" + kind
                    + "/default").orElseThrow().get("spec")).as(kind).isEqualTo(specsBefore.get(kind));
        }
        var again = program.up();
        assertThat(again.steps()).as(again.standardOutput()).isEmpty();
    }

    private static void helm(Map<String, String> environment, String... args) throws Exception {
        var command = new ArrayList<String>();
        command.add(RealTier.binary("helm").toString());
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        var result = ChildProcess.run(builder, Duration.ofMinutes(2));
        assertThat(result.exitCode()).as("helm " + String.join(" ", args) + ": " + result.err()).isZero();
    }
}
