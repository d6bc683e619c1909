package spacesbackupidentity.stack;

import com.pulumi.aws.AwsFunctions;
import spacesbackupidentity.plan.IdentityPlan;
import spacesbackupidentity.rules.Quote;
import spacesbackupidentity.settings.ClusterFacts;
import spacesbackupidentity.settings.InvalidConfigException;

import java.util.concurrent.CompletionException;

/**
 * Who deploys, asked before anything is declared: the AWS credentials {@code pulumi up} runs with
 * ({@code aws:index/getCallerIdentity}) must be of the account the role goes into, the account of the
 * OIDC provider (IRSA) or of the cluster (Pod Identity), which the role ARN in the Spaces values names.
 * Credentials of another account would make a role nobody's pods can use, in an account nobody
 * reviewed.
 */
public final class DeployingIdentity {
    private static final String KEY = IdentityPlan.DEPLOYING_CREDENTIALS;

    private DeployingIdentity() {
    }

    public static void check(IdentityPlan plan, ClusterFacts cluster) {
        com.pulumi.aws.outputs.GetCallerIdentityResult caller;
        try {
            caller = AwsFunctions.getCallerIdentityPlain().join();
        } catch (CompletionException e) {
            throw InvalidConfigException.of(KEY, "cannot tell which account they are of (sts:GetCallerIdentity: "
                    + Quote.of(String.valueOf(e.getCause().getMessage())) + "); the stack checks it before it makes"
                    + " anything");
        }
        plan.checkDeployingAccount(caller.accountId(), caller.arn(), cluster.account().id());
    }
}
