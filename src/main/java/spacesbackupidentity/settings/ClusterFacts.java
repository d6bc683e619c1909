package spacesbackupidentity.settings;

import com.google.gson.Gson;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What the stack needs to know about the EKS cluster: its IAM OIDC provider and, unless the
 * ambient one is used, a kubeconfig. Config values win; the rest comes from the cluster stack's
 * outputs, which are checked here with the same care as config.
 */
public record ClusterFacts(OidcProvider oidcProvider, Optional<Secret> kubeconfig) {

    /** A stack's outputs by name; empty for an output the stack does not have. */
    @FunctionalInterface
    public interface StackOutputs extends Function<String, Optional<Object>> {
    }

    /** Whether anything has to be read from {@code clusterStack}. */
    public static boolean needsStack(ClusterSettings cluster) {
        return cluster.oidcProviderFromStack() || cluster.kubeconfigFromStack();
    }

    /**
     * @param outputs the cluster stack's outputs; consulted only for what config leaves open
     * @throws InvalidConfigException naming the stack and the output that is missing or wrong
     */
    public static ClusterFacts resolve(ClusterSettings cluster, StackOutputs outputs) {
        var problems = new ConfigProblems();
        var names = cluster.outputNames();
        OidcProvider oidc = cluster.oidcProvider().orElse(null);
        if (oidc == null) {
            var arn = outputs.apply(names.oidcProviderArn());
            if (arn.isPresent() && arn.get() instanceof String text) {
                try {
                    oidc = OidcProvider.parse("clusterStack output '" + names.oidcProviderArn() + "'", text);
                    var url = outputs.apply(names.oidcProviderUrl());
                    if (url.isPresent() && url.get() instanceof String issuerUrl) {
                        oidc.checkIssuerUrl(issuerUrl).ifPresent(p ->
                                problems.add("clusterStack output '" + names.oidcProviderUrl() + "'", p));
                    }
                } catch (InvalidConfigException e) {
                    problems.addAll(e);
                }
            } else {
                problems.add(ClusterSettings.STACK_KEY, unusable(cluster, names.oidcProviderArn(),
                        "oidcProviderArn", arn));
            }
        }
        var kubeconfig = cluster.kubeconfig();
        if (cluster.kubeconfigFromStack()) {
            var value = outputs.apply(names.kubeconfig());
            kubeconfig = value.flatMap(ClusterFacts::kubeconfigText).map(Secret::new);
            if (kubeconfig.isEmpty()) {
                problems.add(ClusterSettings.STACK_KEY, unusable(cluster, names.kubeconfig(), "kubeconfig", value));
            }
        }
        problems.throwIfAny();
        return new ClusterFacts(oidc, kubeconfig);
    }

    /**
     * pulumi-eks exports the kubeconfig as an object; the provider takes text, and JSON is YAML.
     * Keys are sorted so the text, a provider input, does not depend on how the map was ordered.
     */
    private static Optional<String> kubeconfigText(Object value) {
        if (value instanceof String text && !text.isBlank()) {
            return Optional.of(text);
        }
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            return Optional.of(new Gson().toJson(sorted(map)));
        }
        return Optional.empty();
    }

    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            var copy = new TreeMap<String, Object>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), sorted(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ClusterFacts::sorted).toList();
        }
        return value;
    }

    private static String unusable(ClusterSettings cluster, String output, String field, Optional<Object> value) {
        var what = value.isEmpty() ? "has no output '" + output + "'"
                : "has output '" + output + "' holding a " + value.get().getClass().getSimpleName()
                + ", which is not usable";
        return "'" + cluster.stack().orElse("") + "' " + what + "; set clusterStackOutputs." + field
                + " to the name of the output that holds it, or set " + field + " in this stack's config";
    }
}
