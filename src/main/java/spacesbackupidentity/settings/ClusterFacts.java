package spacesbackupidentity.settings;

import com.google.gson.Gson;
import spacesbackupidentity.config.SortedValues;
import spacesbackupidentity.rules.Quote;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the stack knows about the EKS cluster: its IAM OIDC provider (for IRSA), the cluster
 * itself (for Pod Identity) and, unless the ambient one is used, a kubeconfig. Config values win;
 * the rest comes from the cluster stack's outputs, checked here with the same care as config.
 */
public record ClusterFacts(Optional<OidcProvider> oidcProvider, Optional<EksCluster> eksCluster,
                           Optional<Secret<String>> kubeconfig) {
    /** Longer than any ARN, cluster name or issuer URL the stack reads from the cluster stack. */
    private static final int MAX_FACT_LENGTH = 2048;

    /** One output of the cluster stack, and whether that stack marks it secret. */
    public record StackOutput(Object value, boolean secret) {
        @Override
        public String toString() {
            return secret ? "StackOutput[secret]" : "StackOutput[" + value + "]";
        }
    }

    /** A stack's outputs by name; empty for an output the stack does not have. */
    @FunctionalInterface
    public interface StackOutputs extends Function<String, Optional<StackOutput>> {
    }

    /** The account and partition the role lives in: the cluster's. */
    public record AwsAccount(String partition, String id) {
    }

    public AwsAccount account() {
        return oidcProvider.map(o -> new AwsAccount(o.partition(), o.accountId()))
                .or(() -> eksCluster.map(c -> new AwsAccount(c.partition(), c.accountId())))
                .orElseThrow(() -> new IllegalStateException("resolve() guarantees an OIDC provider or a cluster"));
    }

    /** Whether anything has to be read from {@code clusterStack}. */
    public static boolean needsStack(ClusterSettings cluster) {
        return (cluster.needsOidcProvider() && cluster.oidcProviderFromStack()) || cluster.eksClusterFromStack()
                || cluster.kubeconfigFromStack();
    }

    /**
     * @param outputs the cluster stack's outputs; consulted only for what config leaves open
     * @throws InvalidConfigException naming the stack and the output that is missing or wrong
     */
    public static ClusterFacts resolve(ClusterSettings cluster, StackOutputs outputs) {
        return resolve(cluster, outputs, true);
    }

    /**
     * @param secretsReadable false only offline, where an encrypted kubeconfig (or a secret cluster
     *                        stack output) is stand-in text, so its content is not checked
     */
    public static ClusterFacts resolve(ClusterSettings cluster, StackOutputs stackOutputs, boolean secretsReadable) {
        var problems = new ConfigProblems();
        var names = cluster.outputNames();
        var kubeconfigOutput = names.kubeconfig();
        // The kubeconfig output holds a credential whether or not the cluster stack marks it secret.
        StackOutputs secretKubeconfig = name -> stackOutputs.apply(name)
                .map(o -> name.equals(kubeconfigOutput) ? new StackOutput(o.value(), true) : o);
        var outputs = needsStack(cluster) ? namedOutputsPresent(cluster, secretKubeconfig, problems) : secretKubeconfig;

        var fromStack = cluster.stack().isPresent();
        var oidc = cluster.oidcProvider();
        if (oidc.isEmpty() && fromStack) {
            // Pod Identity needs the OIDC provider only to derive a cluster ARN from a name.
            var arn = publicOutput(outputs, names.oidcProviderArn(), "the OIDC provider ARN", "oidcProviderArn",
                    problems);
            if (arn.isPresent()) {
                oidc = problems.collect(() -> {
                    var provider = OidcProvider.parse(outputKey(names.oidcProviderArn()), arn.get());
                    publicOutput(outputs, names.oidcProviderUrl(), "the OIDC issuer URL", "oidcProviderArn", problems)
                            .flatMap(provider::checkIssuerUrl)
                            .ifPresent(p -> problems.add(outputKey(names.oidcProviderUrl()), p));
                    return provider;
                });
            } else if (cluster.needsOidcProvider() && !reported(outputs, names.oidcProviderArn())) {
                problems.add(ClusterSettings.STACK_KEY, unusable(cluster, names.oidcProviderArn(), "oidcProviderArn",
                        outputs.apply(names.oidcProviderArn())));
            }
        }

        Optional<EksCluster> eksCluster = Optional.empty();
        if (cluster.needsEksCluster() && (cluster.clusterArn().isPresent() || fromStack
                || (cluster.clusterName().isPresent() && oidc.isPresent()))) {
            eksCluster = eksCluster(cluster, oidc, outputs, problems);
        }
        if (oidc.isPresent() && eksCluster.isPresent()) {
            var arn = eksCluster.get().arn();
            eksCluster.get().contradiction(oidc.get()).ifPresent(p -> problems.add(ClusterSettings.CLUSTER_ARN_KEY,
                    Quote.of(arn) + " " + p + "; both must belong to the same cluster"));
        }

        var kubeconfig = cluster.kubeconfig();
        if (cluster.kubeconfigFromStack()) {
            var value = outputs.apply(names.kubeconfig());
            kubeconfig = value.map(StackOutput::value).flatMap(ClusterFacts::kubeconfigText).map(Secret<String>::new);
            if (kubeconfig.isEmpty() && !value.map(o -> o == MISSING_AND_REPORTED).orElse(false)) {
                problems.add(ClusterSettings.STACK_KEY, unusable(cluster, names.kubeconfig(), "kubeconfig", value));
            }
        }
        if (kubeconfig.isPresent() && secretsReadable) {
            var key = cluster.kubeconfigFromStack() ? outputKey(names.kubeconfig()) : ClusterSettings.KUBECONFIG_KEY;
            var provider = oidc;
            var region = eksCluster.map(EksCluster::region).or(() -> provider.flatMap(EksCluster::issuerRegion));
            KubeconfigRules.problems(kubeconfig.get().value(), region).forEach(p -> problems.add(key, p));
        }
        problems.throwIfAny();
        return new ClusterFacts(oidc, eksCluster, kubeconfig);
    }

    private static Optional<EksCluster> eksCluster(ClusterSettings cluster, Optional<OidcProvider> oidc,
                                                   StackOutputs outputs, ConfigProblems problems) {
        if (cluster.clusterArn().isPresent()) {
            return cluster.clusterArn();
        }
        var names = cluster.outputNames();
        var name = cluster.clusterName().or(() -> publicOutput(outputs, names.clusterName(), "the cluster name",
                "clusterName", problems));
        var arn = publicOutput(outputs, names.clusterArn(), "the cluster ARN", "clusterArn", problems);
        if (cluster.clusterName().isEmpty() && arn.isPresent()) {
            return problems.collect(() -> EksCluster.fromArn(outputKey(names.clusterArn()), arn.get()));
        }
        if (name.isPresent() && oidc.isPresent()) {
            var key = cluster.clusterName().isPresent() ? ClusterSettings.CLUSTER_NAME_KEY : outputKey(names.clusterName());
            return problems.collect(() -> EksCluster.fromName(key, name.get(), oidc.get()));
        }
        if (reported(outputs, names.clusterArn()) || reported(outputs, names.clusterName())) {
            return Optional.empty();
        }
        problems.add(ClusterSettings.STACK_KEY, name.isPresent()
                ? Quote.of(cluster.stack().orElse("")) + " gives the cluster name " + Quote.of(name.get()) + " but neither its ARN"
                + " (output " + Quote.of(names.clusterArn()) + ") nor an OIDC provider to derive it from; set clusterArn"
                : unusable(cluster, names.clusterArn(), "clusterArn", outputs.apply(names.clusterArn()))
                + " (or clusterName, with an OIDC provider to derive the ARN from)");
        return Optional.empty();
    }

    /**
     * Every output {@code clusterStackOutputs} names must be there: a misspelt name would otherwise
     * read as absent, and an absent issuer URL, say, silently turns its cross-check off. A missing
     * one is reported under the config key that names it, once; the outputs given on answer it as
     * absent, and it is not reported again as missing from the stack.
     */
    private static StackOutputs namedOutputsPresent(ClusterSettings cluster, StackOutputs outputs,
                                                    ConfigProblems problems) {
        var names = cluster.outputNames();
        var missing = new java.util.HashSet<String>();
        for (var field : names.named()) {
            var name = names.of(field);
            if (present(outputs.apply(name)).isEmpty()) {
                missing.add(name);
                problems.add(ClusterSettings.OUTPUTS_KEY + "." + field, "names the output " + Quote.of(name) + ", which "
                        + Quote.of(cluster.stack().orElse("")) + " does not have; correct the name, or remove "
                        + ClusterSettings.OUTPUTS_KEY + "." + field + " to read the output "
                        + Quote.of(ClusterSettings.StackOutputNames.DEFAULTS.of(field)));
            }
        }
        return name -> missing.contains(name) ? Optional.of(MISSING_AND_REPORTED) : outputs.apply(name);
    }

    /** Stands in for a named output the stack lacks: already reported, so every reader passes it by. */
    private static final StackOutput MISSING_AND_REPORTED = new StackOutput(null, false);

    /** The output, unless it is absent or null (the engine hands a null output over as none at all). */
    private static Optional<StackOutput> present(Optional<StackOutput> output) {
        return output.filter(o -> o.value() != null);
    }

    /**
     * A non-blank text output that ends up in what reviewers read (the trust policy, ARNs), or that
     * turns a cross-check on (the issuer URL). Anything else under that name is reported, not
     * passed by as if absent: a list where the issuer URL goes would switch its check off. A secret
     * one is never quoted, nor the kubeconfig output: the cluster stack may hold anything there.
     */
    private static Optional<String> publicOutput(StackOutputs outputs, String name, String what, String configKey,
                                                 ConfigProblems problems) {
        var output = present(outputs.apply(name));
        var problem = output.flatMap(o -> problem(o, what, configKey));
        problem.ifPresent(p -> problems.add(outputKey(name), p));
        return problem.isPresent() ? Optional.empty() : output.map(o -> (String) o.value());
    }

    /** What is wrong with a present output read as text for {@code what}; empty when it is usable. */
    private static Optional<String> problem(StackOutput output, String what, String configKey) {
        var fix = "; name the output that holds it in clusterStackOutputs, or set " + configKey + " in this stack's"
                + " config";
        if (output.secret()) {
            return Optional.of("secret (" + Quote.secret(output.value()) + "), but " + what + " goes into the trust"
                    + " policy and ARNs that reviewers must read; name the right output in clusterStackOutputs, export"
                    + " it unencrypted from the cluster stack, or set " + configKey + " in this stack's config");
        }
        if (!(output.value() instanceof String text)) {
            return Optional.of("expected a string (" + what + "), got " + kind(output) + fix);
        }
        if (text.isBlank()) {
            return Optional.of("expected " + what + ", got " + (text.isEmpty() ? "an empty string" : "a blank string")
                    + fix);
        }
        if (notAFact(text)) {
            // Not an ARN, name or URL, and maybe a credential (a kubeconfig named by mistake): not quoted.
            return Optional.of("a string of " + text.length() + " characters" + (text.contains("\n")
                    ? " over several lines" : "") + ", not " + what + fix);
        }
        return Optional.empty();
    }

    private static boolean notAFact(String text) {
        return text.length() > MAX_FACT_LENGTH || text.contains("\n");
    }

    /** Whether {@link #publicOutput} has already reported what is wrong with this output, or it is a named one missing. */
    private static boolean reported(StackOutputs outputs, String name) {
        return outputs.apply(name).map(o -> o == MISSING_AND_REPORTED || o.value() != null
                && problem(o, "", "").isPresent()).orElse(false);
    }

    private static String outputKey(String output) {
        return "clusterStack output " + Quote.of(output);
    }

    private static String kind(StackOutput output) {
        if (output.secret()) {
            return Quote.secret(output.value());
        }
        var value = output.value();
        return value == null ? "null" : value instanceof String text ? "a string of " + text.length() + " characters"
                : value instanceof Double || value instanceof Integer ? "a number" : value instanceof Boolean ? "a boolean"
                : value instanceof Map ? "an object" : value instanceof java.util.List ? "a list"
                : "a " + value.getClass().getSimpleName();
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
            return Optional.of(new Gson().toJson(SortedValues.of(map)));
        }
        return Optional.empty();
    }

    /** Describes the output by kind only: it may be the kubeconfig, or any secret the cluster stack holds. */
    private static String unusable(ClusterSettings cluster, String output, String field, Optional<StackOutput> value) {
        var what = value.isEmpty() ? "has no output " + Quote.of(output)
                : "has output " + Quote.of(output) + " holding " + kind(value.get()) + ", which is not usable";
        return Quote.of(cluster.stack().orElse("")) + " " + what + "; set clusterStackOutputs." + field
                + " to the name of the output that holds it, or set " + field + " in this stack's config";
    }
}
