package spacesbackupidentity.plan;

import software.amazon.awssdk.policybuilder.iam.IamEffect;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamStatement;
import spacesbackupidentity.settings.WorkloadSettings;

import java.util.List;

/**
 * What the shared-secrets role may do: read the Secrets Manager secrets and Systems Manager
 * parameters whose names start with the configured prefixes, in one region of the role's own account.
 * The actions are those Upbound's guide asks for (upbound/docs
 * {@code self-hosted-spaces-docs/howtos/workload-id/eso-config.md}: secretsmanager:GetSecretValue,
 * secretsmanager:DescribeSecret, ssm:GetParameter on {@code secret:PREFIX*} and {@code parameter/PREFIX*}),
 * each on its own service's resources only. Nothing that writes, lists or decrypts outside them.
 */
public final class SecretsPolicy {
    public static final List<String> SECRET_ACTIONS = List.of("secretsmanager:DescribeSecret",
            "secretsmanager:GetSecretValue");
    public static final String PARAMETER_ACTION = "ssm:GetParameter";

    private SecretsPolicy() {
    }

    /**
     * Secrets Manager adds six random characters to a secret's ARN ({@code name-AbCdEf}), so a name
     * prefix is matched as {@code secret:PREFIX*}; a parameter's ARN is {@code parameter/} and its
     * name without the leading '/' (AWS Systems Manager User Guide, "Working with parameter
     * hierarchies").
     */
    public static IamPolicy of(String partition, String account, WorkloadSettings.SecretsGrant grant) {
        var policy = IamPolicy.builder();
        if (!grant.secretPrefixes().isEmpty()) {
            var secrets = IamStatement.builder().sid("ReadSecrets").effect(IamEffect.ALLOW).actionIds(SECRET_ACTIONS);
            grant.secretPrefixes().forEach(prefix -> secrets.addResource("arn:" + partition + ":secretsmanager:"
                    + grant.region() + ":" + account + ":secret:" + prefix + "*"));
            policy.addStatement(secrets.build());
        }
        if (!grant.parameterPrefixes().isEmpty()) {
            var parameters = IamStatement.builder().sid("ReadParameters").effect(IamEffect.ALLOW)
                    .addAction(PARAMETER_ACTION);
            grant.parameterPrefixes().stream().map(p -> p.startsWith("/") ? p.substring(1) : p).distinct().sorted()
                    .forEach(prefix -> parameters.addResource("arn:" + partition + ":ssm:" + grant.region() + ":"
                            + account + ":parameter/" + prefix + "*"));
            policy.addStatement(parameters.build());
        }
        return policy.build();
    }
}
