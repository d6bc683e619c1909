package spacesbackupidentity.offline;

import com.pulumi.resources.ResourceTransformation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The order in which the program declared its resources, which the SDK sees synchronously (the
 * engine receives them as their inputs resolve, in any order). A stack-wide transformation that
 * changes nothing; the offline runs ({@link OfflineRun}) install it, to record resources in program order.
 */
public final class DeclarationOrder implements ResourceTransformation {
    private final List<String> keys = Collections.synchronizedList(new ArrayList<>());

    @Override
    public Optional<Result> apply(Args args) {
        keys.add(key(args.resource().pulumiResourceType(), args.resource().pulumiResourceName()));
        return Optional.empty();
    }

    /** {@code type::name} of each resource, in declaration order. */
    public List<String> keys() {
        synchronized (keys) {
            return List.copyOf(keys);
        }
    }

    public static String key(String type, String name) {
        return type + "::" + name;
    }
}
