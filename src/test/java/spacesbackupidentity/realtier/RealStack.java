package spacesbackupidentity.realtier;

import com.google.gson.Gson;
import com.pulumi.automation.ConfigValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One stack of this program in the real tier, made from Pulumi.dev.yaml (or Pulumi.prod.yaml): its own
 * directory, AWS stand-in (that cluster's account, OIDC provider and EKS cluster), Pulumi backend, cluster
 * stack (its outputs, with the test cluster's kubeconfig as a secret) and, so that stacks in the one
 * shared cluster do not meet, its own Spaces namespace. The control-plane namespaces are those its
 * config names: stacks that keep the stack file's control planes share them (and the service
 * accounts and ReplicaSets earlier stacks left there), so tests compare before and after. The provider's
 * Helm is logged in to the test registry and trusts its CA.
 */
public final class RealStack implements AutoCloseable {
    public static final String ACCOUNT = "111122223333";
    public static final String DEV_OUTPUTS = "examples/eks-cluster-dev.outputs.json";
    public static final String PROD_OUTPUTS = "examples/eks-cluster-prod.outputs.json";
    public static final String PROD_ACCOUNT = "444455556666";
    private static final Gson GSON = new Gson();

    private final RealTierWorld world;
    private final String name;
    private final Path dir;
    private final AwsStandIn aws;
    private final RealEngine engine;
    private final TestProject project;
    private final RealEngine.ProgramStack program;
    private final Map<String, Object> clusterOutputs;
    private StandInSpaces spaces;

    private RealStack(RealTierWorld world, String name, Path dir, AwsStandIn aws, RealEngine engine, TestProject project,
                      RealEngine.ProgramStack program, Map<String, Object> clusterOutputs) {
        this.world = world;
        this.name = name;
        this.dir = dir;
        this.aws = aws;
        this.engine = engine;
        this.project = project;
        this.program = program;
        this.clusterOutputs = clusterOutputs;
    }

    /**
     * @param name   the stack's name, and its Spaces namespace {@code upbound-NAME}; "dev" keeps the
     *               stack file's own namespace
     * @param change what the test changes in the stack file's config
     */
    public static RealStack dev(String name, String deployingAccount, Consumer<Map<String, Object>> change)
            throws Exception {
        return of(name, Path.of("Pulumi.dev.yaml"), DEV_OUTPUTS, "us-east-1", deployingAccount, 2048, change);
    }

    /**
     * A stack made from Pulumi.prod.yaml, with prod's cluster outputs, in prod's account and region
     * (eu-central-1): 25 control planes, EKS Pod Identity, every workload.
     *
     * @param trustPolicyQuota the account's applied IAM quota for trust policy length, which the AWS
     *                         stand-in enforces (IAM's default is 2048)
     */
    public static RealStack prod(String name, int trustPolicyQuota, Consumer<Map<String, Object>> change)
            throws Exception {
        return of(name, Path.of("Pulumi.prod.yaml"), PROD_OUTPUTS, "eu-central-1", PROD_ACCOUNT, trustPolicyQuota,
                change);
    }

    private static RealStack of(String name, Path stackFile, String outputsFile, String clusterRegion,
                                String deployingAccount, int trustPolicyQuota, Consumer<Map<String, Object>> change)
            throws Exception {
        var world = RealTierWorld.get();
        world.registry().push("1.14.1");
        var dir = RealTierWorld.ROOT.resolve(name).toAbsolutePath();
        RealTierWorld.deleteTree(dir);
        @SuppressWarnings("unchecked")
        var clusterOutputs = new LinkedHashMap<String, Object>(GSON.fromJson(Files.readString(Path.of(outputsFile)),
                Map.class));
        clusterOutputs.put("kubeconfig", world.cluster().kubeconfig());
        var aws = new AwsStandIn(deployingAccount, Set.of((String) clusterOutputs.get("oidcProviderArn")),
                Set.of(new AwsStandIn.Cluster(clusterRegion, (String) clusterOutputs.get("clusterName"))), trustPolicyQuota);
        RealEngine engine = null;
        try {
            var environment = new HashMap<>(world.registry().helmEnvironment(name + "-provider", true));
            environment.put("SSL_CERT_FILE", world.cluster().certificates().ca().toString());
            engine = new RealEngine(dir.resolve("pulumi"), aws, environment);
            engine.clusterStack("eks-cluster", name, clusterOutputs, Set.of("kubeconfig"));
            var project = TestProject.of(dir.resolve("project"), name, stackFile,
                    "organization/eks-cluster/" + name, world.registry(), config -> {
                        if (!name.equals("dev")) {
                            @SuppressWarnings("unchecked")
                            var spaces = (Map<String, Object>) config.get(TestProject.KEY_PREFIX + "spaces");
                            spaces.put("namespace", "upbound-" + name);
                        }
                        change.accept(config);
                    });
            project.createNamespaces(world.cluster());
            var program = engine.program(project.dir(), name);
            return new RealStack(world, name, dir, aws, engine, project, program, clusterOutputs);
        } catch (Exception | Error e) {
            if (engine != null) {
                engine.close();
            }
            aws.close();
            throw e;
        }
    }

    /** The stack's name, which the program's resource names carry. */
    public String name() {
        return name;
    }

    public RealTierWorld world() {
        return world;
    }

    public KubeCluster cluster() {
        return world.cluster();
    }

    public AwsStandIn aws() {
        return aws;
    }

    public RealEngine engine() {
        return engine;
    }

    public TestProject project() {
        return project;
    }

    public RealEngine.ProgramStack program() {
        return program;
    }

    public Path dir() {
        return dir;
    }

    public Map<String, Object> clusterOutputs() {
        return clusterOutputs;
    }

    /** The Spaces release's namespace. */
    public String releaseNamespace() {
        return name.equals("dev") ? "upbound-system" : "upbound-" + name;
    }

    /** Sets a config value with --secret (and --path), as a user does. */
    public void secret(String key, String value) throws Exception {
        program.stack().setConfig(TestProject.KEY_PREFIX + key, new ConfigValue(value, true), true);
    }

    /** Starts a stand-in for Spaces that writes the release's annotations onto the service accounts after {@code delay}. */
    public StandInSpaces spacesAfter(Duration delay) {
        stopSpaces();
        spaces = StandInSpaces.after(delay, world.cluster(), releaseNamespace(), "spaces", this::namespaces);
        return spaces;
    }

    /** Starts a stand-in for Spaces that writes each workload's annotations after a delay of its own. */
    public StandInSpaces spacesAfter(java.util.function.Function<String, Duration> delayOfServiceAccount) {
        stopSpaces();
        spaces = StandInSpaces.after(delayOfServiceAccount, world.cluster(), releaseNamespace(), "spaces",
                this::namespaces);
        return spaces;
    }

    /** Starts a stand-in for a Spaces that never writes them. */
    public StandInSpaces spacesNever() {
        stopSpaces();
        spaces = StandInSpaces.never(world.cluster(), releaseNamespace(), "spaces");
        return spaces;
    }

    /** The Helm CLI on the test cluster, as an operator runs it. */
    public void helm(String... args) throws Exception {
        var kubeconfig = dir.resolve("admin.kubeconfig");
        Files.writeString(kubeconfig, world.cluster().kubeconfig());
        var command = new java.util.ArrayList<String>();
        command.add(RealTier.binary("helm").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("--kubeconfig", kubeconfig.toString()));
        var builder = new ProcessBuilder(command);
        builder.environment().putAll(world.registry().helmEnvironment(name + "-operator", true));
        var result = spacesbackupidentity.ChildProcess.run(builder, Duration.ofMinutes(2));
        if (result.exitCode() != 0) {
            throw new AssertionError("helm " + String.join(" ", args) + " exited " + result.exitCode() + ": " + result.err());
        }
    }

    private List<String> namespaces() {
        try {
            return project.namespaces();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each control plane's host namespace and the names of its mxp-controller's ReplicaSets. */
    public Map<String, java.util.SortedSet<String>> replicaSets() throws IOException {
        return replicaSets("mxp-controller");
    }

    /** Each control plane's host namespace and the names of one Deployment's ReplicaSets there. */
    public Map<String, java.util.SortedSet<String>> replicaSets(String deployment) throws IOException {
        var result = new java.util.TreeMap<String, java.util.SortedSet<String>>();
        for (var namespace : project.namespaces()) {
            result.put(namespace, world.cluster().replicaSetNames(namespace, deployment));
        }
        return result;
    }

    private void stopSpaces() {
        if (spaces != null) {
            try {
                spaces.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() throws Exception {
        stopSpaces();
        engine.close();
        aws.close();
    }
}
