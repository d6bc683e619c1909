package spacesbackupidentity;

import spacesbackupidentity.offline.OfflineCloud;
import spacesbackupidentity.offline.OfflineRun;
import spacesbackupidentity.settings.Settings;

import java.util.List;
import java.util.Map;

/** Runs the real stack under Pulumi mocks, once per scenario. */
public final class StackRun {
    private StackRun() {
    }

    public static OfflineRun.Result of(Settings settings) {
        return of(settings, Map.of(), List.of());
    }

    public static OfflineRun.Result of(Settings settings, Map<String, Object> clusterOutputs, List<String> secretOutputs) {
        return OfflineRun.run(settings.project(), settings.stack(), new OfflineCloud(clusterOutputs, secretOutputs),
                ctx -> App.stack(ctx, settings));
    }
}
