package spacesbackupidentity.stack;

import com.pulumi.core.Output;
import com.pulumi.kubernetes.helm.v3.Release;
import com.pulumi.kubernetes.helm.v3.ReleaseArgs;
import com.pulumi.kubernetes.helm.v3.inputs.RepositoryOptsArgs;
import com.pulumi.resources.CustomResourceOptions;
import spacesbackupidentity.plan.IdentityPlan;
import spacesbackupidentity.plan.ResourceNames;
import spacesbackupidentity.settings.Settings;
import spacesbackupidentity.settings.SpacesSettings;

/** The Spaces Helm release, carrying the identity values; optionally adopted from an existing install. */
public final class SpacesRelease {
    private SpacesRelease() {
    }

    public static Release declare(Settings settings, IdentityPlan plan, KubernetesProvider kubernetes, BackupRole role) {
        var spaces = settings.spaces();
        var args = ReleaseArgs.builder()
                .name(spaces.releaseName())
                .namespace(spaces.namespace())
                .createNamespace(true)
                .chart(spaces.chart())
                .version(spaces.version())
                .values(ReleaseValues.of(plan.helmValues()))
                .maxHistory(SpacesSettings.MAX_HISTORY)
                .timeout(SpacesSettings.HELM_TIMEOUT_SECONDS);
        spaces.registry().ifPresent(registry -> args.repositoryOpts(RepositoryOptsArgs.builder()
                .username(Output.ofSecret(registry.username().value()))
                .password(Output.ofSecret(registry.password().value()))
                .build()));
        // The values name the role's ARN: the role and its permissions exist before pods use them.
        var options = CustomResourceOptions.builder()
                .provider(kubernetes)
                .dependsOn(role.role(), role.permissions())
                .retainOnDelete(spaces.retainOnDelete());
        spaces.importId().ifPresent(options::importId);
        return new Release(ResourceNames.SPACES_RELEASE, args.build(), options.build());
    }
}
