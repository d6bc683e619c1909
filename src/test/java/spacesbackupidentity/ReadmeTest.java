package spacesbackupidentity;

import com.google.gson.Gson;
import org.junit.jupiter.api.Test;
import spacesbackupidentity.render.Render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** README's render examples are what the render prints: each block marked `render STACK: NAME` is checked. */
class ReadmeTest {
    private static final Pattern EXAMPLE =
            Pattern.compile("<!-- render (\\w+): ([\\w/.-]+) -->\\s*```json\\n(.*?)\\n```", Pattern.DOTALL);

    @Test
    @SuppressWarnings("unchecked")
    void renderExamplesMatchTheRender() throws IOException {
        var readme = Files.readString(Path.of("README.md"));
        var examples = EXAMPLE.matcher(readme);
        var gson = new Gson();
        int checked = 0;
        while (examples.find()) {
            var stack = examples.group(1);
            var rendered = gson.fromJson(Render.render(Path.of("."), stack,
                    Optional.of(Path.of("examples/eks-cluster-" + stack + ".outputs.json")), Optional.empty()), Map.class);
            var resource = ((List<Map<String, Object>>) rendered.get("resources")).stream()
                    .filter(r -> r.get("name").equals(examples.group(2))).findFirst().orElseThrow();
            assertThat(gson.fromJson(examples.group(3), Map.class)).as(examples.group(2)).isEqualTo(resource);
            checked++;
        }
        assertThat(checked).isEqualTo(3);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theStartHereExcerptShowsTheCurrentDigest() throws IOException {
        var readme = Files.readString(Path.of("README.md"));
        var rendered = new Gson().fromJson(Render.render(Path.of("."), "dev",
                Optional.of(Path.of("examples/eks-cluster-dev.outputs.json")), Optional.empty()), Map.class);
        var outputs = (Map<String, Object>) rendered.get("outputs");

        assertThat(readme).contains("\"spaces-backup-identity/identity-digest\": \"" + outputs.get("identityDigest") + "\"")
                .contains("\"remainingControlPlanes\": " + ((Double) outputs.get("remainingControlPlanes")).intValue());
    }

    /**
     * The capacity table: control planes with UUID namespaces that one IRSA role serves at each quota,
     * for each service account of a workload of every control plane.
     */
    @Test
    void theCapacityTableIsWhatTheProgramAccepts() throws IOException {
        var readme = Files.readString(Path.of("README.md"));
        var row = Pattern.compile("\\| ([0-9,]+)(?: \\(default\\))? \\| (\\d+) \\| (\\d+) \\| (\\d+) \\|").matcher(readme);
        var oidc = spacesbackupidentity.settings.OidcProvider.parse("oidcProviderArn", StackConfig.OIDC_ARN);
        var accounts = List.of("mxp-controller", "external-secrets-controller", "vector");
        int rows = 0;
        while (row.find()) {
            var quota = Integer.parseInt(row.group(1).replace(",", ""));
            for (int i = 0; i < accounts.size(); i++) {
                var account = accounts.get(i);
                var size = spacesbackupidentity.plan.TrustPolicySize.measure(
                        ns -> spacesbackupidentity.plan.TrustPolicy.json(spacesbackupidentity.plan.TrustPolicy.forMode(
                                spacesbackupidentity.settings.IdentityMode.IRSA, oidc, null, account, ns,
                                Optional.empty())),
                        List.of(spacesbackupidentity.settings.ControlPlane.namespaceFor(StackConfig.id(0))), quota, true);
                assertThat(1 + size.additionalUuidControlPlanes().getAsInt()).as("quota %d, %s", quota, account)
                        .isEqualTo(Integer.parseInt(row.group(2 + i)));
            }
            rows++;
        }
        assertThat(rows).isEqualTo(3);
    }
}
