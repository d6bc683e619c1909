package spacesbackupidentity.summary;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spacesbackupidentity.config.ConfigJson;
import spacesbackupidentity.render.Render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** The review summary of the shipped stacks, and of changes between two renders. */
class StackSummaryTest {
    static final Path PROJECT = Path.of(".");
    static final Path DEV_OUTPUTS = Path.of("examples/eks-cluster-dev.outputs.json");
    static final Path PROD_OUTPUTS = Path.of("examples/eks-cluster-prod.outputs.json");
    static final String DEV_ROLE = "arn:aws:iam::111122223333:role/spaces-backup-identity-dev";
    static final String DEV_ISSUER = "oidc.eks.us-east-1.amazonaws.com/id/5C8E9A3F1D2B4C6E8A0B2D4F6A8C0E2B";

    static String summary(String stack, Path outputs) {
        return Render.summary(PROJECT, stack, Optional.of(outputs), Optional.empty());
    }

    static String[] lines(String markdown) {
        return markdown.split("\n");
    }

    @Test
    void devSaysWhoMayAssumeTheRoleWhatItMayDoAndWhatItIsMadeFrom() {
        var dev = summary("dev", DEV_OUTPUTS);

        assertThat(lines(dev)).startsWith("## `dev`: what this stack deploys", "",
                "Made from `Pulumi.dev.yaml` and the cluster outputs `examples/eks-cluster-dev.outputs.json` for the"
                        + " cluster stack `acme/eks-cluster/dev`, rendered offline (project `spaces-backup-identity`).");
        assertThat(lines(dev)).contains(
                "### Role `spaces-backup-identity-dev`",
                "`" + DEV_ROLE + "` · path `/` · sessions up to `3600` s · tags `environment=dev`, `owner=platform`",
                "- Allow `sts:AssumeRoleWithWebIdentity` to Federated `arn:aws:iam::111122223333:oidc-provider/"
                        + DEV_ISSUER + "` when `StringEquals` `" + DEV_ISSUER + ":aud` = `sts.amazonaws.com` and"
                        + " `StringEquals` `" + DEV_ISSUER + ":sub` = the service account of each namespace below",
                "IRSA: the web identity token of service account `mxp-controller` in any of these 3 namespaces:",
                "| `default` | `orders` | `mxp-3f2c9a4e-5b1d-4c7e-9a8f-0d1e2f3a4b5c-system` |",
                "| `default` | `payments` | `mxp-8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d-system` |",
                "| `team-infra` | `platform` | `mxp-c0ffee00-1234-4abc-9def-0123456789ab-system` |",
                "Inline policy `spaces-backup-objects`:",
                "- Allow `s3:ListBucket` on `arn:aws:s3:::acme-spaces-backups-dev` when `StringLike` `s3:prefix` = any"
                        + " of `dev/`, `dev/*`",
                "- Allow `s3:DeleteObject`, `s3:GetObject`, `s3:PutObject` on `arn:aws:s3:::acme-spaces-backups-dev/dev/*`",
                "- `account` = `acme`",
                "- `controlPlanes.mxpController.pod.customLabels.team` = `platform`",
                "- `controlPlanes.mxpController.serviceAccount.annotations[\"eks.amazonaws.com/role-arn\"]` = `"
                        + DEV_ROLE + "`",
                "| `default` | `default`: `s3://acme-spaces-backups-dev/dev` in `us-east-1` via"
                        + " `s3.us-east-1.amazonaws.com`, credentials `InjectedIdentity` | `default`: `0 */6 * * *`,"
                        + " kept `168h`, for `orders`, `payments` |",
                "- `aws` default provider (plugin `6.83.0`), from the stack's `aws:` keys: `aws:allowedAccountIds` ="
                        + " `[\"111122223333\"]`, `aws:region` = `us-east-1`",
                "  - tags added to every AWS resource: none (no aws:defaultTags)",
                "- `kubernetes` provider `spaces-cluster` (plugin `4.32.0`): `enableServerSideApply` = `true`,"
                        + " `kubeconfig` = `[secret]`, `upsertExistingObjects` = `false`");
        assertThat(dev).contains("3 `mxp-controller` deployments, one per control plane, carry the pod-template"
                + " annotation `spaces-backup-identity/identity-digest` = `2a940d45adf16014d0b90309877ae20b13fc88aea1ee831"
                + "afb8c6b8823169646`").doesNotContain("Changes against").doesNotContain("unmasked:");
    }

    /** 25 control planes with Pod Identity: the associations with their cluster and region, under 200 lines. */
    @Test
    void prodShowsThePodIdentityAssociationsWithClusterAndRegionInUnder200Lines() {
        var prod = summary("prod", PROD_OUTPUTS);

        assertThat(lines(prod)).hasSizeLessThan(200).contains(
                "- Allow `sts:AssumeRole`, `sts:TagSession` to Service `pods.eks.amazonaws.com` when `StringEquals`"
                        + " `aws:RequestTag/eks-cluster-arn` = `arn:aws:eks:eu-central-1:444455556666:cluster/acme-prod`"
                        + " and `StringEquals` `aws:RequestTag/kubernetes-service-account` = `mxp-controller`",
                "Pod Identity: 25 associations on cluster `acme-prod` in `eu-central-1` (aws:region) bind service"
                        + " account `mxp-controller` in these 25 namespaces:",
                "| `payments` | `ledger` | `mxp-4ba71ab7-ac05-44a5-acc6-be1805fdf179-system` |",
                "| `identity` | `access` | `mxp-031dd09c-ba42-4f7d-86d2-73d347ce4769-system` |",
                "- Allow `kms:Decrypt`, `kms:GenerateDataKey` on `arn:aws:kms:eu-central-1:444455556666:key/"
                        + "2f1e0d9c-8b7a-4c6d-9e5f-4a3b2c1d0e9f` when `StringEquals` `kms:ViaService` ="
                        + " `s3.eu-central-1.amazonaws.com` and `StringLike` `kms:EncryptionContext:aws:s3:arn` = any of"
                        + " `arn:aws:s3:::acme-spaces-backups-prod`, `arn:aws:s3:::acme-spaces-backups-prod/prod/*`",
                "| `data` | `default`: `s3://acme-spaces-backups-prod/prod` in `eu-central-1` via"
                        + " `s3.eu-central-1.amazonaws.com`, credentials `InjectedIdentity` | none |");
        assertThat(Arrays.stream(lines(prod)).filter(l -> l.matches("\\| `[a-z]+` \\| `[a-z]+` \\| `mxp-.*-system` \\|")))
                .as("one row per control plane, once for the three workloads of every control plane").hasSize(25);
        assertThat(prod).doesNotContain("IRSA").doesNotContain("eks.amazonaws.com/role-arn");
    }

    /** Every workload's role, who may assume it, what it may do, and what it rolls. */
    @Test
    void prodDescribesEveryWorkloadsRoleTrustAndPermissions() {
        var prod = lines(summary("prod", PROD_OUTPUTS));

        assertThat(prod).contains(
                "### Role `spaces-backup-identity-prod-shared-secrets`",
                "Pod Identity: 25 associations on cluster `acme-prod` in `eu-central-1` (aws:region) bind service"
                        + " account `external-secrets-controller` in the same 25 namespaces as above.",
                "- Allow `secretsmanager:DescribeSecret`, `secretsmanager:GetSecretValue` on"
                        + " `arn:aws:secretsmanager:eu-central-1:444455556666:secret:spaces/prod/*`",
                "- Allow `ssm:GetParameter` on `arn:aws:ssm:eu-central-1:444455556666:parameter/spaces/prod/*`",
                "### Role `spaces-backup-identity-prod-space-backups`",
                "Pod Identity: 1 association on cluster `acme-prod` in `eu-central-1` (aws:region) binds service"
                        + " account `spaces-controller` in `upbound-system` (no control plane's).",
                "- Allow `s3:DeleteObject`, `s3:GetObject`, `s3:PutObject` on `arn:aws:s3:::acme-spaces-dr-prod/prod/*`",
                "### Role `spaces-backup-identity-prod-billing`",
                "- Allow `s3:GetObject`, `s3:PutObject` on `arn:aws:s3:::acme-spaces-billing-prod/*`",
                "Space backups: SpaceBackupConfig `default` (cluster-scoped): `s3://acme-spaces-dr-prod/prod` in"
                        + " `eu-central-1` via `s3.eu-central-1.amazonaws.com`, credentials `InjectedIdentity`; kept on"
                        + " destroy.",
                "It waits first, up to 600 s, until the service account `spaces-controller` has no web-identity role"
                        + " annotation, as the chart makes it from the release's values (the Kubernetes provider's"
                        + " `pulumi.com/waitFor`); when it has not by then, the update fails and nothing rolls.")
                .anySatisfy(l -> assertThat(l).startsWith("- Allow `sts:AssumeRole`, `sts:TagSession` to Service"
                        + " `pods.eks.amazonaws.com` when `StringEquals` `aws:RequestTag/eks-cluster-arn` ="
                        + " `arn:aws:eks:eu-central-1:444455556666:cluster/acme-prod` and `StringEquals`"
                        + " `aws:RequestTag/kubernetes-namespace` = `upbound-system`"))
                .anySatisfy(l -> assertThat(l).startsWith("25 `vector` deployments, one per control plane"))
                .anySatisfy(l -> assertThat(l).startsWith("25 `external-secrets` deployments, one per control plane"))
                .noneMatch(l -> l.contains("**Other**"));
    }

    /** Migrating (both): two trust statements, the namespaces listed once; default tags in words. */
    @Test
    void bothModesAndDefaultTags(@TempDir Path dir) throws IOException {
        var head = stack(dir.resolve("head"), "dev", yaml -> yaml.replace("  aws:region: us-east-1\n",
                "  aws:region: us-east-1\n  aws:defaultTags: {tags: {cost-center: platform}}\n"
                        + "  spaces-backup-identity:identity: {mode: both}\n"));

        var summary = Render.summary(head, "dev", Optional.of(DEV_OUTPUTS.toAbsolutePath()), Optional.empty());

        assertThat(lines(summary)).contains(
                "IRSA: the web identity token of service account `mxp-controller` in any of these 3 namespaces:",
                "- Allow `sts:AssumeRole`, `sts:TagSession` to Service `pods.eks.amazonaws.com` when `StringEquals`"
                        + " `aws:RequestTag/eks-cluster-arn` = `arn:aws:eks:us-east-1:111122223333:cluster/acme-dev`"
                        + " and `StringEquals` `aws:RequestTag/kubernetes-service-account` = `mxp-controller`",
                "Pod Identity: 3 associations on cluster `acme-dev` in `us-east-1` (aws:region) bind service account"
                        + " `mxp-controller` in the same 3 namespaces as above.",
                "  - tags added to every AWS resource: `cost-center=platform`");
        assertThat(Arrays.stream(lines(summary)).filter(l -> l.startsWith("| `default` | `orders` |")))
                .as("the table once").hasSize(1);
    }

    /** A second control plane in team-infra, SSE-KMS, and a new role name, against the shipped dev render. */
    @Test
    void changesBetweenTwoRendersSubjectsActionsAndRolls(@TempDir Path dir) throws IOException {
        var base = dir.resolve("base.json");
        Files.writeString(base, Render.render(PROJECT, "dev", Optional.of(DEV_OUTPUTS), Optional.empty()));
        var head = stack(dir.resolve("head"), "dev", yaml -> yaml
                .replace("      id: c0ffee00-1234-4abc-9def-0123456789ab\n", "      id: c0ffee00-1234-4abc-9def-0123456789ab\n"
                        + "    - name: search\n      group: team-infra\n      id: 5eac4000-1234-4abc-9def-0123456789ab\n")
                .replace("    prefix: dev\n", "    prefix: dev\n    kmsKeyArn: arn:aws:kms:us-east-1:111122223333:key/"
                        + "2f1e0d9c-8b7a-4c6d-9e5f-4a3b2c1d0e9f\n")
                .replace("  spaces-backup-identity:role:\n", "  spaces-backup-identity:role:\n    name: spaces-backups-dev\n"));

        var summary = Render.summary(head, "dev", Optional.of(DEV_OUTPUTS.toAbsolutePath()), Optional.of(base));

        var changes = section(summary, "### Changes against `" + base + "`");
        assertThat(changes).containsExactly(
                "The base: made from `Pulumi.dev.yaml` and the cluster outputs `examples/eks-cluster-dev.outputs.json`"
                        + " for the cluster stack `acme/eks-cluster/dev`.",
                "- **Role** `spaces-backups-dev`: renamed from `spaces-backup-identity-dev`, which replaces the role: its"
                        + " ARN `" + DEV_ROLE + "` → `arn:aws:iam::111122223333:role/spaces-backups-dev`",
                "- **Who may assume the role**: added service account `mxp-controller` in"
                        + " `mxp-5eac4000-1234-4abc-9def-0123456789ab-system` (`team-infra/search`) (IRSA)",
                "- **What the role may do**: added Allow `kms:Decrypt`, `kms:GenerateDataKey` on"
                        + " `arn:aws:kms:us-east-1:111122223333:key/2f1e0d9c-8b7a-4c6d-9e5f-4a3b2c1d0e9f` when"
                        + " `StringEquals` `kms:ViaService` = `s3.us-east-1.amazonaws.com` and `StringLike`"
                        + " `kms:EncryptionContext:aws:s3:arn` = any of `arn:aws:s3:::acme-spaces-backups-dev`,"
                        + " `arn:aws:s3:::acme-spaces-backups-dev/dev/*`",
                "- **Rolls**: all 3 existing `mxp-controller` deployments, because the role ARN (`" + DEV_ROLE + "` →"
                        + " `arn:aws:iam::111122223333:role/spaces-backups-dev`), and the service-account annotation (`"
                        + DEV_ROLE + "` → `arn:aws:iam::111122223333:role/spaces-backups-dev`) changed",
                "- **Rolls**: `team-infra/search`, once: a new control plane's `mxp-controller` gets its first patch",
                "- **Spaces release**: `upbound-system/spaces` Release: `values.controlPlanes.mxpController"
                        + ".serviceAccount.annotations[\"eks.amazonaws.com/role-arn\"]`: `" + DEV_ROLE + "` →"
                        + " `arn:aws:iam::111122223333:role/spaces-backups-dev`",
                "- **Backup objects**: `team-infra/default` SharedBackupSchedule: `spec.controlPlaneSelector.names[1]`"
                        + " added: `search`");
        assertThat(summary).contains("### Role `spaces-backups-dev`",
                "| `team-infra` | `search` | `mxp-5eac4000-1234-4abc-9def-0123456789ab-system` |");
    }

    /** Pod Identity: a control plane added is one association and one rollout; removing the KMS key removes actions. */
    @Test
    void prodAControlPlaneAddedAndTheKmsActionsRemoved(@TempDir Path dir) throws IOException {
        var base = dir.resolve("base.json");
        Files.writeString(base, Render.render(PROJECT, "prod", Optional.of(PROD_OUTPUTS), Optional.empty()));
        var head = stack(dir.resolve("head"), "prod", yaml -> yaml
                .replace("    - name: ledger\n", "    - name: payouts\n      group: payments\n"
                        + "      id: 7a0e1f2d-3c4b-4a59-8687-96a5b4c3d2e1\n    - name: ledger\n")
                .replace("    kmsKeyArn: arn:aws:kms:eu-central-1:444455556666:key/2f1e0d9c-8b7a-4c6d-9e5f-4a3b2c1d0e9f\n",
                        ""));

        var summary = Render.summary(head, "prod", Optional.of(PROD_OUTPUTS.toAbsolutePath()), Optional.of(base));

        var payouts = " in `mxp-7a0e1f2d-3c4b-4a59-8687-96a5b4c3d2e1-system` (`payments/payouts`) on cluster `acme-prod`"
                + " in `eu-central-1` to `arn:aws:iam::444455556666:role/spaces/spaces-backup-identity-prod";
        assertThat(section(summary, "### Changes against `" + base + "`")).contains(
                "- **Who may assume the role**: added Pod Identity association of `external-secrets-controller`"
                        + payouts + "-shared-secrets`, Pod Identity association of `mxp-controller`" + payouts
                        + "`, Pod Identity association of `vector`" + payouts + "-billing`",
                "- **What the role may do**: removed Allow `kms:Decrypt`, `kms:GenerateDataKey` on"
                        + " `arn:aws:kms:eu-central-1:444455556666:key/2f1e0d9c-8b7a-4c6d-9e5f-4a3b2c1d0e9f` when"
                        + " `StringEquals` `kms:ViaService` = `s3.eu-central-1.amazonaws.com` and `StringLike`"
                        + " `kms:EncryptionContext:aws:s3:arn` = any of `arn:aws:s3:::acme-spaces-backups-prod`,"
                        + " `arn:aws:s3:::acme-spaces-backups-prod/prod/*`",
                "- **Rolls**: `payments/payouts`, once: a new control plane's `mxp-controller` gets its first patch",
                "- **Rolls**: `shared-secrets-rollout-payments/payouts`, once: a new control plane's `external-secrets`"
                        + " gets its first patch",
                "- **Rolls**: `billing-rollout-payments/payouts`, once: a new control plane's `vector` gets its first"
                        + " patch")
                .noneMatch(l -> l.startsWith("- **Rolls**: all"));
        assertThat(lines(summary)).hasSizeLessThan(200);
    }

    @Test
    void theSameRenderTwiceIsNoChange(@TempDir Path dir) throws IOException {
        var base = dir.resolve("base.json");
        Files.writeString(base, Render.render(PROJECT, "dev", Optional.of(DEV_OUTPUTS), Optional.empty()));

        var summary = Render.summary(PROJECT, "dev", Optional.of(DEV_OUTPUTS), Optional.of(base));

        assertThat(section(summary, "### Changes against `" + base + "`")).endsWith("No change: the two renders declare"
                + " the same resources with the same inputs and settings.").noneMatch(l -> l.startsWith("- "));
    }

    /** The base of a pull request may predate madeFrom and defaultProviders: read as unknown, and said so. */
    @Test
    @SuppressWarnings("unchecked")
    void aBaseRenderFromBeforeTheseSectionsStillCompares() {
        var full = (Map<String, Object>) ConfigJson.parse(Render.render(PROJECT, "dev", Optional.of(DEV_OUTPUTS),
                Optional.empty()));
        var old = new LinkedHashMap<>(full);
        old.remove("madeFrom");
        old.remove("defaultProviders");

        var summary = StackSummary.of(RenderedStack.of(full), Optional.of(new StackSummary.Base("old.json",
                RenderedStack.of(old))));

        assertThat(section(summary, "### Changes against `old.json`")).containsExactly(
                "The base: made from a render that does not name its files (made before renders did).",
                "- **Rolls**: none; no `mxp-controller` restarts",
                "- **Default provider**: the base render does not show its settings (made before renders did), so they"
                        + " cannot be compared; the head's are under Provider settings");
    }

    /** A value is text in a code span: it cannot add a line, a list item or a table cell to the comment. */
    @Test
    void aValueCannotWriteMarkdownOfItsOwn(@TempDir Path dir) throws IOException {
        var head = stack(dir.resolve("head"), "dev", yaml -> yaml.replace("      account: acme\n",
                "      account: acme\n      note: \"``x`` | y\\n- **Rolls**: none <img src=x>\"\n"));

        var summary = Render.summary(head, "dev", Optional.of(DEV_OUTPUTS.toAbsolutePath()), Optional.empty());

        assertThat(lines(summary)).contains("- `note` = ``` ``x`` | y\\u000A- **Rolls**: none <img src=x> ```")
                .noneMatch(l -> l.startsWith("- **Rolls**"));
        assertThat(Markdown.cell("a|b")).isEqualTo("`a\\|b`");
        assertThat(Markdown.code("`")).isEqualTo("`` ` ``");
    }

    /** A copy of the project with one stack file changed. */
    static Path stack(Path dir, String stack, UnaryOperator<String> change) throws IOException {
        Files.createDirectories(dir);
        Files.copy(Path.of("Pulumi.yaml"), dir.resolve("Pulumi.yaml"));
        var file = "Pulumi." + stack + ".yaml";
        var original = Files.readString(Path.of(file));
        var changed = change.apply(original);
        assertThat(changed).as("the change applies").isNotEqualTo(original);
        Files.writeString(dir.resolve(file), changed);
        return dir;
    }

    /** The lines of a section, without its heading and blank lines, up to the next heading. */
    static java.util.List<String> section(String markdown, String heading) {
        var all = Arrays.asList(lines(markdown));
        var start = all.indexOf(heading);
        assertThat(start).as(heading).isNotNegative();
        var result = new java.util.ArrayList<String>();
        for (var line : all.subList(start + 1, all.size())) {
            if (line.startsWith("#")) {
                break;
            }
            if (!line.isEmpty()) {
                result.add(line);
            }
        }
        return result;
    }
}
