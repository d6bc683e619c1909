package spacesbackupidentity.settings;

import spacesbackupidentity.config.HelmYaml;
import spacesbackupidentity.rules.AwsPartitions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a kubeconfig handed to the Kubernetes provider may do. It is a secret nobody reviews, and the
 * provider acts on it with the deploy job's AWS credentials in its environment: an {@code exec}
 * entry runs a command, a {@code server} receives the EKS token (a presigned STS request that
 * authenticates as the deploy role to the cluster for 15 minutes). So only what an EKS kubeconfig
 * needs passes: content (the provider would read a single line as a file path), users that
 * authenticate with {@code aws eks get-token} or {@code aws-iam-authenticator token} (with only the
 * AWS profile and region variables set), a token or a client certificate; servers over verified TLS
 * and without a proxy. When any user obtains an EKS token, every server must be the EKS API endpoint
 * of the cluster's region, a region the AWS SDK lists (no region known: refused); when the users
 * only present client certificates or static tokens, no AWS credential travels, and any https://
 * server will do (a test API server on 127.0.0.1, say). Problems name where in the kubeconfig,
 * never what it says.
 */
public final class KubeconfigRules {
    /** A kubeconfig with a few clusters and inline certificates is tens of kilobytes. */
    static final int MAX_CHARACTERS = 1 << 20;
    /** Commands an EKS kubeconfig runs, and the arguments they must start with. */
    private static final Map<String, List<String>> EXEC_COMMANDS = Map.of(
            "aws", List.of("eks", "get-token"),
            "aws-iam-authenticator", List.of("token"));

    private static final java.util.Set<String> LEADING_OPTIONS = java.util.Set.of("--region", "--profile");
    private static final java.util.Set<String> ENV_NAMES = java.util.Set.of("AWS_PROFILE", "AWS_REGION",
            "AWS_DEFAULT_REGION", "AWS_STS_REGIONAL_ENDPOINTS");

    /**
     * The only fields each place may hold, by client-go's names (k8s.io/client-go
     * tools/clientcmd/api/v1/types.go): a field not listed is refused, whatever it is, so that one this
     * check does not know cannot do what it does not check (a {@code tokenFile} sends a file of the
     * machine running Pulumi to the server as the bearer token; {@code certificate-authority} and
     * {@code client-key} read files; {@code as} impersonates).
     */
    private static final Map<String, java.util.Set<String>> ALLOWED = Map.of(
            "", java.util.Set.of("apiversion", "kind", "clusters", "users", "contexts", "current-context",
                    "preferences", "extensions"),
            "cluster", java.util.Set.of("server", "certificate-authority-data", "tls-server-name",
                    "insecure-skip-tls-verify", "proxy-url", "disable-compression", "extensions"),
            "user", java.util.Set.of("exec", "token", "client-certificate-data", "client-key-data", "auth-provider"),
            "exec", java.util.Set.of("apiversion", "command", "args", "env", "interactivemode", "provideclusterinfo",
                    "installhint"),
            "context", java.util.Set.of("cluster", "user", "namespace", "extensions"));
    /** Fields client-go reads that this program refuses by name, and why. */
    private static final Map<String, String> REFUSED = Map.of(
            "tokenfile", "reads a file of the machine running Pulumi and sends it as the bearer token",
            "client-certificate", "reads a file of the machine running Pulumi",
            "client-key", "reads a file of the machine running Pulumi",
            "certificate-authority", "reads a file of the machine running Pulumi",
            "username", "sends a password; expected exec with aws eks get-token, a token or a client certificate",
            "password", "sends a password; expected exec with aws eks get-token, a token or a client certificate",
            "as", "impersonates another user",
            "as-groups", "impersonates other groups",
            "as-uid", "impersonates another user",
            "as-user-extra", "impersonates another user");

    private KubeconfigRules() {
    }

    /**
     * Every field of {@code map} must be one {@code place} allows; a field this program refuses by name
     * says why, any other is described by its length only, since a kubeconfig is a secret.
     */
    private static void onlyAllowed(Map<?, ?> map, String place, String where, List<String> problems) {
        var allowed = ALLOWED.get(place);
        for (var key : map.keySet()) {
            var name = String.valueOf(key).toLowerCase(Locale.ROOT);
            if (allowed.contains(name)) {
                continue;
            }
            var at = where.isEmpty() ? "" : where + ".";
            var why = REFUSED.get(name);
            problems.add(why != null ? at + name + ": set; it " + why
                    : at + "a field of " + String.valueOf(key).length() + " characters (not quoted: a kubeconfig is a"
                    + " secret) that this program does not let a kubeconfig use; expected only "
                    + String.join(", ", new java.util.TreeSet<>(allowed)));
        }
    }

    /**
     * @param eksRegion the cluster's region when it is an EKS cluster (from clusterArn or the OIDC
     *                  issuer); when a user obtains an EKS token, every server must be that region's
     *                  EKS API endpoint
     * @return one line per problem, each naming a place in the kubeconfig, none quoting it
     */
    public static List<String> problems(String text, Optional<String> eksRegion) {
        if (text.length() > MAX_CHARACTERS) {
            return List.of("longer than " + MAX_CHARACTERS + " characters; not a kubeconfig");
        }
        // client-go reads a kubeconfig as Helm reads values: sigs.k8s.io/yaml over yaml.v2.
        Object parsed;
        try {
            parsed = HelmYaml.parse(text);
        } catch (HelmYaml.ValuesException e) {
            return List.of("not readable as YAML or JSON: " + e.getMessage() + "; expected the content of a"
                    + " kubeconfig file");
        }
        if (!(parsed instanceof Map<?, ?> root)) {
            return List.of("not a kubeconfig object" + (parsed instanceof String ? "; the provider would read a single"
                    + " line as the path of a file on the machine running Pulumi, so give the file's content" : ""));
        }
        var problems = new ArrayList<String>();
        onlyAllowed(root, "", "", problems);
        forEachEntry(root, "contexts", "context", problems, (where, context) -> onlyAllowed(context, "context", where,
                problems));
        // Users first: whether any of them obtains an EKS token decides which servers may be named.
        var tokenUsers = new ArrayList<String>();
        forEachEntry(root, "users", "user", problems, (where, user) -> {
            onlyAllowed(user, "user", where, problems);
            if (field(user, "auth-provider", where, problems) != null) {
                problems.add(where + ".auth-provider: set; expected exec with aws eks get-token, a token or a client"
                        + " certificate");
            }
            var exec = field(user, "exec", where, problems);
            if (exec != null) {
                tokenUsers.add(where + ".exec");
                checkExec(where + ".exec", exec, problems);
            }
        });
        // An EKS token may go only to the EKS API endpoint of a region the AWS SDK knows; no region, no token.
        var knownRegion = eksRegion.filter(region -> AwsPartitions.ofRegion(region).isPresent());
        if (!tokenUsers.isEmpty() && knownRegion.isEmpty()) {
            tokenUsers.forEach(where -> problems.add(where + ": obtains an EKS token, but the cluster's region is "
                    + (eksRegion.isPresent() ? "not an AWS region" : "not known") + " (it comes from clusterArn or an"
                    + " EKS OIDC issuer), so no server can be checked to be its EKS API endpoint; set clusterArn, or"
                    + " use a client certificate or token instead"));
        }
        var serverHost = tokenUsers.isEmpty() ? Optional.<Pattern>empty() : knownRegion.map(region -> Pattern.compile(
                "https://" + AwsPartitions.ofRegion(region).orElseThrow().eksApiHostsOf(region).pattern()
                        + "(:443)?/?"));
        forEachEntry(root, "clusters", "cluster", problems, (where, cluster) -> {
            onlyAllowed(cluster, "cluster", where, problems);
            var server = field(cluster, "server", where, problems);
            if (!(server instanceof String url) || !url.startsWith("https://")) {
                problems.add(where + ".server: expected an https:// URL");
            } else if (serverHost.isPresent() && !serverHost.get().matcher(url).matches()) {
                problems.add(where + ".server: not the EKS API endpoint of the cluster's region " + knownRegion.get()
                        + " (https://ID.xxx." + knownRegion.get() + ".eks...), and a user obtains an EKS token; the"
                        + " token would go elsewhere");
            }
            for (var refused : List.of("proxy-url", "insecure-skip-tls-verify")) {
                var value = field(cluster, refused, where, problems);
                if (value != null && !Boolean.FALSE.equals(value)) {
                    problems.add(where + "." + refused + ": set; the EKS token must go to the server over verified TLS"
                            + " and no proxy");
                }
            }
        });
        return List.copyOf(problems);
    }

    private static void checkExec(String where, Object exec, List<String> problems) {
        if (!(exec instanceof Map<?, ?> map)) {
            problems.add(where + ": expected an object");
            return;
        }
        onlyAllowed(map, "exec", where, problems);
        var command = field(map, "command", where, problems);
        var required = command instanceof String c ? EXEC_COMMANDS.get(c) : null;
        if (required == null) {
            problems.add(where + ".command: not aws or aws-iam-authenticator (by name, without a path); an EKS"
                    + " kubeconfig runs nothing else");
            return;
        }
        var args = field(map, "args", where, problems);
        var given = args instanceof List<?> list ? list : List.<Object>of();
        // aws eks update-kubeconfig writes [--region, R, eks, get-token, ...]: global options first.
        var start = 0;
        while (start + 1 < given.size() && LEADING_OPTIONS.contains(given.get(start))) {
            start += 2;
        }
        var rest = given.subList(start, given.size());
        if (rest.size() < required.size() || !rest.subList(0, required.size()).equals(required)) {
            problems.add(where + ".args: do not start with " + String.join(" ", required) + " (after --region or"
                    + " --profile); " + command + " may only fetch an EKS token here");
        }
        // AWS_CONFIG_FILE and the like could point the CLI at a file with a credential_process.
        var env = field(map, "env", where, problems);
        if (env instanceof List<?> variables) {
            for (int i = 0; i < variables.size(); i++) {
                var name = variables.get(i) instanceof Map<?, ?> variable ? field(variable, "name", where, problems)
                        : null;
                if (!(name instanceof String n) || !ENV_NAMES.contains(n)) {
                    problems.add(where + ".env[" + i + "]: not one of " + String.join(", ", ENV_NAMES.stream()
                            .sorted().toList()));
                }
            }
        } else if (env != null) {
            problems.add(where + ".env: expected a list");
        }
    }

    private interface EntryCheck {
        void check(String where, Map<?, ?> entry);
    }

    /** Each {@code list[i].field} object, wherever it is one; anything else in that place is a problem. */
    private static void forEachEntry(Map<?, ?> root, String list, String field, List<String> problems,
                                     EntryCheck check) {
        var entries = field(root, list, list, problems);
        if (entries == null) {
            return;
        }
        if (!(entries instanceof List<?> items)) {
            problems.add(list + ": expected a list");
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            var where = list + "[" + i + "]." + field;
            var entry = items.get(i) instanceof Map<?, ?> item ? field(item, field, where, problems) : null;
            if (entry instanceof Map<?, ?> map) {
                check.check(where, map);
            } else {
                problems.add(where + ": expected an object");
            }
        }
    }

    /**
     * A field by its name in any letter case: older client-go decoders matched JSON field names
     * without regard to case, so {@code Exec} must be checked as {@code exec}. Two spellings of one
     * field are a problem of their own.
     */
    private static Object field(Map<?, ?> map, String name, String where, List<String> problems) {
        Object found = null;
        var spellings = 0;
        for (var entry : map.entrySet()) {
            if (String.valueOf(entry.getKey()).toLowerCase(Locale.ROOT).equals(name)) {
                found = entry.getValue();
                spellings++;
            }
        }
        if (spellings > 1) {
            problems.add(where + ": " + name + " spelled " + spellings + " ways; give it once");
        }
        return found;
    }
}
