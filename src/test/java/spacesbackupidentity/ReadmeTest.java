package spacesbackupidentity;

import com.google.gson.Gson;
import org.junit.jupiter.api.Test;
import spacesbackupidentity.render.Render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README and docs/: the render examples are what the render prints (each block marked
 * {@code render STACK: NAME} is checked), README stays short enough to read (at most 400 lines, the first
 * {@code pulumi up} within 150), and every relative link leads to a file and heading that exist.
 */
class ReadmeTest {
    private static final Path README = Path.of("README.md");
    private static final Path DOCS = Path.of("docs");
    private static final Pattern EXAMPLE =
            Pattern.compile("<!-- render (\\w+): ([\\w/.-]+) -->\\s*```json\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Pattern FENCE = Pattern.compile("^```.*?^```", Pattern.DOTALL | Pattern.MULTILINE);
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`\\n]*`");
    private static final Pattern INLINE_LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern REFERENCE_LINK = Pattern.compile("^\\[[^\\]]+\\]:\\s+(\\S+)", Pattern.MULTILINE);
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*$", Pattern.MULTILINE);

    static List<Path> markdownFiles() throws IOException {
        var files = new ArrayList<>(List.of(README));
        try (Stream<Path> docs = Files.list(DOCS)) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> render(String stack) {
        return new Gson().fromJson(Render.render(Path.of("."), stack,
                Optional.of(Path.of("examples/eks-cluster-" + stack + ".outputs.json")), Optional.empty()), Map.class);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> resource(Map<String, Object> rendered, String name) {
        return ((List<Map<String, Object>>) rendered.get("resources")).stream()
                .filter(r -> r.get("name").equals(name)).findFirst().orElseThrow();
    }

    @Test
    void renderExamplesMatchTheRender() throws IOException {
        var gson = new Gson();
        var renders = new HashMap<String, Map<String, Object>>();
        var checked = new TreeSet<String>();
        for (var file : markdownFiles()) {
            var examples = EXAMPLE.matcher(Files.readString(file));
            while (examples.find()) {
                var rendered = renders.computeIfAbsent(examples.group(1), ReadmeTest::render);
                assertThat(gson.fromJson(examples.group(3), Map.class)).as(file + ": " + examples.group(2))
                        .isEqualTo(resource(rendered, examples.group(2)));
                checked.add(file + ": " + examples.group(2));
            }
        }
        assertThat(checked).containsExactly(
                "docs/backups.md: shared-backup-config-team-infra", "docs/backups.md: shared-backup-schedule-team-infra",
                "docs/render.md: rollout-default/orders", "docs/render.md: service-account-identity-default/orders",
                "docs/workloads.md: space-backup-config");
    }

    /** The Start-here excerpt is abbreviated, so what it shows is compared piece by piece with the render. */
    @Test
    @SuppressWarnings("unchecked")
    void theStartHereExcerptShowsTheCurrentRollout() throws IOException {
        var readme = Files.readString(README);
        var rendered = render("dev");
        var outputs = (Map<String, Object>) rendered.get("outputs");
        var rollout = resource(rendered, "rollout-default/orders");
        var options = (Map<String, Object>) rollout.get("options");
        var metadata = (Map<String, Object>) ((Map<String, Object>) rollout.get("inputs")).get("metadata");

        assertThat(readme).contains("\"spaces-backup-identity/identity-digest\": \"" + outputs.get("identityDigest") + "\"")
                .contains("\"remainingControlPlanes\": " + ((Double) outputs.get("remainingControlPlanes")).intValue())
                .contains("\"trustPolicySize\": " + ((Double) outputs.get("trustPolicySize")).intValue())
                .contains("\"roleArn\": \"" + outputs.get("roleArn") + "\"")
                .contains("\"namespace\": \"" + metadata.get("namespace") + "\"")
                .contains("\"dependsOn\": [ " + ((List<String>) rollout.get("dependsOn")).stream()
                        .map(name -> "\"" + name + "\"").collect(Collectors.joining(", ")) + " ]")
                .contains("\"options\": { \"provider\": \"" + options.get("provider") + "\", \"version\": \""
                        + options.get("version") + "\", \"retainOnDelete\": " + options.get("retainOnDelete") + ",");
        assertThat((List<String>) rollout.get("dependsOn")).contains("service-account-identity-default/orders");
    }

    /** The capacity table: control planes with UUID namespaces that one IRSA role serves at each quota. */
    @Test
    void theCapacityTableIsWhatTheProgramAccepts() throws IOException {
        var readme = Files.readString(README);
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

    @Test
    void theReadmeIsAtMost400Lines() throws IOException {
        assertThat(Files.readAllLines(README)).hasSizeLessThanOrEqualTo(400);
    }

    /** A reader finds the command that deploys early: a {@code pulumi up} line inside a shell block. */
    @Test
    void theFirstPulumiUpIsWithinTheFirst150Lines() throws IOException {
        var lines = Files.readAllLines(README);
        int first = -1;
        boolean inShell = false;
        for (int i = 0; i < lines.size() && first < 0; i++) {
            var line = lines.get(i);
            if (line.startsWith("```")) {
                inShell = !inShell && line.equals("```sh");
            } else if (inShell && line.matches("pulumi up(\\s.*)?")) {
                first = i + 1;
            }
        }
        assertThat(first).as("line of the first `pulumi up` command").isBetween(1, 150);
    }

    @Test
    void everyRelativeLinkLeadsToAFileAndHeadingThatExist() throws IOException {
        var broken = new ArrayList<String>();
        int checked = 0;
        for (var file : markdownFiles()) {
            for (var target : relativeLinks(Files.readString(file))) {
                checked++;
                var hash = target.indexOf('#');
                var path = hash < 0 ? target : target.substring(0, hash);
                var resolved = path.isEmpty() ? file : file.resolveSibling(path).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(file + ": " + target + " (no such file)");
                } else if (hash >= 0 && !anchors(Files.readString(resolved)).contains(target.substring(hash + 1))) {
                    broken.add(file + ": " + target + " (no such heading in " + resolved + ")");
                }
            }
        }
        assertThat(broken).isEmpty();
        assertThat(checked).as("relative links checked").isGreaterThan(40);
    }

    /** The check itself: GitHub's anchors for this README's kind of headings, and links in code not taken for links. */
    @Test
    void anchorsAreGithubsAndLinksInCodeAreNotLinks() {
        assertThat(anchors("# A\n## Migrating: three `pulumi up`s\n### What `pulumi destroy` does\n## A\n"))
                .containsExactly("a", "migrating-three-pulumi-ups", "what-pulumi-destroy-does", "a-1");
        assertThat(anchors("```yaml\n# Pulumi.yaml\n```\n## Real\n")).containsExactly("real");
        assertThat(relativeLinks("[a](x.md#b) `[c](d.md)` [e](https://f) [g]\n\n```\n[h](i.md)\n```\n[g]: j.md \"t\"\n"))
                .containsExactly("x.md#b", "j.md");
    }

    /** Relative link targets outside code: inline links and reference definitions; web and mail links left out. */
    static List<String> relativeLinks(String markdown) {
        var text = CODE_SPAN.matcher(FENCE.matcher(markdown).replaceAll("")).replaceAll("");
        var targets = new ArrayList<String>();
        for (var pattern : List.of(INLINE_LINK, REFERENCE_LINK)) {
            var link = pattern.matcher(text);
            while (link.find()) {
                var target = link.group(1);
                if (!target.matches("(?i)(https?|mailto):.*")) {
                    targets.add(target);
                }
            }
        }
        return targets;
    }

    /** The anchors GitHub gives a file's headings: lower case, punctuation dropped, spaces as dashes, repeats numbered. */
    static Set<String> anchors(String markdown) {
        var anchors = new LinkedHashSet<String>();
        var seen = new HashMap<String, Integer>();
        var heading = HEADING.matcher(FENCE.matcher(markdown).replaceAll(""));
        while (heading.find()) {
            var text = heading.group(1).replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
            var slug = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\p{M} _-]", "").replace(' ', '-');
            var count = seen.merge(slug, 1, Integer::sum);
            anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
        }
        return anchors;
    }
}
