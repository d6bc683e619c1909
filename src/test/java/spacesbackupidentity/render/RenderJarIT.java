package spacesbackupidentity.render;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** README's commands against the packaged jar: the jar's manifest, shading and exit statuses. */
class RenderJarIT {
    static final Path JAR = Path.of("target/spaces-backup-identity.jar");

    record Run(int status, String out, String err) {
    }

    static Run java(String... args) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
                JAR.toString()));
        command.addAll(List.of(args));
        var process = new ProcessBuilder(command).start();
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
