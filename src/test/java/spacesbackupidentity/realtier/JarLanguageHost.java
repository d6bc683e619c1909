package spacesbackupidentity.realtier;

import com.google.gson.Gson;
import com.google.protobuf.Empty;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import pulumirpc.Language.GetRequiredPackagesRequest;
import pulumirpc.Language.GetRequiredPackagesResponse;
import pulumirpc.Language.RunRequest;
import pulumirpc.Language.RunResponse;
import pulumirpc.LanguageRuntimeGrpc;
import pulumirpc.Plugin.PluginInfo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for pulumi-language-java, which the Go module proxy does not serve: a LanguageRuntime
 * that the real CLI reaches with {@code --client}, and whose Run starts the packaged jar as the Java
 * language host starts a {@code runtime.options.binary} program: {@code java -jar BINARY} with the
 * environment the Java SDK reads ({@code DeploymentImpl.DeploymentState.fromEnvironment}: monitor and
 * engine addresses, organization, project, stack, dry run, parallelism, and the config as
 * {@code PULUMI_CONFIG} and {@code PULUMI_CONFIG_SECRET_KEYS}). A non-zero exit is an error; exit 32,
 * the SDK's "already reported to the engine", is a bail, as the Java host answers it. Used to measure
 * the program's own runner against the SDK's under the real engine; the program itself runs unchanged.
 */
public final class JarLanguageHost implements AutoCloseable {
    private static final Gson GSON = new Gson();
    private final Server server;
    private final Path jar;
    private final Map<String, String> environment;
    private final Path logDir;
    private final List<ProgramRun> runs = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** One start of the program: how long its process lived and the parallelism the engine asked for. */
    public record ProgramRun(java.time.Duration wall, int parallel, int exitCode) {
    }

    /** @param environment what the program's process also gets ({@code SPACES_BACKUP_IDENTITY_RUNTIME=sdk}, ...) */
    public JarLanguageHost(Path jar, Map<String, String> environment, Path logDir) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("no packaged jar at " + jar + ": mvn -B -DskipTests package");
        }
        this.jar = jar;
        this.environment = Map.copyOf(environment);
        this.logDir = logDir;
        Files.createDirectories(logDir);
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .maxInboundMessageSize(400 * 1024 * 1024)
                .addService(new Service()).build().start();
    }

    /** What {@code pulumi preview|up --client} takes. */
    public String address() {
        return "127.0.0.1:" + server.getPort();
    }

    /** Every start of the program so far, in order. */
    public List<ProgramRun> runs() {
        return List.copyOf(runs);
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    private final class Service extends LanguageRuntimeGrpc.LanguageRuntimeImplBase {
        @Override
        public void getRequiredPackages(GetRequiredPackagesRequest request,
                                        StreamObserver<GetRequiredPackagesResponse> observer) {
            observer.onNext(GetRequiredPackagesResponse.getDefaultInstance());
            observer.onCompleted();
        }

        @Override
        public void getPluginInfo(Empty request, StreamObserver<PluginInfo> observer) {
            observer.onNext(PluginInfo.newBuilder().setVersion("1.36.1").build());
            observer.onCompleted();
        }

        @Override
        public void run(RunRequest request, StreamObserver<RunResponse> observer) {
            var env = new TreeMap<String, String>(environment);
            env.put("PULUMI_MONITOR", request.getMonitorAddress());
            env.put("PULUMI_ENGINE", request.getArgsCount() > 0 ? request.getArgs(0) : "");
            env.put("PULUMI_ORGANIZATION", request.getOrganization());
            env.put("PULUMI_PROJECT", request.getProject());
            env.put("PULUMI_STACK", request.getStack());
            env.put("PULUMI_PWD", request.getPwd());
            env.put("PULUMI_DRY_RUN", String.valueOf(request.getDryRun()));
            env.put("PULUMI_PARALLEL", String.valueOf(request.getParallel()));
            env.put("PULUMI_CONFIG", GSON.toJson(new TreeMap<>(request.getConfigMap())));
            env.put("PULUMI_CONFIG_SECRET_KEYS", GSON.toJson(new ArrayList<>(request.getConfigSecretKeysList())));
            var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", jar.toString()));
            var builder = new ProcessBuilder(command).directory(Path.of(request.getPwd()).toFile())
                    .redirectOutput(logDir.resolve("program.out").toFile())
                    .redirectError(logDir.resolve("program.err").toFile());
            builder.environment().putAll(env);
            var response = RunResponse.newBuilder();
            try {
                var started = System.nanoTime();
                var process = builder.start();
                process.getOutputStream().close();
                var exit = process.waitFor();
                runs.add(new ProgramRun(java.time.Duration.ofNanos(System.nanoTime() - started), request.getParallel(),
                        exit));
                if (exit == 32) {
                    response.setBail(true);
                } else if (exit != 0) {
                    response.setError("Program exited with non-zero exit code: " + exit);
                }
            } catch (IOException e) {
                response.setError("starting the program: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                response.setError("interrupted");
            }
            observer.onNext(response.build());
            observer.onCompleted();
        }
    }
}
