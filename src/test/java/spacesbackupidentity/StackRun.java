package spacesbackupidentity;

import spacesbackupidentity.offline.OfflineCloud;
import spacesbackupidentity.offline.OfflineRun;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs the real program under Pulumi mocks, once per scenario, as {@code pulumi up} runs it:
 * config through the engine's hand-off and the SDK's own parser, settings parsed inside the program.
 */
public final class StackRun {
    /** Where test values files live, as the project directory of a test stack. */
    public static final Path PROJECT_DIR = Path.of("src/test/resources");

    private StackRun() {
    }

    public static OfflineRun.Result of(StackConfig config) {
        return of(config, Map.of(), List.of());
    }

    /**
     * @param clusterOutputs the cluster stack's outputs, for configs that set clusterStack
     * @param secretOutputs  which of those the cluster stack marks secret
     */
    public static OfflineRun.Result of(StackConfig config, Map<String, Object> clusterOutputs,
                                       List<String> secretOutputs) {
        return of(config, clusterOutputs, secretOutputs, PROJECT_DIR);
    }

    /** With values files resolved in {@code projectDir}. */
    public static OfflineRun.Result of(StackConfig config, Map<String, Object> clusterOutputs,
                                       List<String> secretOutputs, Path projectDir) {
        return of(config, clusterOutputs, secretOutputs, projectDir, accountOf(config, clusterOutputs));
    }

    /** Deployed with credentials of {@code deployingAccount}. */
    public static OfflineRun.Result of(StackConfig config, Map<String, Object> clusterOutputs,
                                       List<String> secretOutputs, Path projectDir, String deployingAccount) {
        var engineConfig = config.engineConfig();
        return OfflineRun.run(StackConfig.PROJECT, StackConfig.STACK, engineConfig,
                new OfflineCloud(clusterOutputs, secretOutputs, java.util.Optional.of(deployingAccount)),
                ctx -> App.program(ctx, projectDir));
    }

    /** The offline cloud of a stack with no cluster stack, deployed with credentials of {@link StackConfig#ACCOUNT}. */
    public static OfflineCloud cloud() {
        return new OfflineCloud(Map.of(), List.of(), java.util.Optional.of(StackConfig.ACCOUNT));
    }

    /**
     * The account the stack's role goes into, as a deployer with the right credentials has it: that
     * of the OIDC provider or cluster ARN in config, else in the cluster stack's outputs.
     */
    static String accountOf(StackConfig config, Map<String, Object> clusterOutputs) {
        var arns = new java.util.ArrayList<Object>();
        var lookup = config.lookup();
        for (var key : List.of("oidcProviderArn", "clusterArn")) {
            lookup.get(key).ifPresent(value -> arns.add(value.raw()));
        }
        arns.add(clusterOutputs.get("oidcProviderArn"));
        arns.add(clusterOutputs.get("clusterArn"));
        var account = java.util.regex.Pattern.compile("arn:[a-z-]+:[a-z]+:[a-z0-9-]*:(\\d{12}):.*");
        return arns.stream().filter(String.class::isInstance).map(String.class::cast).map(account::matcher)
                .filter(java.util.regex.Matcher::matches).map(m -> m.group(1)).findFirst().orElse(StackConfig.ACCOUNT);
    }
}
