package spacesbackupidentity.realtier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar as {@code runtime.options.binary}, under the real CLI: {@code pulumi up} and
 * {@code pulumi preview} with the program started as the Java language host starts it (by
 * {@link JarLanguageHost}, pulumi-language-java not being buildable here). Its own runner makes the
 * stack, and the SDK's runner then sees nothing to change: both send the engine the same program.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackagedJarRealEngineIT {
    static final Path JAR = Path.of("target/spaces-backup-identity.jar").toAbsolutePath();
    private RealStack stack;
    private AwsStandIn aws;
    private TestProject project;
    private RealEngine.ProgramStack program;
    private Path dir;

    @BeforeAll
    @SuppressWarnings("unchecked")
    void start() throws Exception {
        stack = RealStack.dev("jar", RealStack.ACCOUNT, config -> config.put(TestProject.KEY_PREFIX + "controlPlanes",
                List.of(Map.of("name", "orders", "group", "jar-a", "id", "7a700000-0000-4000-8000-000000000001"))));
        stack.spacesAfter(java.time.Duration.ZERO);
        aws = stack.aws();
        project = stack.project();
        program = stack.program();
        dir = stack.dir();
    }

    @AfterAll
    void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void upWithTheProgramsRunnerThenAPreviewWithTheSdksFindsNothingToChange() throws Exception {
        try (var host = new JarLanguageHost(JAR, Map.of(), dir.resolve("seam"))) {
            var up = program.run("up", "--yes", "--skip-preview", "--client", host.address());
            assertThat(up.exitCode()).as(up.out() + up.err()).isZero();
            assertThat(up.out()).contains("+ 9 created");
        }
        try (var host = new JarLanguageHost(JAR, Map.of("SPACES_BACKUP_IDENTITY_RUNTIME", "sdk"), dir.resolve("sdk"))) {
            var preview = program.run("preview", "--expect-no-changes", "--client", host.address());
            assertThat(preview.exitCode()).as(preview.out() + preview.err()).isZero();
        }
        assertThat(aws.roleNames()).containsExactly("spaces-backup-identity-jar");
    }

    /** As a user sees it at a terminal: the program's one message, no stack trace, nothing created. */
    @Test
    @Order(2)
    @SuppressWarnings("unchecked")
    void invalidConfigFailsWithOneMessage() throws Exception {
        project.change(config -> ((Map<String, Object>) config.get(TestProject.KEY_PREFIX + "backup")).remove("bucket"));
        var createsBefore = aws.calls().stream().filter(call -> call.method().equals("Create")).count();
        try (var host = new JarLanguageHost(JAR, Map.of(), dir.resolve("invalid"))) {
            var preview = program.run("preview", "--client", host.address());

            assertThat(preview.exitCode()).isNotZero();
            var output = preview.out() + preview.err();
            assertThat(output).contains("backup.bucket: required").doesNotContain("\tat ")
                    .doesNotContain("Exception");
            // The CLI shows each diagnostic as it comes and again in its summary: one error there.
            var diagnostics = output.substring(output.indexOf("Diagnostics:"));
            assertThat(diagnostics.lines().filter(line -> line.strip().startsWith("error:")).toList()).as(output)
                    .containsExactly("    error: invalid configuration: backup.bucket: required; the S3 bucket that holds"
                            + " the backups");
        }
        assertThat(aws.calls().stream().filter(call -> call.method().equals("Create")).count()).isEqualTo(createsBefore);
    }
}
