package spacesbackupidentity.stack;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ProviderResource;
import com.pulumi.resources.ResourceArgs;

import java.util.Optional;

/**
 * The explicit Kubernetes provider, on plugin {@value #PLUGIN_VERSION}. The newest Java SDK served
 * here (com.pulumi:kubernetes 4.0.0) would pick plugin 4.0.0 (July 2023); 4.32.0 logs in to OCI
 * registries with a Release's credentials (4.27.0, pulumi-kubernetes#3661), leaves fields other
 * managers own on Patch resources alone (4.5.2, #2640), refuses to create an object that already
 * exists (4.29.0, #2926) and keeps null Helm values (4.30.0, #2997). Its inputs are the SDK's
 * ProviderArgs that this program sets, plus {@code upsertExistingObjects} (4.29.0), pinned to
 * false so that neither config nor {@code PULUMI_K8S_UPSERT_EXISTING_OBJECTS} can make it take
 * over existing objects silently. Every input this sends is in the 4.32.0 schema (a test checks).
 */
public final class KubernetesProvider extends ProviderResource {
    public static final String PLUGIN_VERSION = "4.32.0";

    public KubernetesProvider(String name, Args args) {
        super("kubernetes", name, args, CustomResourceOptions.builder().version(PLUGIN_VERSION).build());
    }

    /** The provider's inputs; booleans travel as JSON text, as provider config does. */
    public static final class Args extends ResourceArgs {
        @Import(name = "kubeconfig")
        private final Output<String> kubeconfig;
        @Import(name = "enableServerSideApply", json = true)
        private final Output<Boolean> enableServerSideApply;
        @Import(name = "upsertExistingObjects", json = true)
        private final Output<Boolean> upsertExistingObjects;

        /** @param kubeconfig a secret; empty for the kubeconfig of the machine running Pulumi */
        public Args(Optional<Output<String>> kubeconfig) {
            this.kubeconfig = kubeconfig.orElse(null);
            // Server-side apply is what lets the rollout patches share the Deployment with Spaces.
            this.enableServerSideApply = Output.of(true);
            this.upsertExistingObjects = Output.of(false);
        }
    }
}
