package spacesbackupidentity.realtier;

import com.pulumi.automation.CommandException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Invalid config under the real CLI, the program run as an Automation API inline program:
 * {@code pulumi up} fails with the program's one message, no stack trace, and nothing created.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvalidConfigRealEngineIT {
    private RealTierWorld world;
    private AwsStandIn aws;
    private RealEngine engine;

    @BeforeAll
    void start() throws Exception {
        world = RealTierWorld.get();
        var dir = RealTierWorld.ROOT.resolve("invalid-config").toAbsolutePath();
        RealTierWorld.deleteTree(dir);
        aws = new AwsStandIn("111122223333", Set.of(), Set.of(), 2048);
        engine = new RealEngine(dir.resolve("pulumi"), aws, Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        if (engine != null) {
            engine.close();
        }
        if (aws != null) {
            aws.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void upFailsWithTheOneMessageAndNoStackTrace() throws Exception {
        var project = TestProject.of(RealTierWorld.ROOT.resolve("invalid-config/project").toAbsolutePath(), "dev",
                Path.of("Pulumi.dev.yaml"), "organization/eks-cluster/dev", world.registry(), config -> {
                    config.remove(TestProject.KEY_PREFIX + "clusterStack");
                    config.put(TestProject.KEY_PREFIX + "oidcProviderArn",
                            "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF");
                    config.put(TestProject.KEY_PREFIX + "kubeconfig", world.cluster().kubeconfig());
                    ((Map<String, Object>) config.get(TestProject.KEY_PREFIX + "backup")).remove("bucket");
                });
        var program = engine.program(project.dir(), "dev");

        var failure = catchThrowableOfType(() -> program.up(), CommandException.class);

        assertThat(failure).as("pulumi up fails").isNotNull();
        var output = failure.getMessage();
        assertThat(output).contains("backup.bucket: required");
        assertThat(output).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("at spacesbackupidentity");
        // The CLI shows each diagnostic as it comes and again in its summary. The program's is the first;
        // the second is the Automation API's: pulumi-java 1.36.1's inline language runtime
        // (LanguageRuntimeImpl.run) reports the SDK's exit status 32, "failed, and the error is logged
        // already" (pulumi/pulumi sdk/go/common/constant/exec_kind.go, ExitStatusLoggedError), as an
        // error of its own, where a language host answers it with bail (PackagedJarRealEngineIT).
        var diagnostics = output.substring(output.indexOf("Diagnostics:"));
        assertThat(diagnostics.lines().filter(line -> line.strip().startsWith("error:")).toList()).as(output)
                .containsExactly("    error: invalid configuration: backup.bucket: required; the S3 bucket that holds"
                        + " the backups", "    error: an unhandled error occurred: Pulumi program exited with non-zero"
                        + " exit code: 32");
        assertThat(output).startsWith("code: 1\n");
        assertThat(aws.calls()).noneMatch(call -> call.method().startsWith("Create"));
    }
}
