package spacesbackupidentity.settings;

import spacesbackupidentity.rules.Quote;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where the facts about the EKS cluster come from: explicit config values, else the outputs of
 * the cluster's own stack ({@code clusterStack}). Which facts are needed follows the identity
 * mode: the OIDC provider for IRSA, the cluster's name and ARN for Pod Identity. The ambient
 * kubeconfig is used only on request.
 *
 * @param clusterArn  from {@code clusterArn}, or {@code clusterName} with the OIDC provider
 */
public record ClusterSettings(Optional<String> stack, StackOutputNames outputNames, boolean needsOidcProvider,
                              boolean needsEksCluster, Optional<OidcProvider> oidcProvider,
                              Optional<String> clusterName, Optional<EksCluster> clusterArn,
                              Optional<Secret<String>> kubeconfig, boolean useAmbientKubeconfig) {
    public static final String STACK_KEY = "clusterStack";
    static final String OUTPUTS_KEY = "clusterStackOutputs";
    static final String OIDC_KEY = "oidcProviderArn";
    static final String CLUSTER_NAME_KEY = "clusterName";
    static final String CLUSTER_ARN_KEY = "clusterArn";
    static final String KUBECONFIG_KEY = "kubeconfig";
    static final String AMBIENT_KEY = "useAmbientKubeconfig";
    private static final Pattern STACK_NAME = Pattern.compile("([\\w.-]+/){0,2}[\\w.-]+");

    /**
     * Output names in the cluster stack; the defaults are pulumi-eks's and the obvious ones.
     *
     * @param named the fields {@code clusterStackOutputs} sets: the stack must have each output so named
     */
    public record StackOutputNames(String oidcProviderArn, String oidcProviderUrl, String kubeconfig,
                                   String clusterName, String clusterArn, java.util.SortedSet<String> named) {
        static final Set<String> FIELDS = Set.of("oidcProviderArn", "oidcProviderUrl", "kubeconfig", "clusterName",
                "clusterArn");
        public static final StackOutputNames DEFAULTS =
                new StackOutputNames("oidcProviderArn", "oidcProviderUrl", "kubeconfig", "clusterName", "clusterArn");

        public StackOutputNames {
            named = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(named));
        }

        /** Names none explicitly. */
        public StackOutputNames(String oidcProviderArn, String oidcProviderUrl, String kubeconfig, String clusterName,
                                String clusterArn) {
            this(oidcProviderArn, oidcProviderUrl, kubeconfig, clusterName, clusterArn, new java.util.TreeSet<>());
        }

        /** The output name for one field of {@code clusterStackOutputs}. */
        public String of(String field) {
            return switch (field) {
                case "oidcProviderArn" -> oidcProviderArn;
                case "oidcProviderUrl" -> oidcProviderUrl;
                case "kubeconfig" -> kubeconfig;
                case "clusterName" -> clusterName;
                case "clusterArn" -> clusterArn;
                default -> throw new IllegalArgumentException("no clusterStackOutputs field " + field);
            };
        }
    }

    /** The cluster stack is read for the OIDC provider unless config names it. */
    public boolean oidcProviderFromStack() {
        return oidcProvider.isEmpty();
    }

    /** The cluster stack is read for the cluster unless config names it well enough to know its ARN. */
    public boolean eksClusterFromStack() {
        return needsEksCluster && clusterArn.isEmpty() && !(clusterName.isPresent() && oidcProvider.isPresent());
    }

    /** The cluster stack is read for a kubeconfig unless config gives one or asks for the ambient one. */
    public boolean kubeconfigFromStack() {
        return kubeconfig.isEmpty() && !useAmbientKubeconfig;
    }

    static ClusterSettings read(RootConfig root, IdentityMode mode, ConfigProblems problems) {
        var stack = root.string(STACK_KEY);
        stack.filter(s -> !STACK_NAME.matcher(s).matches()).ifPresent(s -> problems.add(STACK_KEY,
                Quote.of(s) + " is not a stack reference; expected ORG/PROJECT/STACK such as acme/eks-cluster/dev"));
        var outputs = root.object(OUTPUTS_KEY, StackOutputNames.FIELDS);
        if (outputs.isPresent() && stack.isEmpty()) {
            problems.add(OUTPUTS_KEY, "set, but " + STACK_KEY + " is not; name the cluster stack to read them from");
        }
        var defaults = StackOutputNames.DEFAULTS;
        var names = outputs.map(o -> new StackOutputNames(
                o.string("oidcProviderArn").orElse(defaults.oidcProviderArn()),
                o.string("oidcProviderUrl").orElse(defaults.oidcProviderUrl()),
                o.string("kubeconfig").orElse(defaults.kubeconfig()),
                o.string("clusterName").orElse(defaults.clusterName()),
                o.string("clusterArn").orElse(defaults.clusterArn()),
                new java.util.TreeSet<>(StackOutputNames.FIELDS.stream().filter(o::has).toList())))
                .orElse(defaults);

        var oidc = root.string(OIDC_KEY).flatMap(arn -> problems.collect(() -> OidcProvider.parse(OIDC_KEY, arn)));
        var clusterName = root.string(CLUSTER_NAME_KEY);
        clusterName.flatMap(EksCluster::checkName).ifPresent(p -> problems.add(CLUSTER_NAME_KEY, p));
        var clusterArn = root.string(CLUSTER_ARN_KEY)
                .flatMap(arn -> problems.collect(() -> EksCluster.fromArn(CLUSTER_ARN_KEY, arn)));
        if (clusterName.isPresent() && clusterArn.isPresent() && !clusterArn.get().name().equals(clusterName.get())) {
            problems.add(CLUSTER_NAME_KEY, Quote.of(clusterName.get()) + " is not the cluster clusterArn names ("
                    + Quote.of(clusterArn.get().name()) + "); set one of them, or make them agree");
        }

        var kubeconfig = root.string(KUBECONFIG_KEY).map(Secret<String>::new);
        var ambient = root.bool(AMBIENT_KEY).orElse(false);
        var settings = new ClusterSettings(stack, names, mode.usesIrsa(), mode.usesPodIdentity(), oidc, clusterName,
                clusterArn, kubeconfig, ambient);

        if (stack.isEmpty()) {
            if (settings.needsOidcProvider && root.string(OIDC_KEY).isEmpty()) {
                problems.add(OIDC_KEY, "required for identity.mode " + mode.configValue() + " when " + STACK_KEY
                        + " is not set; the EKS cluster's IAM OIDC provider ARN, such as"
                        + " arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ID");
            }
            if (settings.eksClusterFromStack() && root.string(CLUSTER_ARN_KEY).isEmpty()
                    && root.string(CLUSTER_NAME_KEY).isEmpty()) {
                problems.add(CLUSTER_ARN_KEY, "required for identity.mode " + mode.configValue() + " when "
                        + STACK_KEY + " is not set; the EKS cluster's ARN (arn:aws:eks:REGION:ACCOUNT:cluster/NAME),"
                        + " or clusterName together with oidcProviderArn");
            }
            if (settings.eksClusterFromStack() && root.string(CLUSTER_NAME_KEY).isPresent()
                    && root.string(OIDC_KEY).isEmpty()) {
                problems.add(CLUSTER_NAME_KEY, "set without clusterArn or oidcProviderArn, so the cluster's ARN is"
                        + " unknown; set clusterArn");
            }
            if (kubeconfig.isEmpty() && !ambient) {
                problems.add(KUBECONFIG_KEY, "required when " + STACK_KEY + " is not set; set it with"
                        + " `pulumi config set --secret kubeconfig \"$(cat KUBECONFIG)\"`, or set "
                        + AMBIENT_KEY + " to true to use the kubeconfig of the machine running Pulumi");
            }
        }
        if (kubeconfig.isPresent() && ambient) {
            problems.add(AMBIENT_KEY, "true, but " + KUBECONFIG_KEY + " is set too; use one of them");
        }
        return settings;
    }
}
