package spacesbackupidentity.stack;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;

import java.util.Map;

/**
 * A Kubernetes object of any kind, applied by the Kubernetes provider. The provider handles a
 * type token {@code kubernetes:<apiVersion>:<kind>} like any built-in kind; the Java SDK pinned
 * here (kubernetes 4.0.0) has no generic CustomResource class, so this is that class.
 */
public final class KubernetesObject extends CustomResource {

    public KubernetesObject(String name, String apiVersion, String kind, Args args, CustomResourceOptions options) {
        super("kubernetes:" + apiVersion + ":" + kind, name, args, options);
    }

    /** apiVersion, kind, metadata and spec, as the manifest carries them. */
    public static final class Args extends ResourceArgs {
        @Import(name = "apiVersion", required = true)
        private final Output<String> apiVersion;
        @Import(name = "kind", required = true)
        private final Output<String> kind;
        @Import(name = "metadata", required = true)
        private final Output<Map<String, Object>> metadata;
        @Import(name = "spec")
        private final Output<Map<String, Object>> spec;

        public Args(String apiVersion, String kind, Map<String, Object> metadata, Map<String, Object> spec) {
            this.apiVersion = Output.of(apiVersion);
            this.kind = Output.of(kind);
            this.metadata = Output.of(metadata);
            this.spec = Output.of(spec);
        }
    }
}
