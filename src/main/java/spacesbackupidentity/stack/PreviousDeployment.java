package spacesbackupidentity.stack;

import com.pulumi.Context;
import com.pulumi.resources.StackReference;
import com.pulumi.resources.StackReferenceArgs;
import spacesbackupidentity.plan.ResourceNames;
import spacesbackupidentity.settings.InvalidConfigException;
import spacesbackupidentity.settings.SpacesSettings;

import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * What this stack's last update installed where, read from its own outputs through a stack
 * reference to itself, before anything is declared: a Spaces release moved to another namespace or
 * name would be a second install beside the first, which the stack keeps (retain on delete), and
 * the two collide on Spaces' cluster-wide objects. A stack never updated has no such outputs.
 */
public final class PreviousDeployment {
    private PreviousDeployment() {
    }

    /** @throws InvalidConfigException when the release would move */
    public static void checkReleaseStays(Context ctx, SpacesSettings spaces) {
        var self = new StackReference(ResourceNames.PREVIOUS_DEPLOYMENT, StackReferenceArgs.builder()
                .name(ctx.organizationName() + "/" + ctx.projectName() + "/" + ctx.stackName()).build());
        var namespace = output(self, StackOutputs.RELEASE_NAMESPACE);
        var name = output(self, StackOutputs.RELEASE_NAME);
        if (namespace.isEmpty() && name.isEmpty()) {
            return;   // never updated, or before these outputs existed
        }
        if (!(namespace.orElse(null) instanceof String ns) || !(name.orElse(null) instanceof String release)) {
            // Fail closed: outputs there but unreadable cannot rule the move out.
            throw InvalidConfigException.of(SpacesSettings.KEY, "this stack's last outputs " + StackOutputs.RELEASE_NAMESPACE
                    + " and " + StackOutputs.RELEASE_NAME + " do not both name where its Spaces release is (not two"
                    + " texts), so a move cannot be ruled out; check them with pulumi stack output");
        }
        spaces.checkStaysAt(ns, release);
    }

    private static Optional<Object> output(StackReference self, String name) {
        try {
            var details = self.outputDetailsAsync(name).join();
            return details.getValue().or(details::getSecretValue);
        } catch (CompletionException e) {
            // Fail closed: without the last update's outputs, the move cannot be ruled out.
            throw InvalidConfigException.of(SpacesSettings.KEY, "cannot read this stack's own last outputs ("
                    + e.getCause().getClass().getSimpleName() + "), which say where its Spaces release is installed;"
                    + " check that this backend and your token can read the stack");
        }
    }
}
