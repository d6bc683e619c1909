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
        assertThat(checked).isEqualTo(2);
    }
}
