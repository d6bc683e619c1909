package spacesbackupidentity.render;

import com.google.gson.Gson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import spacesbackupidentity.App;
import spacesbackupidentity.Declared;
import spacesbackupidentity.config.HelmYaml;
import spacesbackupidentity.offline.OfflineRun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The offline render of the shipped dev environment, its documents, and its guarantees. */
@SuppressWarnings("unchecked")
class RenderTest {
    static final Path PROJECT = Path.of(".");
    static final Path DEV_OUTPUTS = Path.of("examples/eks-cluster-dev.outputs.json");
    static final Path GOLDEN = Path.of("src/test/resources/render/dev.json");

    static String renderDev(Optional<Render.Only> only) {
        return Render.render(PROJECT, "dev", Optional.of(DEV_OUTPUTS), only);
    }

    static final Path PROD_OUTPUTS = Path.of("examples/eks-cluster-prod.outputs.json");

    static String renderProd() {
        return Render.render(PROJECT, "prod", Optional.of(PROD_OUTPUTS), Optional.empty());
    }

    /** One document of {@code workload}'s role, as {@code render --workload} prints it, in a DIY backend's organization. */
    private static String workloadDocument(Path projectDir, String stack, Optional<Path> clusterOutputsFile,
                                           Optional<Render.Only> only, Optional<String> workload) {
        return Render.render(projectDir, stack, OfflineRun.DEFAULT_ORGANIZATION, clusterOutputsFile, only, workload);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String json) {
        return new Gson().fromJson(json, Map.class);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> resource(Map<String, Object> rendered, String type, String name) {
        return ((List<Map<String, Object>>) rendered.get("resources")).stream()
                .filter(r -> r.get("type").equals(type) && r.get("name").equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theFullRenderOfDevMatchesTheGoldenFile() throws IOException {
        var rendered = renderDev(Optional.empty());
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(GOLDEN, rendered);
        }
        assertThat(rendered).isEqualTo(Files.readString(GOLDEN));
    }

    /** Outputs files are committed for the fork render-diff: one made with --show-secrets is refused. */
    @Test
    void anOutputsFileWithThePlainKubeconfigIsRefused(@TempDir Path dir) throws IOException {
        var plain = dir.resolve("outputs.json");
        Files.writeString(plain, Files.readString(DEV_OUTPUTS).replace("\"[secret]\"",
                "\"apiVersion: v1\\nkind: Config\\nusers:\\n- name: admin\\n  user: {token: s3cr3t}\\n\""));

        assertThatThrownBy(() -> Render.render(PROJECT, "dev", Optional.of(plain), Optional.empty()))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("--cluster-outputs " + plain + ": output 'kubeconfig' is in plain text (made with"
                        + " --show-secrets?)")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void twoRendersAreByteIdentical() {
        assertThat(renderDev(Optional.empty())).isEqualTo(renderDev(Optional.empty()));
        assertThat(renderDev(Optional.of(Render.Only.VALUES))).isEqualTo(renderDev(Optional.of(Render.Only.VALUES)));
    }

    @Test
    void theRenderPrintsWhatTheEngineReceivesSecretsAsMarked() throws IOException {
        var offline = Render.configOf(PROJECT, "dev");
        var result = OfflineRun.run(offline.project().name(), "dev", offline.config(),
                Render.offlineCloud(Optional.of(DEV_OUTPUTS)), ctx -> App.program(ctx, PROJECT, false));
        var rendered = parse(renderDev(Optional.empty()));

        for (var registration : result.registrations()) {
            var renderedInputs = resource(rendered, registration.type(), registration.name()).get("inputs");
            assertThat(Render.shown(renderedInputs)).as("%s %s", registration.type(), registration.name())
                    .isEqualTo(Render.shown(registration.inputs()));
        }
        var provider = (Map<String, Object>) resource(rendered, Declared.PROVIDER, "spaces-cluster").get("inputs");
        assertThat(provider).containsEntry("kubeconfig", "[secret]");
        assertThat(Declared.secretValue(result.registration(Declared.PROVIDER, "spaces-cluster").orElseThrow()
                .inputs().get("kubeconfig"))).as("the example marks it secret: `pulumi stack output --json` prints"
                + " [secret]").isEqualTo("unmasked:clusterStack:kubeconfig");
        assertThat(Render.shown(rendered.get("outputs"))).isEqualTo(Render.shown(result.outputs()));
    }

    @Test
    void resourcesComeInDeclarationOrderWithTheirDependenciesAndOptions() {
        var rendered = parse(renderDev(Optional.empty()));

        @SuppressWarnings("unchecked")
        var resources = (List<Map<String, Object>>) rendered.get("resources");
        assertThat(resources).extracting(r -> r.get("name")).containsExactly("cluster", "previous-deployment",
                "backup-role",
                "backup-role-permissions", "spaces-cluster", "spaces-release", "service-account-identity-default/orders",
                "service-account-identity-default/payments", "service-account-identity-team-infra/platform",
                "rollout-default/orders", "rollout-default/payments", "rollout-team-infra/platform",
                "shared-backup-config-default",
                "shared-backup-config-team-infra", "shared-backup-schedule-default", "shared-backup-schedule-team-infra");
        assertThat(rendered.keySet()).containsExactly("project", "stack", "madeFrom", "defaultProviders", "resources",
                "outputs");
        var release = resource(rendered, Declared.RELEASE, "spaces-release");
        assertThat(release.get("dependsOn")).isEqualTo(List.of("backup-role", "backup-role-permissions"));
        assertThat(release.get("options")).isEqualTo(Map.of("provider", "spaces-cluster", "version", "4.32.0",
                "retainOnDelete", true));
        assertThat(resource(rendered, Declared.ROLE_POLICY, "backup-role-permissions").get("dependsOn"))
                .as("the engine's dependencies: the policy names the role").isEqualTo(List.of("backup-role"));
        assertThat(resource(rendered, Declared.STACK_REFERENCE, "cluster").get("options"))
                .isEqualTo(Map.of("read", "acme/eks-cluster/dev"));
    }

    /**
     * What no resource's inputs show: the files the render was made from (relative to the project,
     * so renders of two checkouts compare), and the default AWS provider's settings, which the engine
     * takes from the stack's aws: keys, as text.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theRenderNamesItsFilesAndTheDefaultProvidersSettings() {
        var rendered = parse(renderDev(Optional.empty()));

        assertThat(rendered.get("madeFrom")).isEqualTo(Map.of("stackFile", "Pulumi.dev.yaml",
                "clusterOutputs", "examples/eks-cluster-dev.outputs.json"));
        assertThat(parse(Render.render(PROJECT, "dev", Optional.of(DEV_OUTPUTS.toAbsolutePath()), Optional.empty()))
                .get("madeFrom")).as("inside the project: relative, however it was given")
                .isEqualTo(rendered.get("madeFrom"));
        assertThat(rendered.get("defaultProviders")).isEqualTo(Map.of("aws", Map.of("version", "6.83.0",
                "config", Map.of("region", "us-east-1", "allowedAccountIds", "[\"111122223333\"]"))));
        assertThat((List<Map<String, Object>>) rendered.get("resources"))
                .filteredOn(r -> ((String) r.get("type")).startsWith("aws:"))
                .as("the resources that take these settings: no explicit provider").isNotEmpty()
                .allMatch(r -> !((Map<String, Object>) r.get("options")).containsKey("provider"));
    }

    /** Outputs of the dev cluster given for prod: one message naming the file's account and region and the stack's. */
    @Test
    void clusterOutputsOfAnotherAccountAndRegionAreRefusedNamingBoth() {
        assertThatThrownBy(() -> Render.render(PROJECT, "prod", Optional.of(DEV_OUTPUTS), Optional.empty()))
                .isInstanceOf(RenderException.class)
                .hasMessage("Pulumi.prod.yaml: invalid configuration (2 problems):\n"
                        + "  - clusterStack: the OIDC provider of its outputs, 'arn:aws:iam::111122223333:oidc-provider/"
                        + "oidc.eks.us-east-1.amazonaws.com/id/5C8E9A3F1D2B4C6E8A0B2D4F'... (108 characters in all) is in"
                        + " account 111122223333, but aws:allowedAccountIds allows only 444455556666; the role is made in,"
                        + " and its ARN predicted for, that account, so it must be the one this stack deploys to: point"
                        + " clusterStack at the cluster stack of the right account (the outputs of another cluster?)"
                        + " (offline, the outputs of clusterStack are the file --cluster-outputs"
                        + " examples/eks-cluster-dev.outputs.json)\n"
                        + "  - clusterStack: the EKS cluster of its outputs, 'arn:aws:eks:us-east-1:111122223333:cluster/"
                        + "acme-dev' is in region us-east-1, but aws:region is eu-central-1, where the AWS provider would"
                        + " make the Pod Identity associations (for a cluster of that name there, or none); set aws:region"
                        + " to us-east-1, or point clusterStack at the cluster stack of the right region (the outputs of"
                        + " another cluster?) (offline, the outputs of clusterStack are the file --cluster-outputs"
                        + " examples/eks-cluster-dev.outputs.json)");
        assertThatThrownBy(() -> Render.render(PROJECT, "dev", Optional.of(PROD_OUTPUTS), Optional.empty()))
                .isInstanceOf(RenderException.class)
                .hasMessageStartingWith("Pulumi.dev.yaml: invalid configuration: clusterStack: the OIDC provider of its"
                        + " outputs, 'arn:aws:iam::444455556666:oidc-provider/")
                .hasMessageContaining("is in account 444455556666, but aws:allowedAccountIds allows only 111122223333")
                .hasMessageEndingWith(" (offline, the outputs of clusterStack are the file --cluster-outputs "
                        + "examples/eks-cluster-prod.outputs.json)");
    }

    @Test
    void onlyTheTrustPolicyPrettyPrintedForIam() {
        var trust = renderDev(Optional.of(Render.Only.TRUST_POLICY));
        var outputs = (Map<String, Object>) parse(renderDev(Optional.empty())).get("outputs");

        assertThat(trust).contains("\n  \"Statement\"").endsWith("}\n");
        assertThat(IamPolicy.fromJson(trust)).isEqualTo(IamPolicy.fromJson((String) outputs.get("trustPolicy")));
    }

    @Test
    void onlyThePermissionsPolicy() {
        var permissions = renderDev(Optional.of(Render.Only.PERMISSIONS));
        var outputs = (Map<String, Object>) parse(renderDev(Optional.empty())).get("outputs");

        assertThat(IamPolicy.fromJson(permissions))
                .isEqualTo(IamPolicy.fromJson((String) outputs.get("permissionsPolicy")));
        assertThat(permissions).contains("\"s3:ListBucket\"");
    }

    /** Each workload's role's documents, by --workload; control-plane backups' without it. */
    @Test
    @SuppressWarnings("unchecked")
    void eachWorkloadsPoliciesOneAtATime() {
        var outputs = (Map<String, Object>) parse(renderProd()).get("outputs");
        var prod = Optional.of(Path.of("examples/eks-cluster-prod.outputs.json"));

        for (var workload : List.of("sharedSecrets", "spaceBackups", "billing")) {
            var figures = (Map<String, Object>) outputs.get(workload);
            var trust = workloadDocument(PROJECT, "prod", prod, Optional.of(Render.Only.TRUST_POLICY), Optional.of(workload));
            var permissions = workloadDocument(PROJECT, "prod", prod, Optional.of(Render.Only.PERMISSIONS),
                    Optional.of(workload));
            assertThat(IamPolicy.fromJson(trust)).as(workload).isEqualTo(IamPolicy.fromJson((String) figures.get("trustPolicy")));
            assertThat(IamPolicy.fromJson(permissions)).as(workload)
                    .isEqualTo(IamPolicy.fromJson((String) figures.get("permissionsPolicy")));
            assertThat(trust).contains("\n  \"Statement\"").endsWith("}\n");
        }
        assertThat(workloadDocument(PROJECT, "prod", prod, Optional.of(Render.Only.TRUST_POLICY),
                Optional.of("controlPlaneBackups"))).isEqualTo(Render.render(PROJECT, "prod", prod,
                Optional.of(Render.Only.TRUST_POLICY)));
        assertThatThrownBy(() -> workloadDocument(PROJECT, "dev", Optional.of(DEV_OUTPUTS),
                Optional.of(Render.Only.PERMISSIONS), Optional.of("billing"))).isInstanceOf(RenderException.class)
                .hasMessage("--workload: this stack does not manage billing (billing), so it has no role for it; name"
                        + " one it manages with --workload: controlPlaneBackups");
        assertThatThrownBy(() -> workloadDocument(PROJECT, "dev", Optional.of(DEV_OUTPUTS),
                Optional.of(Render.Only.PERMISSIONS), Optional.of("vector"))).isInstanceOf(RenderException.class)
                .hasMessage("--workload: 'vector' is not a workload; expected one this stack manages:"
                        + " controlPlaneBackups");
        assertThatThrownBy(() -> workloadDocument(PROJECT, "dev", Optional.of(DEV_OUTPUTS),
                Optional.of(Render.Only.VALUES), Optional.of("billing"))).isInstanceOf(RenderException.class)
                .hasMessage("--workload: names whose role --only trust-policy or --only permissions prints; the values"
                        + " are the one release's, for every workload");
        assertThatThrownBy(() -> workloadDocument(PROJECT, "dev", Optional.of(DEV_OUTPUTS), Optional.empty(),
                Optional.of("billing"))).isInstanceOf(RenderException.class)
                .hasMessage("--workload: names whose role --only trust-policy or --only permissions prints; use it with"
                        + " one of them");
    }

    @Test
    void withoutControlPlaneBackupsTheirDocumentsNeedAWorkload(@TempDir Path dir) throws IOException {
        Files.copy(Path.of("Pulumi.yaml"), dir.resolve("Pulumi.yaml"));
        Files.writeString(dir.resolve("Pulumi.eso.yaml"), """
                config:
                  aws:region: us-east-1
                  spaces-backup-identity:oidcProviderArn: arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC
                  spaces-backup-identity:kubeconfig: "apiVersion: v1\\nkind: Config\\nclusters: []\\n"
                  spaces-backup-identity:controlPlanes:
                    - {name: a, group: default, id: 3f2c9a4e-5b1d-4c7e-9a8f-0d1e2f3a4b5c}
                  spaces-backup-identity:spaces: {version: 1.14.1}
                  spaces-backup-identity:workloads: {controlPlaneBackups: false, sharedSecrets: true}
                """);

        assertThatThrownBy(() -> Render.render(dir, "eso", Optional.empty(), Optional.of(Render.Only.TRUST_POLICY)))
                .isInstanceOf(RenderException.class).hasMessage("--only trust-policy: this stack does not manage"
                        + " control-plane backups (controlPlaneBackups), so it has no role for it; name one it manages"
                        + " with --workload: sharedSecrets");
        assertThat(workloadDocument(dir, "eso", Optional.empty(), Optional.of(Render.Only.TRUST_POLICY),
                Optional.of("sharedSecrets"))).contains(":external-secrets-controller\"");
    }

    @Test
    void onlyTheMergedHelmValuesAsYaml() {
        var values = renderDev(Optional.of(Render.Only.VALUES));
        var release = resource(parse(renderDev(Optional.empty())), Declared.RELEASE, "spaces-release");

        assertThat(HelmYaml.parse(values)).isEqualTo(Render.shown(((Map<?, ?>) release.get("inputs")).get("values")));
        assertThat(values).startsWith("account: acme\ncontrolPlanes:\n  mxpController:\n")
                .contains("        eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/spaces-backup-identity-dev\n");
    }

    @Test
    void prodServesMoreControlPlanesWithPodIdentityThanIrsaFits(@TempDir Path dir) throws IOException {
        var prod = parse(renderProd());
        @SuppressWarnings("unchecked")
        var resources = (List<Map<String, Object>>) prod.get("resources");
        var outputs = (Map<String, Object>) prod.get("outputs");

        // Four workloads: three of every control plane (25 each) and the Space's one.
        assertThat(resources).filteredOn(r -> r.get("type").equals(Declared.ASSOCIATION)).hasSize(3 * 25 + 1);
        assertThat(resources).filteredOn(r -> r.get("type").equals(Declared.PATCH)).hasSize(3 * 25 + 1);
        assertThat(resources).filteredOn(r -> r.get("type").equals(Declared.ROLE)).hasSize(4);
        // Each new control plane takes three of EKS's 5,000 associations per cluster.
        assertThat(outputs).containsEntry("identityMode", "podIdentity")
                .containsEntry("remainingControlPlanes", (double) ((5000 - 76) / 3));

        Files.copy(Path.of("Pulumi.yaml"), dir.resolve("Pulumi.yaml"));
        Files.writeString(dir.resolve("Pulumi.prod.yaml"),
                Files.readString(Path.of("Pulumi.prod.yaml")).replace("mode: podIdentity", "mode: irsa"));
        assertThatThrownBy(() -> Render.render(dir, "prod", Optional.of(Path.of("examples/eks-cluster-prod.outputs.json")),
                Optional.empty())).isInstanceOf(RenderException.class)
                .hasMessageContaining("controlPlanes: the irsa trust policy for 25 control planes is")
                .hasMessageContaining("over the role trust policy quota of 2048 (iam.trustPolicyQuota); 18 of these 25"
                        + " control planes fit");
    }

    @Test
    void encryptedValuesAreNeverDecryptedAndPrintAsSecretWhereTheProgramMarksThem(@TempDir Path dir)
            throws IOException {
        Files.copy(Path.of("Pulumi.yaml"), dir.resolve("Pulumi.yaml"));
        var cipher = "v1:Zm9vYmFyYmF6cXV4:AAABBBCCCDDDEEEFFF0123456789abcdefghijklmnopqrstuvwxyz==";
        Files.writeString(dir.resolve("Pulumi.sec.yaml"), """
                config:
                  aws:region: us-east-1
                  spaces-backup-identity:oidcProviderArn: arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC
                  spaces-backup-identity:kubeconfig:
                    secure: %1$s
                  spaces-backup-identity:controlPlanes:
                    - {name: a, group: default, id: 3f2c9a4e-5b1d-4c7e-9a8f-0d1e2f3a4b5c}
                  spaces-backup-identity:backup: {bucket: acme-backups}
                  spaces-backup-identity:spaces:
                    version: 1.14.1
                    values: {account: acme}
                  spaces-backup-identity:registry:
                    username: robot
                    password:
                      secure: %1$s
                  spaces-backup-identity:spacesSecretValues:
                    license:
                      token:
                        secure: %1$s
                """.formatted(cipher));

        var rendered = Render.render(dir, "sec", Optional.empty(), Optional.empty());
        var release = (Map<String, Object>) resource(parse(rendered), Declared.RELEASE, "spaces-release").get("inputs");

        assertThat(rendered).doesNotContain(cipher).doesNotContain("Zm9vYmFy").doesNotContain("unmasked:")
                .contains("\"kubeconfig\": \"[secret]\"");
        assertThat(release.get("repositoryOpts")).isEqualTo(Map.of("username", "[secret]", "password", "[secret]"));
        assertThat(release.get("values")).isEqualTo(Map.of("account", "acme",
                "license", Map.of("token", "[secret]"),
                "controlPlanes", Map.of("mxpController", Map.of("serviceAccount", Map.of("annotations",
                        Map.of("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/spaces-backup-identity-sec"))))));
        assertThatThrownBy(() -> Render.render(dir, "sec", Optional.empty(), Optional.of(Render.Only.VALUES)))
                .isInstanceOf(RenderException.class).hasMessage("--only values: the Helm values hold 1 secret value"
                        + " (license.token, from spacesSecretValues), which an offline render cannot read and would print"
                        + " as [secret]; helm upgrade -f would install that text as the value. Review them in the whole"
                        + " render (without --only), and deploy with pulumi up, which passes the secrets on");
    }

    /**
     * docs/render.md's recipe pipes this document into helm upgrade -f: a "[secret]" placeholder there would be
     * installed as the value. Secret values set in plain text are secrets too, and every one is named.
     */
    @Test
    void theValuesDocumentIsRefusedWhenAnyValueIsSecretAndPrintedWhenNone(@TempDir Path dir) throws IOException {
        Files.copy(Path.of("Pulumi.yaml"), dir.resolve("Pulumi.yaml"));
        var stack = """
                config:
                  aws:region: us-east-1
                  spaces-backup-identity:oidcProviderArn: arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC
                  spaces-backup-identity:useAmbientKubeconfig: true
                  spaces-backup-identity:controlPlanes:
                    - {name: a, group: default, id: 3f2c9a4e-5b1d-4c7e-9a8f-0d1e2f3a4b5c}
                  spaces-backup-identity:backup: {bucket: acme-backups}
                  spaces-backup-identity:spaces: {version: 1.14.1, values: {account: acme}}
                """;
        Files.writeString(dir.resolve("Pulumi.plain.yaml"), stack);
        Files.writeString(dir.resolve("Pulumi.six.yaml"), stack + """
                  spaces-backup-identity:spacesSecretValues:
                    a: {b: s3cr3t-1, c: [s3cr3t-2]}
                    d: s3cr3t-3
                    e: {f: s3cr3t-4, g: s3cr3t-5, "h i": s3cr3t-6}
                """);

        assertThat(Render.render(dir, "plain", Optional.empty(), Optional.of(Render.Only.VALUES)))
                .startsWith("account: acme\n").doesNotContain(Render.SECRET);
        assertThatThrownBy(() -> Render.render(dir, "six", Optional.empty(), Optional.of(Render.Only.VALUES)))
                .isInstanceOf(RenderException.class).hasMessageStartingWith("--only values: the Helm values hold 6 secret"
                        + " values (a.b, a.c, d, e.f, e.g and 1 more, from spacesSecretValues)")
                .hasMessageNotContaining("s3cr3t");
        assertThat(Render.render(dir, "six", Optional.empty(), Optional.empty())).doesNotContain("s3cr3t")
                .contains("\"d\": \"[secret]\"");
    }

    @Test
    void stackFileKeysAreProjectScopedAndDefaultsComeFromPulumiYaml() {
        var values = Render.configOf(PROJECT, "dev").config().values();

        assertThat(values).containsEntry("spaces-backup-identity:clusterStack", "acme/eks-cluster/dev")
                .containsEntry("aws:region", "us-east-1")
                .containsEntry("spaces-backup-identity:useAmbientKubeconfig", "false")
                .containsEntry("spaces-backup-identity:iam", "{}")
                .containsEntry("spaces-backup-identity:backup", "{\"bucket\":\"acme-spaces-backups-dev\",\"prefix\":\"dev\","
                        + "\"schedule\":{\"cron\":\"0 */6 * * *\",\"ttl\":\"168h\"}}")
                .doesNotContainKey("backup");
    }
}
