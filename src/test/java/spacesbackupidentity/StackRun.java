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
        var engineConfig = config.engineConfig();
        return OfflineRun.run(StackConfig.PROJECT, StackConfig.STACK, engineConfig,
                new OfflineCloud(clusterOutputs, secretOutputs),
                ctx -> App.program(ctx, projectDir));
    }
}
