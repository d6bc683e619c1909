package spacesbackupidentity.stack;

import com.google.gson.Gson;
import com.pulumi.core.Output;
import com.pulumi.resources.StackReference;
import com.pulumi.resources.StackReferenceArgs;
import spacesbackupidentity.plan.IdentityPlan;
import spacesbackupidentity.plan.ResourceNames;
import spacesbackupidentity.settings.ClusterSettings;
import spacesbackupidentity.settings.InvalidConfigException;
import spacesbackupidentity.settings.OidcProvider;
import spacesbackupidentity.settings.Settings;

import java.util.Map;
import java.util.Optional;

/**
 * The plan and the kubeconfig, from config where it has them, else from the cluster stack.
 * When config names the OIDC provider, the plan is computed right here, so an over-quota
 * policy or conflicting values fail before anything is declared. From the cluster stack, only
 * the stack reference is read first; every resource takes an input from the plan, so none is
 * registered if the stack's outputs turn out to be missing or wrong.
 *
 * @param kubeconfig empty when the provider should use the ambient kubeconfig
 */
public record ClusterInputs(Output<IdentityPlan> plan, Optional<Output<String>> kubeconfig) {

    public static ClusterInputs resolve(Settings settings) {
        var cluster = settings.cluster();
        var eagerPlan = cluster.oidcProvider().map(oidc -> IdentityPlan.of(settings, oidc));
        var needsStack = cluster.stack().isPresent()
                && (cluster.oidcProviderFromStack() || cluster.kubeconfigFromStack());
        var stack = needsStack ? Optional.of(new StackReference(ResourceNames.CLUSTER_STACK,
                StackReferenceArgs.builder().name(cluster.stack().get()).build())) : Optional.<StackReference>empty();

        // Missing stack outputs must stop every resource, so the plan waits for all of them.
        var kubeconfigFromStack = cluster.kubeconfigFromStack()
                ? Optional.of(stack.orElseThrow().output(cluster.outputNames().kubeconfig())
                .applyValue(value -> kubeconfigText(cluster, value)))
                : Optional.<Output<String>>empty();
        // Whether the output is usable is no secret, though the kubeconfig itself is.
        var stackReady = kubeconfigFromStack.map(k -> k.applyValue(text -> true).asPlaintext())
                .orElse(Output.of(true));
        Output<IdentityPlan> plan = eagerPlan.map(p -> stackReady.applyValue(ready -> p)).orElseGet(() ->
                Output.tuple(oidcProvider(cluster, stack.orElseThrow()), stackReady)
                        .applyValue(t -> IdentityPlan.of(settings, t.t1)));

        Optional<Output<String>> kubeconfig = cluster.kubeconfig().map(k -> Output.ofSecret(k.value()))
                .or(() -> kubeconfigFromStack.map(k -> plan.apply(p -> k).asSecret()));
        return new ClusterInputs(plan, kubeconfig);
    }

    private static Output<OidcProvider> oidcProvider(ClusterSettings cluster, StackReference stack) {
        var names = cluster.outputNames();
        return Output.tuple(stack.output(names.oidcProviderArn()), stack.output(names.oidcProviderUrl()))
                .applyValue(outputs -> {
                    var arn = outputs.t1;
                    if (!(arn instanceof String text)) {
                        throw missingOutput(cluster, names.oidcProviderArn(), "oidcProviderArn", arn);
                    }
                    var oidc = OidcProvider.parse("clusterStack output '" + names.oidcProviderArn() + "'", text);
                    if (outputs.t2 instanceof String url) {
                        oidc.checkIssuerUrl(url).ifPresent(problem -> {
                            throw InvalidConfigException.of("clusterStack output '" + names.oidcProviderUrl() + "'",
                                    problem);
                        });
                    }
                    return oidc;
                });
    }

    /** pulumi-eks exports the kubeconfig as an object; the provider takes text, and JSON is YAML. */
    private static String kubeconfigText(ClusterSettings cluster, Object value) {
        if (value instanceof String text && !text.isBlank()) {
            return text;
        }
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            return new Gson().toJson(map);
        }
        throw missingOutput(cluster, cluster.outputNames().kubeconfig(), "kubeconfig", value);
    }

    private static InvalidConfigException missingOutput(ClusterSettings cluster, String output, String field,
                                                        Object value) {
        var what = value == null ? "has no output '" + output + "'"
                : "has output '" + output + "' = " + (value instanceof String ? "'" + value + "'" : "a "
                + value.getClass().getSimpleName()) + ", which is not usable";
        return InvalidConfigException.of("clusterStack", "'" + cluster.stack().orElse("") + "' " + what
                + "; set clusterStackOutputs." + field + " to the name of the output that holds it, or set "
                + field + " in this stack's config");
    }
}
