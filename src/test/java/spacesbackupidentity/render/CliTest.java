package spacesbackupidentity.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every bad-input path: exit status 2, one message on standard error naming the key or file, nothing on standard output. */
class CliTest {
    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var status = Cli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    static Path project(Path dir, String stack, String stackYaml) throws IOException {
        Files.createDirectories(dir);
        Files.copy(Path.of("Pulumi.yaml"), dir.resolve("Pulumi.yaml"));
        Files.writeString(dir.resolve("Pulumi." + stack + ".yaml"), stackYaml);
        return dir;
    }

    static void assertBadInput(Run run, String message) {
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains(message);
    }

    @Test
    void rendersDevWithExitZero() {
        var run = run("render", "dev", "--cluster-outputs", "examples/eks-cluster-dev.outputs.json");

        assertThat(run.status()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith("{\n  \"project\": \"spaces-backup-identity\",\n  \"stack\": \"dev\",");
    }

    /** The stack reads its own last outputs by ORGANIZATION/PROJECT/STACK, as the engine names it. */
    @Test
    void theOrganizationNamesTheStacksReadOfItself() {
        var diy = run("render", "dev", "--cluster-outputs", "examples/eks-cluster-dev.outputs.json");
        var cloud = run("render", "dev", "--cluster-outputs", "examples/eks-cluster-dev.outputs.json",
                "--organization", "acme");

        assertThat(diy.out()).contains("\"read\": \"organization/spaces-backup-identity/dev\"");
        assertThat(cloud.status()).isZero();
        assertThat(cloud.out()).contains("\"read\": \"acme/spaces-backup-identity/dev\"")
                .doesNotContain("organization/spaces-backup-identity/dev");
    }

    @Test
    void anUnknownStackNamesTheFileAndTheStacksThatExist() {
        assertBadInput(run("render", "prod-eu"),
                "error: Pulumi.prod-eu.yaml: no such stack file in ");
        assertThat(run("render", "prod-eu").err()).contains("; stacks here: dev");
    }

    @Test
    void aStackArgumentPulumiWouldRefuseIsRefusedQuoted() {
        var long_ = "dev\n" + "x".repeat(500);
        var run = run("render", long_);
        assertBadInput(run, "error: 'dev\\u000Axxx");
        assertThat(run.err()).contains("is not a stack name; expected at most 100 letters, digits, '_', '.' and '-'")
                .hasSizeLessThan(300);
    }

    @Test
    void unreadableYamlNamesTheFile(@TempDir Path dir) throws IOException {
        project(dir, "broken", "config:\n  spaces-backup-identity:backup: {bucket: [\n");

        var broken = run("render", "broken", "--project-dir", dir.toString());
        assertBadInput(broken, "error: Pulumi.broken.yaml: invalid YAML file: ");
        assertThat(broken.err()).as("where and what, not only the parser's context")
                .contains("invalid YAML file: line 3: expected the node content");
    }

    @Test
    void invalidConfigReportsEveryProblemOfTheStacksValidation(@TempDir Path dir) throws IOException {
        project(dir, "bad", """
                config:
                  spaces-backup-identity:oidcProviderArn: arn:aws:iam::123:oidc-provider/x
                  spaces-backup-identity:kubeconfig: x
                  spaces-backup-identity:controlPlanes: []
                  spaces-backup-identity:backup: {bucket: Bad_Bucket}
                  spaces-backup-identity:spaces: {}
                """);

        var run = run("render", "bad", "--project-dir", dir.toString());
        assertBadInput(run, "error: Pulumi.bad.yaml: invalid configuration (5 problems):");
        assertThat(run.err()).contains("controlPlanes: the list is empty", "oidcProviderArn: 'arn:aws:iam::123:",
                "backup.bucket: 'Bad_Bucket' is not an S3 bucket name", "spaces.version: required",
                "backup.region: required for the SharedBackupConfig");
    }

    @Test
    void missingClusterOutputsSayHowToMakeThem() {
        assertBadInput(run("render", "dev"), "error: Pulumi.dev.yaml: clusterStack is 'acme/eks-cluster/dev' and an"
                + " offline run cannot read it; pass its outputs with --cluster-outputs FILE (made with `pulumi stack"
                + " output --stack acme/eks-cluster/dev --json > FILE`)");
    }

    @Test
    void aClusterOutputsFileThatIsMissingOrNotJsonOrNotAnObject(@TempDir Path dir) throws IOException {
        assertBadInput(run("render", "dev", "--cluster-outputs", dir.resolve("none.json").toString()),
                "error: --cluster-outputs " + dir.resolve("none.json") + ": no such file");
        Files.writeString(dir.resolve("bad.json"), "{\"a\": [");
        assertBadInput(run("render", "dev", "--cluster-outputs", dir.resolve("bad.json").toString()),
                "error: --cluster-outputs " + dir.resolve("bad.json") + ": not valid JSON");
        Files.writeString(dir.resolve("list.json"), "[1, 2]");
        assertBadInput(run("render", "dev", "--cluster-outputs", dir.resolve("list.json").toString()),
                "error: --cluster-outputs " + dir.resolve("list.json") + ": expected a JSON object of output name to value");
    }

    @Test
    void clusterOutputsWithoutTheNeededOutputNameIt(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("outputs.json"), "{\"kubeconfig\": \"apiVersion: v1\"}");

        assertBadInput(run("render", "dev", "--cluster-outputs", dir.resolve("outputs.json").toString()),
                "error: Pulumi.dev.yaml: invalid configuration: clusterStack: 'acme/eks-cluster/dev' has no output"
                        + " 'oidcProviderArn'");
    }

    @Test
    void aClusterOutputNamedByMistakeIsDescribedNotPrinted(@TempDir Path dir) throws IOException {
        project(dir, "dev", Files.readString(Path.of("Pulumi.dev.yaml")).replace("  spaces-backup-identity:backup:",
                "  spaces-backup-identity:clusterStackOutputs: {oidcProviderArn: kubeconfig}\n"
                        + "  spaces-backup-identity:backup:"));
        var token = "k8s-aws-v1.aHR0cHM6Ly9zdHMuYW1hem9uYXdzLmNvbS8";
        Files.writeString(dir.resolve("outputs.json"), "{\"kubeconfig\": \"apiVersion: v1\\nusers:\\n- user:\\n"
                + "    token: " + token + "\\n\"}");

        var plain = run("render", "dev", "--project-dir", dir.toString(), "--cluster-outputs",
                dir.resolve("outputs.json").toString());
        // The kubeconfig output holds a credential, marked secret or not.
        assertBadInput(plain, "error: Pulumi.dev.yaml: invalid configuration: clusterStack output 'kubeconfig': secret"
                + " (a secret string of 88 characters), but the OIDC provider ARN goes into the trust policy and ARNs that"
                + " reviewers must read; name the right output in clusterStackOutputs, export it unencrypted from the"
                + " cluster stack, or set oidcProviderArn in this stack's config");
        assertThat(plain.err()).doesNotContain(token);

        Files.writeString(dir.resolve("secret.json"), "{\"kubeconfig\": \"[secret]\"}");
        var secret = run("render", "dev", "--project-dir", dir.toString(), "--cluster-outputs",
                dir.resolve("secret.json").toString());
        assertBadInput(secret, "clusterStack output 'kubeconfig': secret (a secret string of 32 characters), but the"
                + " OIDC provider ARN goes into the trust policy and ARNs that reviewers must read");
    }

    @Test
    void aProjectWithoutPulumiYamlOrWithAStackFileOfTheWrongShape(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("Pulumi.dev.yaml"), "config: {}\n");
        assertBadInput(run("render", "dev", "--project-dir", dir.toString()),
                "error: Pulumi.yaml: no such file");

        project(dir.resolve("list"), "dev", "- not a mapping\n");
        assertBadInput(run("render", "dev", "--project-dir", dir.resolve("list").toString()),
                "error: Pulumi.dev.yaml: expected a YAML mapping with a 'config' key");
        project(dir.resolve("scalar"), "dev", "config: 5\n");
        assertBadInput(run("render", "dev", "--project-dir", dir.resolve("scalar").toString()),
                "error: Pulumi.dev.yaml: 'config' must be a mapping of config keys to values");
    }

    @Test
    void anUnknownDocumentAndUsageErrors() {
        assertBadInput(run("render", "dev", "--cluster-outputs", "examples/eks-cluster-dev.outputs.json",
                "--only", "policy"), "error: --only: 'policy' is not a document; expected trust-policy, permissions or values");
        assertBadInput(run("render"), "Missing required parameter: 'STACK'");
        assertBadInput(run("render", "dev", "--verbose"), "Unknown option: '--verbose'");
    }

    /** Outside Pulumi, without arguments: what the jar is and what to run, not only "name a command". */
    @Test
    void withoutArgumentsTheJarSaysWhatItIsAndWhatToRun() {
        var run = run();

        assertBadInput(run, "this jar is the spaces-backup-identity Pulumi program: `pulumi preview` and `pulumi up`"
                + " run it without arguments (with runtime.options.binary pointing at it, see README), and it found no"
                + " Pulumi engine to talk to (PULUMI_MONITOR is not set). To see what it would deploy without Pulumi,"
                + " run it with a command, in the project directory:\n"
                + "  java -jar target/spaces-backup-identity.jar render dev --cluster-outputs"
                + " examples/eks-cluster-dev.outputs.json\n"
                + "  java -jar target/spaces-backup-identity.jar render dev --cluster-outputs"
                + " examples/eks-cluster-dev.outputs.json --summary\n");
        assertThat(run.err()).as("then the commands").contains("Commands:\n  render  Runs the stack's own code");
    }

    /** Run from elsewhere: the directory searched, how to point at the project, and the project above, if any. */
    @Test
    void runFromAnotherDirectoryTheMessageNamesTheDirectoryAndHowToPointAtTheProject(@TempDir Path dir)
            throws IOException {
        var below = Files.createDirectories(dir.resolve("project/src/main"));
        Files.copy(Path.of("Pulumi.yaml"), dir.resolve("project/Pulumi.yaml"));

        assertBadInput(run("render", "dev", "--project-dir", below.toString()), "error: Pulumi.yaml: no such file in "
                + below.toAbsolutePath().normalize() + "; run render in the project directory (the one with Pulumi.yaml"
                + " and Pulumi.<stack>.yaml), or point at it with --project-dir DIR (" + dir.resolve("project")
                .toAbsolutePath().normalize() + " has a Pulumi.yaml: --project-dir " + dir.resolve("project")
                .toAbsolutePath().normalize() + ")\n");
        var nowhere = Files.createDirectories(dir.resolve("elsewhere"));
        assertBadInput(run("render", "dev", "--project-dir", nowhere.toString()), "error: Pulumi.yaml: no such file in "
                + nowhere.toAbsolutePath().normalize() + "; run render in the project directory (the one with"
                + " Pulumi.yaml and Pulumi.<stack>.yaml), or point at it with --project-dir DIR\n");
        assertBadInput(run("render", "dev", "--project-dir", dir.resolve("missing").toString()), "error: --project-dir "
                + dir.resolve("missing") + ": no such directory (" + dir.resolve("missing").toAbsolutePath().normalize()
                + "); point --project-dir at the directory that holds Pulumi.yaml and Pulumi.<stack>.yaml\n");
    }

    /**
     * Pulumi itself names only the missing key; the render also names the key set instead, even
     * when the right one is absent, and a namespace left out.
     */
    @Test
    void aTypoedRootKeySuggestsTheKeyItResemblesEvenWhenThatKeyIsAbsent(@TempDir Path dir) throws IOException {
        var dev = Files.readString(Path.of("Pulumi.dev.yaml"));
        project(dir.resolve("typo"), "dev", dev.replace("spaces-backup-identity:controlPlanes:",
                "spaces-backup-identity:controlPlane:"));
        assertBadInput(run("render", "dev", "--project-dir", dir.resolve("typo").toString()),
                "error: Pulumi.dev.yaml: Stack 'dev' is missing configuration value 'controlPlanes'; set it with"
                        + " `pulumi config set`. The stack sets 'controlPlane', which this program does not read: did"
                        + " you mean 'controlPlanes'?\n");
        project(dir.resolve("region"), "dev", dev.replace("  aws:region: us-east-1", "  region: us-east-1"));
        assertBadInput(run("render", "dev", "--project-dir", dir.resolve("region").toString()),
                "error: Pulumi.dev.yaml: invalid configuration: region: unknown key (did you mean 'aws:region'?); this"
                        + " program reads backup, clusterArn, clusterName, clusterStack, clusterStackOutputs,"
                        + " controlPlanes, iam, identity, kubeconfig, oidcProviderArn, podLabels, registry, role, spaces,"
                        + " spacesSecretValues, useAmbientKubeconfig, workloads\n");
    }

    @Test
    void summaryOptionsThatDoNotGoTogether(@TempDir Path dir) throws IOException {
        var outputs = "examples/eks-cluster-dev.outputs.json";
        assertBadInput(run("render", "dev", "--cluster-outputs", outputs, "--against", "base.json"),
                "error: --against: compares summaries; use it with --summary\n");
        assertBadInput(run("render", "dev", "--cluster-outputs", outputs, "--summary", "--only", "values"),
                "error: --summary and --only: choose one; the summary covers every document\n");
        assertBadInput(run("render", "dev", "--cluster-outputs", outputs, "--summary", "--workload", "billing"),
                "error: --summary and --workload: choose one; the summary covers every workload\n");
        assertBadInput(run("render", "dev", "--cluster-outputs", outputs, "--only", "permissions", "--workload",
                "sharedSecrets"), "error: --workload: this stack does not manage shared secrets (sharedSecrets), so"
                + " it has no role for it; name one it manages with --workload: controlPlaneBackups\n");
        Files.writeString(dir.resolve("trust.json"), "{\"Version\": \"2012-10-17\", \"Statement\": []}");
        assertBadInput(run("render", "dev", "--cluster-outputs", outputs, "--summary", "--against",
                dir.resolve("trust.json").toString()), "error: --against " + dir.resolve("trust.json") + ": not a full"
                + " render: no project (made with --only? a full render is `render STACK > FILE`); expected the JSON a"
                + " full render prints (`render dev --cluster-outputs ... > FILE`)\n");
        Files.writeString(dir.resolve("prod.json"), RenderTest.renderProd());
        assertBadInput(run("render", "dev", "--cluster-outputs", outputs, "--summary", "--against",
                dir.resolve("prod.json").toString()), "error: --against " + dir.resolve("prod.json") + ": a render of"
                + " stack 'prod', not of 'dev'; compare two renders of the same stack\n");
    }

    @Test
    void helpDescribesTheRender() {
        var run = run("render", "--help");

        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("Usage: spaces-backup-identity render", "--cluster-outputs=FILE",
                "--only=DOCUMENT", "2   bad input");
    }
}
