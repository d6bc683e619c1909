package spacesbackupidentity.stack;

import com.pulumi.core.Output;
import com.pulumi.kubernetes.helm.v3.Release;
import com.pulumi.kubernetes.helm.v3.ReleaseArgs;
import com.pulumi.kubernetes.helm.v3.inputs.RepositoryOptsArgs;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import spacesbackupidentity.plan.IdentityPlan;
import spacesbackupidentity.plan.ResourceNames;
import spacesbackupidentity.settings.Settings;
import spacesbackupidentity.settings.SpacesSettings;
import spacesbackupidentity.settings.Workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Spaces Helm release, carrying every workload's identity values; optionally adopted from an existing install. */
public final class SpacesRelease {
    private SpacesRelease() {
    }

    public static Release declare(Settings settings, IdentityPlan plan, KubernetesProvider kubernetes,
                                  Map<Workload, WorkloadRole> roles) {
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
        // The values name every role's ARN: the roles and their permissions exist before pods use them.
        var dependsOn = new ArrayList<Resource>();
        roles.values().forEach(role -> dependsOn.addAll(List.of(role.role(), role.permissions())));
        var options = CustomResourceOptions.builder()
                .provider(kubernetes)
                .dependsOn(dependsOn)
                .retainOnDelete(spaces.retainOnDelete());
        spaces.importId().ifPresent(options::importId);
        return new Release(ResourceNames.SPACES_RELEASE, args.build(), options.build());
    }
}
