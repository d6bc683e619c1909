package spacesbackupidentity.realtier;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The binaries of the real tier, as {@code tools/real-tier/build} leaves them: the Pulumi CLI, the
 * Kubernetes provider plugin, kube-apiserver, kube-controller-manager, etcd, the OCI registry and
 * Helm, each built from the Go module proxy at a pinned version, with a {@code versions.properties}
 * that says which version each one is. The Maven profile {@code real-engine} runs the build first
 * and points {@value #BIN_PROPERTY} at its {@code bin} directory. A binary that is missing fails the
 * test that needs it: nothing here skips.
 */
public final class RealTier {
    public static final String BIN_PROPERTY = "realTier.bin";

    private RealTier() {
    }

    public static Path bin() {
        var configured = System.getProperty(BIN_PROPERTY);
        var bin = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getenv().getOrDefault("SPACES_REAL_TIER_CACHE",
                        System.getProperty("user.home") + "/.cache/spaces-backup-identity/real-tier"), "bin");
        if (!Files.isDirectory(bin)) {
            throw new AssertionError("no real-tier binaries in " + bin + ": run tools/real-tier/build (the Maven"
                    + " profile real-engine runs it: mvn -B -Preal-engine verify)");
        }
        return bin;
    }

    /** The path of one binary; fails when it is not there. */
    public static Path binary(String name) {
        var path = bin().resolve(name);
        if (!Files.isExecutable(path)) {
            throw new AssertionError("the real-tier binary " + name + " is missing from " + bin()
                    + ": run tools/real-tier/build");
        }
        return path;
    }

    /** What {@code versions.properties} says each binary is, by name. */
    public static Map<String, String> versions() {
        var properties = new Properties();
        try (Reader reader = Files.newBufferedReader(bin().resolve("versions.properties"))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new AssertionError("no versions.properties in " + bin() + ": run tools/real-tier/build", e);
        }
        var versions = new TreeMap<String, String>();
        properties.stringPropertyNames().forEach(name -> versions.put(name, properties.getProperty(name)));
        return versions;
    }

    public static String version(String name) {
        var version = versions().get(name);
        if (version == null) {
            throw new AssertionError("versions.properties in " + bin() + " names no version of " + name);
        }
        return version;
    }
}
