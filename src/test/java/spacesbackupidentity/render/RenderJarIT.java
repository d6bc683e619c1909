package spacesbackupidentity.render;

import org.junit.jupiter.api.Test;
import spacesbackupidentity.runtime.ProgramRuntime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** README's commands against the packaged jar: the jar's manifest, shading and exit statuses. */
class RenderJarIT {
    static final Path JAR = Path.of("target/spaces-backup-identity.jar");

    record Run(int status, String out, String err) {
    }

    static Run java(String... args) throws IOException, InterruptedException {
        return java(Map.of(), args);
    }

    static Run java(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
                JAR.toString()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command);
        builder.environment().remove(ProgramRuntime.SWITCH);
        builder.environment().putAll(environment);
        var process = builder.start();
        var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        var err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), out, err);
    }

    @Test
    void theJarRendersDevExactlyAsTheGoldenFile() throws Exception {
        var run = java("render", "dev", "--cluster-outputs", "examples/eks-cluster-dev.outputs.json");

        assertThat(run.err()).isEmpty();
        assertThat(run.status()).isZero();
        assertThat(run.out()).isEqualTo(Files.readString(Path.of("src/test/resources/render/dev.json")));
    }

    /** The runtime seam changes how the SDK waits, not what it sends: renders on both runners are the same bytes. */
    @Test
    void theRenderIsByteIdenticalOnTheSdksOwnRunner() throws Exception {
        for (var stack : List.of("dev", "prod")) {
            var args = new String[] {"render", stack, "--cluster-outputs", "examples/eks-cluster-" + stack + ".outputs.json"};
            var seam = java(args);
            var sdk = java(Map.of(ProgramRuntime.SWITCH, "sdk"), args);

            assertThat(seam.status()).isZero();
            assertThat(sdk.status()).isZero();
            assertThat(seam.out()).as(stack).isEqualTo(sdk.out()).isNotEmpty();
        }
        var sdkBadInput = java(Map.of(ProgramRuntime.SWITCH, "sdk"), "render", "staging");
        assertThat(sdkBadInput.status()).isEqualTo(java("render", "staging").status()).isEqualTo(2);
        assertThat(sdkBadInput.err()).isEqualTo(java("render", "staging").err());
    }

    @Test
    void theJarExitsTwoOnBadInputWithNothingOnStandardOutput() throws Exception {
        var run = java("render", "staging");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("error: Pulumi.staging.yaml: no such stack file");
    }

    @Test
    void outsideTheEngineTheJarShowsItsCommandsInsteadOfFailing() throws Exception {
        var run = java();

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("name a command, such as render", "render  Runs the stack's own code offline");
    }
}
