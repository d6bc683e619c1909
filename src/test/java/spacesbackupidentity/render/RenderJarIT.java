package spacesbackupidentity.render;

import org.junit.jupiter.api.Test;
import spacesbackupidentity.ChildProcess;
import spacesbackupidentity.runtime.ProgramRuntime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** README's commands against the packaged jar: the jar's manifest, shading and exit statuses. */
class RenderJarIT {
    static final Path JAR = Path.of("target/spaces-backup-identity.jar");

    /** Only a render still going after this long is taken for hung; a render takes seconds. */
    static final Duration HANG_GUARD = Duration.ofMinutes(2);

    static ChildProcess.Result java(String... args) throws IOException, InterruptedException {
        return java(Map.of(), args);
    }

    static ChildProcess.Result java(Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
                JAR.toString()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command);
        builder.environment().remove(ProgramRuntime.SWITCH);
        builder.environment().putAll(environment);
        return ChildProcess.run(builder, HANG_GUARD);
    }

    @Test
    void theJarRendersDevExactlyAsTheGoldenFile() throws Exception {
        var run = java("render", "dev", "--cluster-outputs", "examples/eks-cluster-dev.outputs.json");

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(Files.readString(Path.of("src/test/resources/render/dev.json")));
    }

    /** The runtime seam changes how the SDK waits, not what it sends: renders on both runners are the same bytes. */
    @Test
    void theRenderIsByteIdenticalOnTheSdksOwnRunner() throws Exception {
        for (var stack : List.of("dev", "prod")) {
            var args = new String[] {"render", stack, "--cluster-outputs", "examples/eks-cluster-" + stack + ".outputs.json"};
            var seam = java(args);
            var sdk = java(Map.of(ProgramRuntime.SWITCH, "sdk"), args);

            assertThat(seam.exitCode()).isZero();
            assertThat(sdk.exitCode()).isZero();
            assertThat(seam.out()).as(stack).isEqualTo(sdk.out()).isNotEmpty();
        }
        var sdkBadInput = java(Map.of(ProgramRuntime.SWITCH, "sdk"), "render", "staging");
        assertThat(sdkBadInput.exitCode()).isEqualTo(java("render", "staging").exitCode()).isEqualTo(2);
        assertThat(sdkBadInput.err()).isEqualTo(java("render", "staging").err());
    }

    @Test
    void theJarExitsTwoOnBadInputWithNothingOnStandardOutput() throws Exception {
        var run = java("render", "staging");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("error: Pulumi.staging.yaml: no such stack file");
    }

    @Test
    void outsideTheEngineTheJarShowsItsCommandsInsteadOfFailing() throws Exception {
        var run = java();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("this jar is the spaces-backup-identity Pulumi program: `pulumi preview` and"
                        + " `pulumi up` run it without arguments")
                .contains("found no Pulumi engine to talk to (PULUMI_MONITOR is not set)",
                        "  java -jar target/spaces-backup-identity.jar render dev --cluster-outputs"
                                + " examples/eks-cluster-dev.outputs.json\n",
                        "render  Runs the stack's own code offline");
        assertThat(run.out()).isEmpty();
    }
}
