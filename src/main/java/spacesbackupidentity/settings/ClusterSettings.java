package spacesbackupidentity.settings;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where the facts about the EKS cluster come from: explicit config values, else the outputs of
 * the cluster's own stack ({@code clusterStack}). The ambient kubeconfig is used only on request.
 */
public record ClusterSettings(Optional<String> stack, StackOutputNames outputNames,
                              Optional<OidcProvider> oidcProvider, Optional<Secret> kubeconfig,
                              boolean useAmbientKubeconfig) {
    static final String STACK_KEY = "clusterStack";
    static final String OUTPUTS_KEY = "clusterStackOutputs";
    static final String OIDC_KEY = "oidcProviderArn";
    static final String KUBECONFIG_KEY = "kubeconfig";
    static final String AMBIENT_KEY = "useAmbientKubeconfig";
    private static final Pattern STACK_NAME = Pattern.compile("([\\w.-]+/){0,2}[\\w.-]+");

    /** Output names in the cluster stack; the defaults are pulumi-eks's. */
    public record StackOutputNames(String oidcProviderArn, String oidcProviderUrl, String kubeconfig) {
        static final Set<String> FIELDS = Set.of("oidcProviderArn", "oidcProviderUrl", "kubeconfig");
        public static final StackOutputNames PULUMI_EKS =
                new StackOutputNames("oidcProviderArn", "oidcProviderUrl", "kubeconfig");
    }

    /** The cluster stack is read for the OIDC provider unless config names it. */
    public boolean oidcProviderFromStack() {
        return oidcProvider.isEmpty();
    }

    /** The cluster stack is read for a kubeconfig unless config gives one or asks for the ambient one. */
    public boolean kubeconfigFromStack() {
        return kubeconfig.isEmpty() && !useAmbientKubeconfig;
    }

    static ClusterSettings read(RootConfig root, ConfigProblems problems) {
        var stack = root.string(STACK_KEY);
        stack.filter(s -> !STACK_NAME.matcher(s).matches()).ifPresent(s -> problems.add(STACK_KEY,
                "'" + s + "' is not a stack reference; expected ORG/PROJECT/STACK such as acme/eks-cluster/dev"));
        var outputs = root.object(OUTPUTS_KEY, StackOutputNames.FIELDS);
        if (outputs.isPresent() && stack.isEmpty()) {
            problems.add(OUTPUTS_KEY, "set, but " + STACK_KEY + " is not; name the cluster stack to read them from");
        }
        var names = outputs.map(o -> new StackOutputNames(
                o.string("oidcProviderArn").orElse(StackOutputNames.PULUMI_EKS.oidcProviderArn()),
                o.string("oidcProviderUrl").orElse(StackOutputNames.PULUMI_EKS.oidcProviderUrl()),
                o.string("kubeconfig").orElse(StackOutputNames.PULUMI_EKS.kubeconfig())))
                .orElse(StackOutputNames.PULUMI_EKS);

        Optional<OidcProvider> oidc = Optional.empty();
        var arn = root.string(OIDC_KEY);
        if (arn.isPresent()) {
            try {
                oidc = Optional.of(OidcProvider.parse(OIDC_KEY, arn.get()));
            } catch (InvalidConfigException e) {
                problems.addAll(e);
            }
        } else if (stack.isEmpty()) {
            problems.add(OIDC_KEY, "required when " + STACK_KEY + " is not set; the EKS cluster's IAM OIDC"
                    + " provider ARN, such as arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ID");
        }

        var kubeconfig = root.string(KUBECONFIG_KEY).map(Secret::new);
        var ambient = root.bool(AMBIENT_KEY).orElse(false);
        if (kubeconfig.isPresent() && ambient) {
            problems.add(AMBIENT_KEY, "true, but " + KUBECONFIG_KEY + " is set too; use one of them");
        }
        if (kubeconfig.isEmpty() && !ambient && stack.isEmpty()) {
            problems.add(KUBECONFIG_KEY, "required when " + STACK_KEY + " is not set; set it with"
                    + " `pulumi config set --secret kubeconfig \"$(cat KUBECONFIG)\"`, or set "
                    + AMBIENT_KEY + " to true to use the kubeconfig of the machine running Pulumi");
        }
        return new ClusterSettings(stack, names, oidc, kubeconfig, ambient);
    }
}
