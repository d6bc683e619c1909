package spacesbackupidentity;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static spacesbackupidentity.StackConfig.id;

/**
 * Every new key under {@code workloads}, and every way the workloads' values can contradict each
 * other or the user's Helm values, is refused before anything is registered, with a message naming
 * the key, the value and what is accepted.
 */
class WorkloadsBadInputTest {

    static StackConfig with(String workload, Object settings) {
        var workloads = new LinkedHashMap<String, Object>();
        workloads.put(workload, settings);
        return StackConfig.valid().json("workloads", workloads);
    }

    static Map<String, Object> space(Map<String, Object> more) {
        var settings = new LinkedHashMap<String, Object>(Map.of("bucket", "acme-space-backups"));
        settings.putAll(more);
        return settings;
    }

    static Map<String, Object> billing(Map<String, Object> more) {
        var settings = new LinkedHashMap<String, Object>(Map.of("bucket", "acme-billing"));
        settings.putAll(more);
        return settings;
    }

    static StackConfig withValues(StackConfig config, Map<String, Object> values) {
        return config.json("spaces", Map.of("version", "1.14.1", "values", values));
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                bad("workloads that is not an object", c -> c.json("workloads", List.of("sharedSecrets")),
                        "workloads: expected an object of workloads (controlPlaneBackups, sharedSecrets, spaceBackups,"
                                + " billing), each true, false or an object of its settings, got a list"),
                bad("a workload this stack does not know", c -> with("sharedSecret", true),
                        "workloads.sharedSecret: not a workload this stack manages (did you mean 'sharedSecrets'?);"
                                + " expected one of controlPlaneBackups, sharedSecrets, spaceBackups, billing"),
                bad("a workload that is neither a switch nor settings", c -> with("billing", "yes"),
                        "workloads.billing: expected true, false or an object of its settings, got 'yes'"),
                bad("control-plane backups' settings under workloads", c -> with("controlPlaneBackups",
                                Map.of("bucket", "b")),
                        "workloads.controlPlaneBackups.bucket: control-plane backups are configured by the top-level"
                                + " keys backup, role and podLabels; under workloads.controlPlaneBackups only true or"
                                + " false (or {}) is accepted"),
                bad("no workload at all", c -> c.remove("backup").json("workloads", Map.of("controlPlaneBackups",
                                false)),
                        "workloads: manages no workload: controlPlaneBackups is false and no other is named; name at"
                                + " least one of controlPlaneBackups, sharedSecrets, spaceBackups, billing"),
                bad("backup without control-plane backups", c -> c.json("workloads", Map.of("controlPlaneBackups",
                                false, "sharedSecrets", true)),
                        "backup: set, but only control-plane backups use it; workloads.controlPlaneBackups is false,"
                                + " so no role for mxp-controller is made. Remove it, or turn control-plane backups"
                                + " back on"),
                bad("podLabels without control-plane backups", c -> c.remove("backup").json("podLabels",
                                Map.of("team", "a")).json("workloads", Map.of("controlPlaneBackups", false,
                                "sharedSecrets", true)),
                        "podLabels: labels for the mxp-controller pods; workloads.controlPlaneBackups is false"),
                bad("role.name without control-plane backups", c -> c.remove("backup").json("role",
                                Map.of("name", "mxp")).json("workloads", Map.of("controlPlaneBackups", false,
                                "sharedSecrets", true)),
                        "role.name: names the control-plane backups' role; workloads.controlPlaneBackups is false"),
                bad("an unknown key of a workload", c -> with("sharedSecrets", Map.of("secretPrefix", List.of("a/"))),
                        "workloads.sharedSecrets.secretPrefix: unknown key (did you mean 'secretPrefixes'?); accepted"
                                + " keys of workloads.sharedSecrets: parameterPrefixes, podLabels, region, role,"
                                + " rollout, secretPrefixes"),
                bad("pod labels for the Spaces controller", c -> with("spaceBackups", space(Map.of("podLabels",
                                Map.of("a", "b")))),
                        "workloads.spaceBackups.podLabels: the Spaces chart has no value for the labels of the Space"
                                + " backups pods (its value reference has no controller.podLabels), and AWS needs"
                                + " none; remove it"),
                bad("a secret prefix with a wildcard", c -> with("sharedSecrets", Map.of("secretPrefixes",
                                List.of("spaces/*"))),
                        "workloads.sharedSecrets.secretPrefixes[0]: 'spaces/*' is not a secret name prefix; expected"
                                + " 1 to 512 ASCII letters, digits and / _ + = . @ -"),
                bad("an empty secret prefix, every secret", c -> with("sharedSecrets", Map.of("secretPrefixes",
                                List.of("ok/", ""))),
                        "workloads.sharedSecrets.secretPrefixes[1]: '' is not a secret name prefix"),
                bad("a secret prefix that is not a list", c -> with("sharedSecrets", Map.of("secretPrefixes",
                                "spaces/")),
                        "workloads.sharedSecrets.secretPrefixes: expected a list of strings, got 'spaces/'"),
                bad("'/' as the parameter prefix, every parameter", c -> with("sharedSecrets",
                                Map.of("parameterPrefixes", List.of("/"))),
                        "workloads.sharedSecrets.parameterPrefixes[0]: '/' is not a parameter name prefix; expected"
                                + " 1 to 1011 ASCII letters, digits and _ . - with / between levels"),
                bad("a parameter prefix with a variable", c -> with("sharedSecrets",
                                Map.of("parameterPrefixes", List.of("/spaces/${aws:username}"))),
                        "workloads.sharedSecrets.parameterPrefixes[0]: '/spaces/${aws:username}' is not a parameter"
                                + " name prefix"),
                bad("no prefix at all", c -> with("sharedSecrets", Map.of("secretPrefixes", List.of(),
                                "parameterPrefixes", List.of())),
                        "workloads.sharedSecrets: secretPrefixes and parameterPrefixes are both empty, so the role"
                                + " could read nothing"),
                bad("a secrets region that is no region", c -> with("sharedSecrets", Map.of("region",
                                "us-east-1x")),
                        "workloads.sharedSecrets.region: 'us-east-1x' is not an AWS region; expected one of"),
                bad("secrets of another partition", c -> with("sharedSecrets", Map.of("region", "cn-north-1")),
                        "workloads.sharedSecrets.region: 'cn-north-1' is in partition aws-cn, but the cluster's"
                                + " account is in partition aws; the secrets must be in the role's partition"),
                bad("no secrets region anywhere", c -> c.remove("aws:region").backup(Map.of("region", "us-east-1"))
                                .json("workloads", Map.of("sharedSecrets", true)),
                        "workloads.sharedSecrets.region: required: the region of the secrets and parameters the"
                                + " shared secrets read, such as us-east-1 (their ARNs name it); or set aws:region"),
                bad("a Space backup bucket missing", c -> with("spaceBackups", Map.of("prefix", "dr")),
                        "workloads.spaceBackups.bucket: required; the S3 bucket that holds the Space backups"),
                bad("a Space backup bucket S3 refuses", c -> with("spaceBackups", Map.of("bucket", "Acme_DR")),
                        "workloads.spaceBackups.bucket: 'Acme_DR' is not an S3 bucket name"),
                bad("a Space backup prefix that is the whole bucket", c -> with("spaceBackups",
                                space(Map.of("prefix", "/"))),
                        "workloads.spaceBackups.prefix: '/' is empty once its trailing '/' is removed, which would"
                                + " grant the whole bucket; expected path segments such as 'spaces/prod', or leave"
                                + " workloads.spaceBackups.prefix out to use the whole bucket on purpose"),
                bad("a Space backup prefix with a wildcard", c -> with("spaceBackups", space(Map.of("prefix",
                                "dr/*"))),
                        "workloads.spaceBackups.prefix: 'dr/*' has an IAM policy wildcard or variable (* ? $)"),
                bad("a Space backup endpoint that is not AWS", c -> with("spaceBackups", space(Map.of("endpoint",
                                "s3.example.com"))),
                        "workloads.spaceBackups.endpoint: 's3.example.com' is not an S3 endpoint of the bucket's"
                                + " region us-east-1; the SpaceBackupConfig and the role's session token go to this"
                                + " host"),
                bad("a Space backup key of another region", c -> with("spaceBackups", space(Map.of("kmsKeyArn",
                                "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"))),
                        "workloads.spaceBackups.kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd"
                                + "-56ef-1234567890ab' is in region eu-west-1, but the bucket is in us-east-1"
                                + " (aws:region); S3 encrypts a bucket's objects with a key in the bucket's region"),
                bad("a Space backup region that is no region", c -> with("spaceBackups", space(Map.of("region",
                                "eu-middle-9"))),
                        "workloads.spaceBackups.region: 'eu-middle-9' is not an AWS region"),
                bad("a SpaceBackupConfig name Kubernetes refuses", c -> with("spaceBackups", space(Map.of("config",
                                Map.of("name", "DR_Config")))),
                        "workloads.spaceBackups.config.name: 'DR_Config' is not a Kubernetes object name"),
                bad("an unknown key of the SpaceBackupConfig", c -> with("spaceBackups", space(Map.of("config",
                                Map.of("adopt", true)))),
                        "workloads.spaceBackups.config.adopt: unknown key; accepted keys of workloads.spaceBackups.config:"
                                + " adoptExisting, name"),
                bad("deleting an adopted SpaceBackupConfig", c -> with("spaceBackups", space(Map.of(
                                "deleteOnDestroy", true, "config", Map.of("adoptExisting", true)))),
                        "workloads.spaceBackups.deleteOnDestroy: true, but workloads.spaceBackups.config.adoptExisting"
                                + " is true too: adopted objects are never deleted by this stack"),
                bad("a billing bucket missing", c -> with("billing", Map.of("deleteObjects", true)),
                        "workloads.billing.bucket: required; the S3 bucket that holds the billing data"),
                bad("billing's deleteObjects not a boolean", c -> with("billing", billing(Map.of("deleteObjects",
                                "sometimes"))),
                        "workloads.billing.deleteObjects: expected true or false, got 'sometimes'"),
                bad("a billing prefix, which the chart has no value for", c -> with("billing", billing(Map.of(
                                "prefix", "usage"))),
                        "workloads.billing.prefix: unknown key"),
                bad("billing's endpoint that is not AWS", c -> with("billing", billing(Map.of("endpoint",
                                "billing.example.com"))),
                        "workloads.billing.endpoint: 'billing.example.com' is not an S3 endpoint of the bucket's"
                                + " region us-east-1"),
                bad("a billing label Kubernetes refuses", c -> with("billing", billing(Map.of("podLabels",
                                Map.of("team", "a b")))),
                        "workloads.billing.podLabels.team: 'a b' is not a valid label value"),
                bad("a rollout name Kubernetes refuses", c -> with("sharedSecrets", Map.of("rollout", "External_Secrets")),
                        "workloads.sharedSecrets.rollout: 'External_Secrets' is not a Kubernetes object name"),
                bad("a rollout of another workload's Deployment", c -> with("sharedSecrets", Map.of("rollout",
                                "mxp-controller")),
                        "workloads.sharedSecrets.rollout: 'mxp-controller' in namespace 'mxp-" + id(0) + "-system' is"
                                + " rolled for control-plane backups already; each workload rolls its own pods"),
                bad("a role name that another workload's role has", c -> with("sharedSecrets", Map.of("role",
                                Map.of("name", "Spaces-Backup-Identity-Test"))),
                        "workloads.sharedSecrets.role.name: 'Spaces-Backup-Identity-Test' names the role of"
                                + " control-plane backups too (role.name, 'spaces-backup-identity-test'); IAM role"
                                + " names are unique in an account without regard to case"),
                bad("a workload role name IAM refuses", c -> with("billing", billing(Map.of("role", Map.of("name",
                                "billing role")))),
                        "workloads.billing.role.name: 'billing role' is not an IAM role name"),
                bad("a workload role tag IAM refuses", c -> with("billing", billing(Map.of("role", Map.of("tags",
                                Map.of("aws:owner", "x"))))),
                        "workloads.billing.role.tags: 'aws:owner' is not a tag key"),
                bad("a workload role session IAM refuses", c -> with("sharedSecrets", Map.of("role",
                                Map.of("maxSessionDuration", 60))),
                        "workloads.sharedSecrets.role.maxSessionDuration: 60 is out of range"),
                bad("a workload role boundary of another partition", c -> with("sharedSecrets", Map.of("role",
                                Map.of("permissionsBoundary", "arn:aws-cn:iam::123456789012:policy/b"))),
                        "workloads.sharedSecrets.role.permissionsBoundary: 'arn:aws-cn:iam::123456789012:policy/b' is"
                                + " in partition aws-cn, but the role is in partition aws"),
                bad("values that turn billing off", c -> withValues(with("billing", billing(Map.of())),
                                Map.of("billing", Map.of("enabled", false))),
                        "spaces.values: billing[\"enabled\"] is false, but this stack sets it to true"
                                + " (workloads.billing (the billing component runs only with billing.enabled));"
                                + " remove it or make them agree"),
                bad("values that keep billing's credentials secret", c -> withValues(with("billing", billing(Map.of())),
                                Map.of("billing", Map.of("storage", Map.of("secretRef", Map.of("name",
                                        "billing-storage"))))),
                        "spaces.values: billing.storage.secretRef[\"name\"] is 'billing-storage', but this stack sets"
                                + " it to ''"),
                bad("values that send billing data elsewhere", c -> withValues(with("billing", billing(Map.of())),
                                Map.of("billing", Map.of("storage", Map.of("aws", Map.of("endpoint",
                                        "minio.example.com"))))),
                        "spaces.values: billing.storage.aws[\"endpoint\"] is set to 'minio.example.com';"
                                + " workloads.billing sends billing data and the role's session token only to the"
                                + " region's S3 endpoint, or to workloads.billing.endpoint, so remove it"),
                bad("values that rename the Spaces controller's service account", c -> withValues(with("spaceBackups",
                                space(Map.of())), Map.of("controller", Map.of("serviceAccount", Map.of("name", "dr")))),
                        "spaces.values: controller.serviceAccount[\"name\"] is set to 'dr'; workloads.spaceBackups"
                                + " trusts the chart's own service account spaces-controller, so set no other name, so"
                                + " remove it"),
                bad("values that put another role on a workload's service account", c -> withValues(with(
                                "sharedSecrets", true), Map.of("controlPlanes", Map.of("sharedSecrets", Map.of(
                                "serviceAccount", Map.of("customAnnotations", Map.of("eks.amazonaws.com/role-arn",
                                        "arn:aws:iam::123456789012:role/other")))))),
                        "spaces.values: controlPlanes.sharedSecrets.serviceAccount.customAnnotations"
                                + "[\"eks.amazonaws.com/role-arn\"] is 'arn:aws:iam::123456789012:role/other', but this"
                                + " stack sets it to 'arn:aws:iam::123456789012:role/spaces-backup-identity-test-shared"
                                + "-secrets' (the shared secrets role's ARN)"),
                bad("another token audience for a workload", c -> withValues(with("billing", billing(Map.of())),
                                Map.of("controlPlanes", Map.of("vector", Map.of("serviceAccount", Map.of(
                                        "customAnnotations", Map.of("eks.amazonaws.com/audience", "vector")))))),
                        "spaces.values: controlPlanes.vector.serviceAccount.customAnnotations"
                                + "[\"eks.amazonaws.com/audience\"] is 'vector'; the trust policy accepts only tokens"
                                + " for sts.amazonaws.com"),
                bad("a look-alike of a workload's Helm key", c -> withValues(with("sharedSecrets", true),
                                Map.of("controlPlanes", Map.of("sharedSecrets", Map.of("serviceAccount", Map.of(
                                        "customannotations", Map.of("eks.amazonaws.com/role-arn", "x")))))),
                        "spaces.values: controlPlanes.sharedSecrets.serviceAccount.'customannotations' differs from"
                                + " 'customAnnotations', which this stack sets, only by case"),
                bad("vector's persistence as a secret", c -> with("billing", billing(Map.of()))
                                .json("spacesSecretValues", Map.of("controlPlanes", Map.of("vector", Map.of(
                                        "persistence", Map.of("enabled", true))))).secret("spacesSecretValues"),
                        "spacesSecretValues: controlPlanes.vector.persistence.enabled is secret, and workloads.billing"
                                + " needs to read it"),
                bad("a shared secrets trust policy over the quota", c -> c.controlPlanes(StackConfig.controlPlanes(18))
                                .json("workloads", Map.of("sharedSecrets", true)),
                        "controlPlanes: the shared secrets role's irsa trust policy for 18 control planes is"),
                bad("a release whose controller is a control plane's mxp-controller", c -> c.json("spaces",
                                Map.of("version", "1.14.1", "namespace", "mxp-" + id(0) + "-system",
                                        "releaseName", "mxp")).json("workloads", Map.of("spaceBackups", space(Map.of()))),
                        "spaces.releaseName: the Space backups service account 'mxp-controller' in namespace 'mxp-"
                                + id(0) + "-system' is also the service account of control-plane backups; each"
                                + " workload's role must trust its own service account only"));
    }

    private static Arguments bad(String what, UnaryOperator<StackConfig> change, String message) {
        return BadInputTest.bad(what, change, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void isRejectedWithItsMessageAndNothingIsRegistered(String what, UnaryOperator<StackConfig> change,
                                                        String message) {
        BadInputTest.assertRejected(change, message);
    }
}
