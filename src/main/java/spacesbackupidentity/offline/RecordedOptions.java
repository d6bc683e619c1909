package spacesbackupidentity.offline;

import com.pulumi.core.Output;
import com.pulumi.core.internal.Internal;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import com.pulumi.resources.ResourceArgs;
import com.pulumi.resources.ResourceTransformation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Captures each resource's options as the program set them (dependencies, provider, adoption,
 * retention), which the engine's mock interface does not pass on. Installed as a stack-wide
 * transformation that changes nothing.
 */
public final class RecordedOptions implements ResourceTransformation {

    /**
     * The options of one resource, by its logical name, and the arguments object the program
     * passed (whose {@code Output}s still know whether they are secret).
     */
    public record Options(String type, String name, List<String> dependsOn, Optional<String> provider,
                          Optional<String> importId, boolean retainOnDelete, ResourceArgs args) {
    }

    private record Captured(Resource resource, ResourceArgs args, Output<List<Resource>> dependsOn,
                            Optional<String> provider, Optional<String> importId, boolean retainOnDelete) {
    }

    private final List<Captured> captured = Collections.synchronizedList(new ArrayList<>());

    @Override
    public Optional<Result> apply(Args args) {
        var options = args.options();
        var importId = options instanceof CustomResourceOptions custom ? custom.getImportId() : Optional.<String>empty();
        captured.add(new Captured(args.resource(), args.args(), options.getDependsOn(),
                options.getProvider().map(Resource::pulumiResourceName), importId, options.isRetainOnDelete()));
        return Optional.empty();
    }

    /** Every captured resource's options, in the order the program declared them; call after the run. */
    public List<Options> inDeclarationOrder() {
        List<Captured> snapshot;
        synchronized (captured) {
            snapshot = List.copyOf(captured);
        }
        var result = new ArrayList<Options>();
        for (var c : snapshot) {
            var deps = Internal.of(c.dependsOn()).getValueOrDefault(List.of()).join();
            var names = deps.stream().map(Resource::pulumiResourceName).sorted().toList();
            result.add(new Options(c.resource().pulumiResourceType(), c.resource().pulumiResourceName(), names,
                    c.provider(), c.importId(), c.retainOnDelete(), c.args()));
        }
        return result;
    }
}
