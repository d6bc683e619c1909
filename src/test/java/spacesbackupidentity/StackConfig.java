package spacesbackupidentity;

import com.google.gson.Gson;
import spacesbackupidentity.config.ConfigLookup;
import spacesbackupidentity.config.EngineConfig;
import spacesbackupidentity.config.GoValues;
import spacesbackupidentity.settings.Settings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A stack's config as the engine hands it to the program: {@code <project>:<key>} to raw text
 * (objects and lists as JSON) and the set of keys it marks secret, passed through the SDK's own
 * hand-off parser. Tests start from {@link #valid()} and change one thing; keys are written bare
 * for the project, namespaced ({@code aws:region}) otherwise.
 */
public final class StackConfig {
    public static final String ACCOUNT = "123456789012";
    public static final String ISSUER = "oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
    public static final String OIDC_ARN = "arn:aws:iam::" + ACCOUNT + ":oidc-provider/" + ISSUER;
    public static final String KUBECONFIG = "apiVersion: v1\nkind: Config\nclusters: []\n";
    public static final String PROJECT = "spaces-backup-identity";
    public static final String STACK = "test";
    private static final Gson GSON = new Gson();

    private final Map<String, String> values = new LinkedHashMap<>();
    private final java.util.Set<String> secretKeys = new java.util.TreeSet<>();

    private StackConfig() {
    }

    /** Three control planes in two groups, explicit OIDC provider and kubeconfig. */
    public static StackConfig valid() {
        return new StackConfig()
                .controlPlanes(controlPlanes(3))
                .set("oidcProviderArn", OIDC_ARN)
                .set("kubeconfig", KUBECONFIG)
                .set("aws:region", "us-east-1")
                .json("backup", Map.of("bucket", "acme-spaces-backups"))
                .json("spaces", Map.of("version", "1.14.1"));
    }

    /** {@code n} control planes with deterministic IDs, spread over two groups. */
    public static List<Map<String, Object>> controlPlanes(int n) {
        var result = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < n; i++) {
            result.add(Map.of("name", "ctp-" + i, "group", i % 2 == 0 ? "default" : "team-a", "id", id(i)));
        }
        return result;
    }

    public static String id(int i) {
        return new UUID(0x1234_5678_9abc_4defL, 0x8000_0000_0000_0000L | i).toString();
    }

    public StackConfig set(String key, String value) {
        values.put(key, value);
        return this;
    }

    public StackConfig remove(String key) {
        values.remove(key);
        secretKeys.remove(key);
        return this;
    }

    /** Marks a key secret, as `pulumi config set --secret` (at any path under it) does. */
    public StackConfig secret(String key) {
        secretKeys.add(key);
        return this;
    }

    public StackConfig json(String key, Object value) {
        values.put(key, GSON.toJson(value));
        return this;
    }

    public StackConfig controlPlanes(List<Map<String, Object>> controlPlanes) {
        return json("controlPlanes", controlPlanes);
    }

    /** The backup object: {@link #valid()}'s bucket, with these keys set over it. */
    public StackConfig backup(Map<String, Object> backup) {
        var values = new LinkedHashMap<String, Object>(Map.of("bucket", "acme-spaces-backups"));
        values.putAll(backup);
        return json("backup", values);
    }

    /** {@code identity.mode}: irsa, podIdentity or both. */
    public StackConfig identityMode(String mode) {
        return json("identity", Map.of("mode", mode));
    }

    /** The OIDC provider and kubeconfig from the cluster stack acme/eks-cluster/dev instead of this config. */
    public StackConfig fromClusterStack() {
        return remove("oidcProviderArn").remove("kubeconfig").set("clusterStack", "acme/eks-cluster/dev");
    }

    private static String fullKey(String key) {
        return key.contains(":") ? key : PROJECT + ":" + key;
    }

    /** The hand-off as the Java language host sets it, read by the SDK's parsers. */
    public EngineConfig engineConfig() {
        var config = new LinkedHashMap<String, Object>();
        values.forEach((key, value) -> config.put(fullKey(key), value));
        var secrets = secretKeys.stream().map(StackConfig::fullKey).sorted().toList();
        return EngineConfig.fromHandOff(GoValues.json(config), GoValues.json(new ArrayList<Object>(secrets)));
    }

    public ConfigLookup lookup() {
        return engineConfig().lookup(PROJECT);
    }

    public Settings settings() {
        return Settings.parse(lookup(), PROJECT, STACK, StackRun.PROJECT_DIR);
    }
}
