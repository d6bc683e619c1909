package spacesbackupidentity;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import spacesbackupidentity.settings.InvalidConfigException;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static spacesbackupidentity.StackConfig.OIDC_ARN;
import static spacesbackupidentity.StackConfig.id;

/**
 * Every kind of bad input, run through the real program as {@code pulumi up} runs it (settings
 * parsed inside the program): each fails with a message naming the key, the value and what is
 * accepted, and the engine receives no resource at all.
 */
class BadInputTest {

    static Stream<Arguments> badInputs() {
        return Stream.of(
                bad("empty control-plane list", c -> c.controlPlanes(List.of()),
                        "controlPlanes: the list is empty; list at least one control plane"),
                bad("no control planes", c -> c.remove("controlPlanes"),
                        "controlPlanes: required; list every control plane as {name, group, id}"),
                bad("same group and name twice", c -> c.controlPlanes(List.of(
                                Map.of("name", "a", "group", "default", "id", id(1)),
                                Map.of("name", "a", "group", "default", "id", id(2)))),
                        "controlPlanes[1]: the same control plane as controlPlanes[0] (same group and name 'default/a')"),
                bad("same ID twice", c -> c.controlPlanes(List.of(
                                Map.of("name", "a", "group", "default", "id", id(1)),
                                Map.of("name", "b", "group", "team-a", "id", id(1)))),
                        "controlPlanes[1]: the same control plane as controlPlanes[0] (same id '" + id(1) + "')"),
                bad("same namespace twice", c -> c.controlPlanes(List.of(
                                Map.of("name", "a", "group", "default", "id", id(1)),
                                Map.of("name", "b", "group", "default", "namespace", "mxp-" + id(1) + "-system"))),
                        "controlPlanes[1]: the same control plane as controlPlanes[0] (same namespace 'mxp-"
                                + id(1) + "-system')"),
                bad("ID that is not a UUID", c -> c.controlPlanes(List.of(
                                Map.of("name", "a", "group", "default", "id", "ctp-a"))),
                        "controlPlanes[0].id: 'ctp-a' is not a control-plane ID; expected a lowercase UUID"),
                bad("both id and namespace", c -> c.controlPlanes(List.of(
                                Map.of("name", "a", "group", "default", "id", id(1), "namespace", "ns"))),
                        "controlPlanes[0]: set exactly one of id"),
                bad("namespace that is not a DNS-1123 label", c -> c.controlPlanes(List.of(
                                Map.of("name", "a", "group", "default", "namespace", "Team_NS"))),
                        "controlPlanes[0].namespace: 'Team_NS' is not a DNS-1123 label; expected at most 63"),
                bad("namespace that is not a host namespace", c -> c.controlPlanes(List.of(
                                Map.of("name", "a", "group", "team-a", "namespace", "team-billing"))),
                        "controlPlanes[0].namespace: 'team-billing' is not a control plane's host namespace; expected"
                                + " mxp-<id>-system"),
                bad("system namespace", c -> c.controlPlanes(List.of(
                                Map.of("name", "a", "group", "team-a", "namespace", "crossplane-system"))),
                        "controlPlanes[0].namespace: 'crossplane-system' is not a control plane's host namespace"),
                bad("host namespace with an upper-case or short ID", c -> c.controlPlanes(List.of(
                                Map.of("name", "a", "group", "team-a", "namespace", "mxp-1234-system"))),
                        "controlPlanes[0].namespace: 'mxp-1234-system' is not a control plane's host namespace"),
                bad("group that is not a DNS-1123 label", c -> c.controlPlanes(List.of(
                                Map.of("name", "a", "group", "-default", "id", id(1)))),
                        "controlPlanes[0].group: '-default' is not a DNS-1123 label"),
                bad("unknown control-plane field", c -> c.controlPlanes(List.of(
                                Map.of("name", "a", "group", "default", "id", id(1), "nmae", "x"))),
                        "controlPlanes[0].nmae: unknown key (did you mean 'name'?); accepted keys of controlPlanes[0]: group, id, name, namespace"),
                bad("malformed OIDC provider ARN", c -> c.set("oidcProviderArn", "oidc.eks.us-east-1.amazonaws.com/id/X"),
                        "oidcProviderArn: 'oidc.eks.us-east-1.amazonaws.com/id/X' is not an OIDC provider ARN; expected"
                                + " arn:aws:iam::123456789012:oidc-provider/"),
                bad("malformed account ID", c -> c.set("oidcProviderArn", OIDC_ARN.replace("123456789012", "12345")),
                        "oidcProviderArn: '" + OIDC_ARN.replace("123456789012", "12345").substring(0, 100)
                                + "'... (101 characters in all) has the account ID '12345'; expected 12 digits"),
                bad("no OIDC provider anywhere", c -> c.remove("oidcProviderArn"),
                        "oidcProviderArn: required for identity.mode irsa when clusterStack is not set"),
                bad("no kubeconfig anywhere", c -> c.remove("kubeconfig"),
                        "kubeconfig: required when clusterStack is not set"),
                bad("role name over 64 characters", c -> c.json("role", Map.of("name", "r".repeat(65))),
                        "role.name: '" + "r".repeat(65) + "' is not an IAM role name; expected 1 to 64 characters"),
                bad("role name outside IAM's character set", c -> c.json("role", Map.of("name", "backup role")),
                        "role.name: 'backup role' is not an IAM role name"),
                bad("role name with '=' under IRSA", c -> c.json("role", Map.of("name", "spaces=backups")),
                        "role.name: 'spaces=backups' has '=', which IAM allows but the rollouts' wait for the role ARN"
                                + " on each service account cannot hold (the Kubernetes provider's waitFor splits on"
                                + " '='); expected a name without '=' for identity.mode irsa or both"),
                bad("role path with '=' under IRSA", c -> c.json("role", Map.of("path", "/a=b/")),
                        "role.path: '/a=b/' has '=', which IAM allows"),
                bad("a workload's role name with '=' under IRSA", c -> c.json("workloads", Map.of("sharedSecrets",
                                Map.of("role", Map.of("name", "secrets=eso")))),
                        "workloads.sharedSecrets.role.name: 'secrets=eso' has '=', which IAM allows but the rollouts'"
                                + " wait for the role ARN on each service account cannot hold (the Kubernetes provider's"
                                + " waitFor splits on '='); expected a name without '=' for identity.mode irsa or both"),
                bad("a workload's own role path with '=' under IRSA", c -> c.json("workloads", Map.of("billing",
                                Map.of("bucket", "acme-billing", "role", Map.of("path", "/bill=ing/")))),
                        "workloads.billing.role.path: '/bill=ing/' has '=', which IAM allows"),
                bad("path not of the form /.../", c -> c.json("role", Map.of("path", "spaces")),
                        "role.path: 'spaces' is not an IAM path; expected '/' or '/segment/.../'"),
                bad("session duration too short", c -> c.json("role", Map.of("maxSessionDuration", 3599)),
                        "role.maxSessionDuration: 3599 is out of range; expected seconds from 3600 (1 hour) to 43200"),
                bad("session duration too long", c -> c.json("role", Map.of("maxSessionDuration", 43201)),
                        "role.maxSessionDuration: 43201 is out of range"),
                bad("permissions boundary that is not a policy ARN",
                        c -> c.json("role", Map.of("permissionsBoundary", "arn:aws:iam::123456789012:role/x")),
                        "role.permissionsBoundary: 'arn:aws:iam::123456789012:role/x' is not an IAM policy ARN"),
                bad("tag keys that differ only in case", c -> c.json("role", Map.of("tags", Map.of("Team", "a",
                                "team", "b", "TEAM", "c"))),
                        "role.tags: 'TEAM' and 'Team' and 'team' differ only in case; IAM tag keys are"
                                + " case-insensitive, so one would replace the other; keep one"),
                bad("reserved tag key", c -> c.json("role", Map.of("tags", Map.of("aws:team", "x"))),
                        "role.tags: 'aws:team' is not a tag key"),
                bad("unknown role key", c -> c.json("role", Map.of("nmae", "x")),
                        "role.nmae: unknown key (did you mean 'name'?); accepted keys of role: maxSessionDuration, name, path,"
                                + " permissionsBoundary, tags"),
                bad("bucket with uppercase and underscore", c -> c.json("backup", Map.of("bucket", "Acme_Backups")),
                        "backup.bucket: 'Acme_Backups' is not an S3 bucket name; expected 3 to 63 lowercase letters"),
                bad("bucket shaped like an IP address", c -> c.json("backup", Map.of("bucket", "192.168.10.1")),
                        "backup.bucket: '192.168.10.1' is not an S3 bucket name; expected not formatted as an IP address"),
                bad("bucket with adjacent periods", c -> c.json("backup", Map.of("bucket", "acme..backups")),
                        "backup.bucket: 'acme..backups' is not an S3 bucket name; expected no two adjacent periods"),
                bad("missing bucket", c -> c.json("backup", Map.of("prefix", "spaces")),
                        "backup.bucket: required; the S3 bucket that holds the backups"),
                bad("prefix with a wildcard", c -> c.json("backup", Map.of("bucket", "acme-spaces", "prefix", "a/*")),
                        "backup.prefix: 'a/*' has an IAM policy wildcard or variable (* ? $)"),
                bad("prefix of slashes only", c -> c.backup(Map.of("prefix", "/")),
                        "backup.prefix: '/' is empty once its trailing '/' is removed, which would grant the whole"
                                + " bucket; expected path segments such as 'spaces/prod', or leave backup.prefix out to"
                                + " use the whole bucket on purpose"),
                bad("prefix over 512 characters", c -> c.backup(Map.of("prefix", "x".repeat(600))),
                        "backup.prefix: a prefix of 600 characters; expected path segments such as 'spaces/prod' of at"
                                + " most 512"),
                bad("prefix with whitespace", c -> c.backup(Map.of("prefix", "a b")),
                        "backup.prefix: 'a b' has whitespace, control or non-ASCII characters, which IAM and S3 may"
                                + " read differently from how it looks; expected path segments such as 'spaces/prod'"),
                bad("prefix with a leading slash", c -> c.backup(Map.of("prefix", "/spaces")),
                        "backup.prefix: '/spaces' has a leading '/' or an empty segment; expected path segments such"
                                + " as 'spaces/prod'"),
                bad("prefix with an empty segment", c -> c.backup(Map.of("prefix", "a//b")),
                        "backup.prefix: 'a//b' has a leading '/' or an empty segment"),
                bad("prefix with a '..' segment", c -> c.backup(Map.of("prefix", "a/../b")),
                        "backup.prefix: 'a/../b' has a '.' or '..' segment; expected path segments such as"
                                + " 'spaces/prod'"),
                bad("KMS alias instead of a key ARN", c -> c.json("backup", Map.of("bucket", "acme-spaces",
                                "kmsKeyArn", "arn:aws:kms:us-east-1:123456789012:alias/backups")),
                        "backup.kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:alias/backups' is not a KMS key ARN;"
                                + " expected arn:aws:kms:REGION:123456789012:key/KEY-ID"),
                bad("KMS key in another region than the bucket", c -> c.json("backup", Map.of("bucket", "acme-spaces",
                                "kmsKeyArn", "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")),
                        "backup.kmsKeyArn: 'arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'"
                                + " is in region us-west-2, but the bucket is in us-east-1 (aws:region)"),
                bad("KMS key in a region of another partition", c -> c.json("backup", Map.of("bucket", "acme-spaces",
                                "kmsKeyArn", "arn:aws:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")),
                        "backup.kmsKeyArn: 'arn:aws:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'"
                                + " names a region that is not one of partition aws: 'cn-north-1' is a region of"
                                + " partition aws-cn, not aws; expected one of the 34 regions of partition aws in the"
                                + " AWS SDK's partition metadata, such as us-east-1"),
                bad("KMS key in a region no partition lists", c -> c.json("backup", Map.of("bucket", "acme-spaces",
                                "kmsKeyArn", "arn:aws:kms:us-east-1x:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")),
                        "backup.kmsKeyArn: 'arn:aws:kms:us-east-1x:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'"
                                + " names a region that is not one of partition aws: 'us-east-1x' is not an AWS region;"
                                + " expected one of the 34 regions of partition aws in the AWS SDK's partition metadata,"
                                + " such as us-east-1"),
                bad("label key Kubernetes refuses", c -> c.json("podLabels", Map.of("bad key", "x")),
                        "podLabels: 'bad key' is not a valid label key"),
                bad("label value Kubernetes refuses", c -> c.json("podLabels", Map.of("team", "-platform")),
                        "podLabels.team: '-platform' is not a valid label value"),
                bad("missing chart version", c -> c.json("spaces", Map.of()),
                        "spaces.version: required; the exact Spaces chart version to install, such as 1.14.1"),
                bad("chart version range", c -> c.json("spaces", Map.of("version", "^1.14")),
                        "spaces.version: '^1.14' is not an exact chart version; expected MAJOR.MINOR.PATCH"),
                bad("propagation timeout that is no duration", c -> c.json("spaces", Map.of("version", "1.14.1",
                                "propagationTimeout", "10 minutes")),
                        "spaces.propagationTimeout: '10 minutes' is not a duration Kubernetes accepts"),
                bad("propagation timeout too short", c -> c.json("spaces", Map.of("version", "1.14.1",
                                "propagationTimeout", "5s")),
                        "spaces.propagationTimeout: '5s' is outside 10s to 1h0m0s; how long each rollout waits for"
                                + " Spaces to put the identity on its service account, such as 10m"),
                bad("propagation timeout too long", c -> c.json("spaces", Map.of("version", "1.14.1",
                                "propagationTimeout", "2h")),
                        "spaces.propagationTimeout: '2h' is outside 10s to 1h0m0s"),
                bad("a move from no release", c -> c.json("spaces", Map.of("version", "1.14.1",
                                "moveFrom", "upbound-system")),
                        "spaces.moveFrom: 'upbound-system' is not NAMESPACE/NAME of a Helm release; expected where this"
                                + " stack's Spaces is installed now, such as upbound-system/spaces"),
                bad("release name Helm refuses", c -> c.json("spaces", Map.of("version", "1.14.1",
                                "releaseName", "Spaces")),
                        "spaces.releaseName: 'Spaces' is not a Helm release name"),
                bad("username without password", c -> c.json("registry", Map.of("username", "robot")),
                        "registry.password: required with registry.username"),
                bad("registry credentials where they used to be", c -> c.json("spaces", Map.of("version", "1.14.1",
                                "username", "robot")),
                        "spaces.username: moved to registry.username, a key of its own, so that setting it with"
                                + " --secret does not make the chart version and Helm values secret too"),
                bad("unreadable values file", c -> c.json("spaces", Map.of("version", "1.14.1",
                                "valuesFiles", List.of("values/missing.yaml"))),
                        "spaces.valuesFiles[0]: values file 'values/missing.yaml': no such file"),
                bad("values file that is not YAML", c -> c.json("spaces", Map.of("version", "1.14.1",
                                "valuesFiles", List.of("values/broken.yaml"))),
                        "spaces.valuesFiles[0]: values file 'values/broken.yaml': not valid YAML (line "),
                bad("quota below IAM's default", c -> c.json("iam", Map.of("trustPolicyQuota", 1024)),
                        "iam.trustPolicyQuota: 1024 is below IAM's default of 2048"),
                bad("quota above what IAM grants", c -> c.json("iam", Map.of("trustPolicyQuota", 8193)),
                        "iam.trustPolicyQuota: 8193 is above the most IAM grants, 8192; expected the account's applied"
                                + " 'Role trust policy length' quota (Service Quotas, IAM), from 2048 to 8192"),
                bad("structured value that is not JSON", c -> c.set("role", "{name: [}"),
                        "role: expected an object, got the text '{name: [}' (not valid JSON)"),
                bad("conflicting role annotation in spaces.values", c -> c.json("spaces", Map.of("version", "1.14.1",
                                "values", Map.of("controlPlanes", Map.of("mxpController", Map.of("serviceAccount",
                                        Map.of("annotations", Map.of("eks.amazonaws.com/role-arn", "arn:x"))))))),
                        "spaces.values: controlPlanes.mxpController.serviceAccount.annotations[\"eks.amazonaws.com/role-arn\"]"
                                + " is 'arn:x', but this stack sets it to 'arn:aws:iam::123456789012:role/"
                                + "spaces-backup-identity-test' (the backup role's ARN); remove it or make them agree"),
                bad("conflicting role annotation in a values file", c -> c.json("spaces", Map.of("version", "1.14.1",
                                "valuesFiles", List.of("values/conflicting-annotation.yaml"))),
                        "spaces.valuesFiles[0] ('values/conflicting-annotation.yaml'): controlPlanes.mxpController"
                                + ".serviceAccount.annotations[\"eks.amazonaws.com/role-arn\"] is"
                                + " 'arn:aws:iam::123456789012:role/someone-else'"),
                bad("a look-alike of a Helm key this stack sets", c -> c.json("spaces", Map.of("version", "1.14.1",
                                "values", Map.of("controlPlanes", Map.of("mxpController", Map.of("serviceaccount",
                                        Map.of()))))),
                        "spaces.values: controlPlanes.mxpController.'serviceaccount' differs from 'serviceAccount',"
                                + " which this stack sets, only by case, whitespace or invisible characters; Helm would"
                                + " treat it as another key. Use 'serviceAccount' or remove it"),
                bad("non-map where the annotations need a map", c -> c.json("spaces", Map.of("version", "1.14.1",
                                "values", Map.of("controlPlanes", Map.of("mxpController", Map.of("serviceAccount",
                                        "mxp"))))),
                        "spaces.values: controlPlanes.mxpController.serviceAccount is 'mxp'; expected a map, because"
                                + " this stack sets controlPlanes.mxpController.serviceAccount.annotations"),
                bad("conflicting pod label", c -> c.json("podLabels", Map.of("team", "platform"))
                                .json("spaces", Map.of("version", "1.14.1", "values", Map.of("controlPlanes",
                                        Map.of("mxpController", Map.of("pod", Map.of("customLabels",
                                                Map.of("team", "data"))))))),
                        "spaces.values: controlPlanes.mxpController.pod.customLabels[\"team\"] is 'data', but this"
                                + " stack sets it to 'platform' (podLabels)"),
                bad("unknown partition", c -> c.set("oidcProviderArn",
                                "arn:aws-xx:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/X"),
                        "oidcProviderArn: 'arn:aws-xx:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/X'"
                                + " names the unknown partition 'aws-xx'; expected one of aws, aws-cn, aws-eusc, aws-iso,"
                                + " aws-iso-b, aws-iso-e, aws-iso-f, aws-us-gov"),
                bad("issuer with a scheme in the ARN", c -> c.set("oidcProviderArn",
                                "arn:aws:iam::123456789012:oidc-provider/https://oidc.example.com"),
                        "has the issuer 'https://oidc.example.com'; expected a host and path without scheme"),
                bad("malformed stack reference", c -> c.set("clusterStack", "acme/eks/dev/extra"),
                        "clusterStack: 'acme/eks/dev/extra' is not a stack reference; expected ORG/PROJECT/STACK"),
                bad("output names without a cluster stack", c -> c.json("clusterStackOutputs",
                                Map.of("kubeconfig", "adminKubeconfig")),
                        "clusterStackOutputs: set, but clusterStack is not; name the cluster stack to read them from"),
                bad("tag value IAM refuses", c -> c.json("role", Map.of("tags", Map.of("team", "a|b"))),
                        "role.tags.team: 'a|b' is not a tag value; expected at most 256 letters"),
                bad("more than 50 tags", c -> c.json("role", Map.of("tags", fiftyOneTags())),
                        "role.tags: 51 tags; IAM accepts at most 50"),
                bad("chart reference with whitespace", c -> c.json("spaces", Map.of("version", "1.14.1",
                                "chart", "oci://xpkg.upbound.io/spaces artifacts")),
                        "spaces.chart: 'oci://xpkg.upbound.io/spaces artifacts' is not a chart reference"),
                bad("registry host with a scheme", c -> c.json("spaces", Map.of("version", "1.14.1",
                                "registryHost", "https://xpkg.upbound.io")),
                        "spaces.registryHost: 'https://xpkg.upbound.io' is not a registry host; expected a host name,"
                                + " optionally with a port, such as xpkg.upbound.io"),
                bad("chart path no file system can hold", c -> c.json("spaces", Map.of("version", "1.14.1",
                                "chart", "charts/a\u0000b")),
                        "spaces.chart: 'charts/a\\u0000b' is not a usable path (InvalidPathException)"),
                bad("more values files than anyone layers", c -> c.json("spaces", Map.of("version", "1.14.1",
                                "valuesFiles", java.util.Collections.nCopies(17, "values/base.yaml"))),
                        "spaces.valuesFiles: 17 files; at most 16, each read whole: merge some of them"),
                bad("values file that is not a mapping", c -> c.json("spaces", Map.of("version", "1.14.1",
                                "valuesFiles", List.of("values/list.yaml"))),
                        "spaces.valuesFiles[0]: values file 'values/list.yaml' must hold a YAML mapping of Helm values,"
                                + " got a list"),
                bad("text where an integer goes", c -> c.json("role", Map.of("maxSessionDuration", "long")),
                        "role.maxSessionDuration: expected an integer, got 'long'"),
                bad("a list where an object goes", c -> c.json("role", List.of("name")),
                        "role: expected an object, got a list"),
                bad("text where a list goes", c -> c.json("spaces", Map.of("version", "1.14.1",
                                "valuesFiles", "values/base.yaml")),
                        "spaces.valuesFiles: expected a list of strings, got 'values/base.yaml'"),
                bad("a fraction where text goes", c -> c.json("podLabels", Map.of("version", 1.5)),
                        "podLabels.version: expected a string, got 1.5 (quote it so that it stays text)"),
                bad("a null label", c -> c.set("podLabels", "{\"team\": null}"),
                        "podLabels.team: expected a string, got null"),
                bad("labels as a list", c -> c.json("podLabels", List.of("team=platform")),
                        "podLabels: expected an object of strings, got a list"),
                bad("control planes as an object", c -> c.json("controlPlanes", Map.of("name", "a")),
                        "controlPlanes: expected a list of {name, group, id} objects, got an object"),
                bad("control plane without a name", c -> c.controlPlanes(List.of(Map.of("group", "default",
                                "id", id(1)))),
                        "controlPlanes[0].name: required; the control plane's name"),
                bad("derived cluster ARN from a non-EKS issuer", c -> c.identityMode("podIdentity")
                                .set("oidcProviderArn", "arn:aws:iam::123456789012:oidc-provider/token.example.com/k8s")
                                .set("clusterName", "acme"),
                        "clusterName: cannot derive the cluster ARN: the OIDC issuer 'token.example.com/k8s' is not an EKS"
                                + " issuer (oidc.eks.REGION.amazonaws.com/id/ID); set clusterArn"),
                bad("cluster in another region than the OIDC issuer", c -> c.identityMode("both")
                                .set("clusterArn", "arn:aws:eks:eu-west-1:123456789012:cluster/acme"),
                        "clusterArn: 'arn:aws:eks:eu-west-1:123456789012:cluster/acme' is in region eu-west-1, but the"
                                + " OIDC provider's issuer is in us-east-1; both must belong to the same cluster"),
                bad("cluster in another partition than the OIDC provider", c -> c.identityMode("both")
                                .set("clusterArn", "arn:aws-cn:eks:cn-north-1:123456789012:cluster/acme"),
                        "clusterArn: 'arn:aws-cn:eks:cn-north-1:123456789012:cluster/acme' is in partition aws-cn, but the"
                                + " OIDC provider is in aws; both must belong to the same cluster"),
bad("cluster ARN whose region is another partition's", c -> c.identityMode("both")
                                .set("clusterArn", "arn:aws-cn:eks:us-east-1:123456789012:cluster/acme"),
                        "clusterArn: 'arn:aws-cn:eks:us-east-1:123456789012:cluster/acme' names a region that is not one"
                                + " of partition aws-cn: 'us-east-1' is a region of partition aws, not aws-cn; expected"
                                + " one of the 2 regions of partition aws-cn in the AWS SDK's partition metadata, such as"
                                + " cn-north-1"),
                                bad("cluster name EKS refuses", c -> c.identityMode("podIdentity")
                                .set("clusterName", "acme dev"),
                        "clusterName: 'acme dev' is not an EKS cluster name; expected 1 to 100 letters, digits, '-' and"
                                + " '_', starting with a letter or digit"),
                bad("a typo'd top-level key", c -> c.json("controlPlane", List.of()),
                        "controlPlane: unknown key (did you mean 'controlPlanes'?); this program reads backup,"),
                bad("a typo'd nested key", c -> c.json("backup", Map.of("buckett", "acme-spaces")),
                        "backup.buckett: unknown key (did you mean 'bucket'?); accepted keys of backup:"),
                bad("a null Helm value where the SDK would drop it", c -> c
                                .json("spacesSecretValues", Map.of("license", "k")).secret("spacesSecretValues")
                                .set("spaces", "{\"version\": \"1.14.1\", \"values\": {\"features\": null}}"),
                        "spacesSecretValues: the Helm value features is null (to drop a chart default) in a map that"
                                + " also holds a secret value"),
                bad("over-quota trust policy", c -> c.controlPlanes(StackConfig.controlPlanes(40)),
                        "controlPlanes: the irsa trust policy for 40 control planes is 3916 characters (without whitespace),"
                                + " over the role trust policy quota of 2048 (iam.trustPolicyQuota); 18 of these 40"
                                + " control planes fit. Ways out: (1) ask AWS to raise the quota"));
    }

    private static Map<String, String> fiftyOneTags() {
        var tags = new java.util.TreeMap<String, String>();
        for (int i = 0; i < 51; i++) {
            tags.put("tag-" + i, "v");
        }
        return tags;
    }

    static Arguments bad(String what, UnaryOperator<StackConfig> change, String message) {
        return Arguments.of(what, change, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void isRejectedWithItsMessageAndNothingIsRegistered(String what, UnaryOperator<StackConfig> change,
                                                        String message) {
        assertRejected(change, message);
    }

    /** The change to a valid config fails with {@code message}, before any resource is registered. */
    static void assertRejected(UnaryOperator<StackConfig> change, String message) {
        var result = StackRun.of(change.apply(StackConfig.valid()));

        assertThat(result.error()).get().isInstanceOf(InvalidConfigException.class);
        assertThat(result.error().get().getMessage()).contains(message);
        assertThat(result.registrations()).isEmpty();
    }
}
