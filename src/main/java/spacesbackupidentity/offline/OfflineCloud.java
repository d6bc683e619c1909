package spacesbackupidentity.offline;

import com.pulumi.test.Mocks;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import spacesbackupidentity.plan.ResourceNames;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * The cloud as Pulumi's in-memory engine sees it: the values only a cloud would know are derived
 * the way AWS derives them (a role's ARN from the account, path and name). The cluster's stack reference
 * answers from the given outputs, the stack's reference to itself from its last update's (none by default). What the
 * engine received is recorded by {@link EngineRequests}, before these mocks see it.
 */
public final class OfflineCloud implements Mocks {
    public static final String STACK_REFERENCE = "pulumi:pulumi:StackReference";
    private static final Pattern ACCOUNT_ARN = Pattern.compile("arn:([a-z-]+):[a-z0-9-]+:[a-z0-9-]*:(\\d{12}):.*");

    /** With this environment variable set, the first registration is announced on standard error. */
    public static final String TRACE_STARTUP = "SPACES_BACKUP_IDENTITY_TRACE_STARTUP";
    public static final String FIRST_REGISTRATION = "spaces-backup-identity: first resource registered";
    private static final boolean TRACING = System.getenv(TRACE_STARTUP) != null;

    private final java.util.concurrent.atomic.AtomicBoolean registered = new java.util.concurrent.atomic.AtomicBoolean();
    public static final String CALLER_IDENTITY = "aws:index/getCallerIdentity:getCallerIdentity";
    private final Map<String, Object> stackOutputs;
    private final List<String> secretStackOutputs;
    private final Optional<String> deployingAccount;
    private final Map<String, Object> previousOutputs;

    /**
     * A cloud nobody deploys to: the offline render, which has no AWS credentials to ask about.
     *
     * @param stackOutputs       what a referenced stack exports, by output name
     * @param secretStackOutputs which of those the referenced stack marks secret
     */
    public OfflineCloud(Map<String, Object> stackOutputs, List<String> secretStackOutputs) {
        this(stackOutputs, secretStackOutputs, Optional.empty());
    }

    /** @param deployingAccount the account of the credentials a run as under {@code pulumi up} deploys with */
    public OfflineCloud(Map<String, Object> stackOutputs, List<String> secretStackOutputs,
                        Optional<String> deployingAccount) {
        // A copy that keeps null values: an output may be null.
        this.stackOutputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stackOutputs));
        this.secretStackOutputs = List.copyOf(secretStackOutputs);
        this.deployingAccount = deployingAccount;
        this.previousOutputs = Map.of();
    }

    private OfflineCloud(OfflineCloud cloud, Map<String, Object> previousOutputs) {
        this.stackOutputs = cloud.stackOutputs;
        this.secretStackOutputs = cloud.secretStackOutputs;
        this.deployingAccount = cloud.deployingAccount;
        this.previousOutputs = Map.copyOf(previousOutputs);
    }

    /**
     * This cloud, where the stack's last update exported {@code outputs}; by default it has none, as
     * for a stack never updated (offline, nobody knows the last update).
     */
    public OfflineCloud withPreviousDeployment(Map<String, Object> outputs) {
        return new OfflineCloud(this, outputs);
    }

    @Override
    public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
        var inputs = args.inputs == null ? Map.<String, Object>of() : args.inputs;
        var importId = Optional.ofNullable(args.id).filter(id -> !id.isEmpty());
        if (TRACING && registered.compareAndSet(false, true)) {
            // Benchmarks time process start to this line: how long a user waits for the first resource.
            System.err.println(FIRST_REGISTRATION);
            System.err.flush();
        }
        var state = new LinkedHashMap<String, Object>(inputs);
        var id = importId.orElse(args.name + "-id");
        switch (args.type) {
            case STACK_REFERENCE -> {
                var self = ResourceNames.PREVIOUS_DEPLOYMENT.equals(args.name);
                state.put("outputs", self ? previousOutputs : stackOutputs);
                state.put("secretOutputNames", self ? List.of() : secretStackOutputs);
                id = String.valueOf(inputs.getOrDefault("name", args.name));
            }
            case "aws:iam/role:Role" -> {
                var name = String.valueOf(inputs.get("name"));
                state.put("arn", roleArn(inputs, name));
                state.put("uniqueId", "AROA" + Integer.toHexString(name.hashCode()).toUpperCase());
                id = name;
            }
            case "aws:iam/rolePolicy:RolePolicy" -> id = inputs.get("role") + ":" + inputs.get("name");
            default -> {
            }
        }
        return CompletableFuture.completedFuture(ResourceResult.of(Optional.of(id), state));
    }

    @Override
    public CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
        // The one call the stack makes, under the engine only: who deploys. Everything else it needs is
        // in config or derivable.
        if (CALLER_IDENTITY.equals(args.token) && deployingAccount.isPresent()) {
            var account = deployingAccount.get();
            return CompletableFuture.completedFuture(Map.of("accountId", account, "id", account,
                    "arn", "arn:aws:sts::" + account + ":assumed-role/deploy/offline", "userId", "AROAOFFLINE:offline"));
        }
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
                "unexpected provider call " + args.token + " in an offline run"));
    }

    /** {@code arn:PARTITION:iam::ACCOUNT:role/PATH/NAME}, the account taken from the trust policy. */
    private static String roleArn(Map<String, Object> inputs, String name) {
        var path = String.valueOf(inputs.getOrDefault("path", "/"));
        var trust = IamPolicy.fromJson(String.valueOf(inputs.get("assumeRolePolicy")));
        var candidates = new ArrayList<String>();
        trust.statements().forEach(statement -> {
            statement.principals().forEach(p -> candidates.add(p.id()));
            statement.conditions().forEach(c -> candidates.add(c.value()));
        });
        return candidates.stream()
                .map(ACCOUNT_ARN::matcher)
                .filter(java.util.regex.Matcher::matches)
                .findFirst()
                .map(m -> "arn:" + m.group(1) + ":iam::" + m.group(2) + ":role" + path + name)
                .orElseThrow(() -> new IllegalStateException("the trust policy names no account"));
    }
}
