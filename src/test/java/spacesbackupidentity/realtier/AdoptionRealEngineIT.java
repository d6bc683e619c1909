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
import java.util.HashMap;
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
    private RealTierWorld world;
    private AwsStandIn aws;
    private RealEngine engine;
    private TestProject project;
    private RealEngine.ProgramStack program;
    /** Spaces, writing the release's annotation onto the control plane's service account, which the rollout waits for. */
    private StandInSpaces spaces;

    @BeforeAll
    @SuppressWarnings("unchecked")
    void start() throws Exception {
        world = RealTierWorld.get();
        world.registry().push("1.14.1");
        var dir = RealTierWorld.ROOT.resolve("adoption").toAbsolutePath();
        RealTierWorld.deleteTree(dir);
        var clusterOutputs = new LinkedHashMap<String, Object>(GSON.fromJson(Files.readString(
                Path.of("examples/eks-cluster-dev.outputs.json")), Map.class));
        clusterOutputs.put("kubeconfig", world.cluster().kubeconfig());
        aws = new AwsStandIn("111122223333", Set.of((String) clusterOutputs.get("oidcProviderArn")), Set.of(), 2048);
        var helm = world.registry().helmEnvironment("adoption-provider", true);
        var environment = new HashMap<>(helm);
        environment.put("SSL_CERT_FILE", world.cluster().certificates().ca().toString());
        engine = new RealEngine(dir.resolve("pulumi"), aws, environment);
        engine.clusterStack("eks-cluster", "adopt", clusterOutputs, Set.of("kubeconfig"));
        project = TestProject.of(dir.resolve("project"), "adopt", Path.of("Pulumi.dev.yaml"),
                "organization/eks-cluster/adopt", world.registry(), config -> {
                    config.put(TestProject.KEY_PREFIX + "controlPlanes", List.of(Map.of("name", "ledger",
                            "group", GROUP, "id", "ad0b7e00-0000-4000-8000-000000000001")));
                    ((Map<String, Object>) config.get(TestProject.KEY_PREFIX + "spaces")).put("namespace",
                            RELEASE_NAMESPACE);
                });
        project.createNamespaces(world.cluster());

        // What exists already: exactly what the stack would make, as the render shows it.
        var rendered = (Map<String, Object>) GSON.fromJson(Render.render(project.dir(), "adopt",
                Optional.of(project.clusterOutputsFile(clusterOutputs, Set.of("kubeconfig"))), Optional.empty()), Map.class);
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
        program = engine.program(project.dir(), "adopt");
        spaces = StandInSpaces.after(java.time.Duration.ZERO, world.cluster(), RELEASE_NAMESPACE, "spaces", () -> {
            try {
                return project.namespaces();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @AfterAll
    void stop() throws Exception {
        if (spaces != null) {
            spaces.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (aws != null) {
            aws.close();
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
     * {@code createNamespace} or {@code timeout}, so Helm upgrades it to a new revision of the same
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
        assertThat(updated).isEqualTo(Map.of("spaces-release", Set.of("chart", "createNamespace", "timeout"),
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
