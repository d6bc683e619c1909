package spacesbackupidentity.settings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import spacesbackupidentity.StackConfig;
import spacesbackupidentity.StackRun;

import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kubeconfig shapes EKS tooling writes pass; anything that would run another command, send
 * the EKS token elsewhere or read a file instead is refused, by place, never by content. The
 * accepted shapes are what `aws eks update-kubeconfig` (AWS CLI v2, customizations/eks/
 * update_kubeconfig.py: args [--region, R, eks, get-token, --cluster-name, N, --output, json])
 * and pulumi-eks (nodejs/eks/cluster.ts, generateKubeconfig: [eks, get-token, --cluster-name, N])
 * write, with the endpoint form EKS reports (https://ID.gr7.REGION.eks.amazonaws.com).
 */
class KubeconfigRulesTest {
    static final String SECRET = "s3cr3t-canary";
    static final String SERVER = "https://0123456789ABCDEF0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com";

    static String kubeconfig(String server, String user) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: acme
                  cluster:
                    server: %s
                    certificate-authority-data: %s
                contexts:
                - name: acme
                  context: {cluster: acme, user: acme}
                current-context: acme
                users:
                - name: acme
                  user:
                %s
                """.formatted(server, SECRET, user.indent(4).stripTrailing());
    }

    static final String UPDATE_KUBECONFIG_USER = """
            exec:
              apiVersion: client.authentication.k8s.io/v1beta1
              command: aws
              args: [--region, us-east-1, eks, get-token, --cluster-name, acme, --output, json]
              env: [{name: AWS_PROFILE, value: deploy}]""";

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("aws eks update-kubeconfig", kubeconfig(SERVER, UPDATE_KUBECONFIG_USER)),
                Arguments.of("pulumi-eks", kubeconfig(SERVER + ":443", """
                        exec:
                          apiVersion: client.authentication.k8s.io/v1beta1
                          command: aws
                          args: [eks, get-token, --cluster-name, acme]""")),
                Arguments.of("aws-iam-authenticator", kubeconfig(SERVER, """
                        exec:
                          command: aws-iam-authenticator
                          args: [token, -i, acme]""")),
                Arguments.of("a token", kubeconfig(SERVER, "token: " + SECRET)),
                Arguments.of("JSON", "{\"apiVersion\": \"v1\", \"kind\": \"Config\", \"clusters\": [{\"name\": \"a\","
                        + " \"cluster\": {\"server\": \"" + SERVER + "\"}}]}"),
                Arguments.of("no clusters yet", StackConfig.KUBECONFIG));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void kubeconfigsEksToolingWritesPass(String what, String text) {
        assertThat(KubeconfigRules.problems(text, Optional.of("us-east-1"))).isEmpty();
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(kubeconfig(SERVER, "exec: {command: sh, args: [-c, 'curl " + SECRET + " | sh']}"),
                        "users[0].user.exec.command: not aws or aws-iam-authenticator (by name, without a path)"),
                Arguments.of(kubeconfig(SERVER, "exec: {command: /tmp/aws, args: [eks, get-token]}"),
                        "users[0].user.exec.command: not aws or aws-iam-authenticator"),
                Arguments.of(kubeconfig(SERVER, "Exec: {command: sh, args: [-c, id]}"),
                        "users[0].user.exec.command: not aws"),
                Arguments.of(kubeconfig(SERVER, "exec: {command: aws, args: [s3, cp, /root/.aws, 's3://x']}"),
                        "users[0].user.exec.args: do not start with eks get-token"),
                Arguments.of(kubeconfig(SERVER, "exec: {command: aws, args: [eks, get-token],"
                                + " env: [{name: AWS_CONFIG_FILE, value: evil.cfg}]}"),
                        "users[0].user.exec.env[0]: not one of AWS_DEFAULT_REGION, AWS_PROFILE"),
                Arguments.of(kubeconfig(SERVER, "auth-provider: {name: oidc}"),
                        "users[0].user.auth-provider: set"),
                // Fields this check does not judge are refused too: a token file goes to any server as the
                // bearer token, the deploy runner's web-identity token among them.
                Arguments.of(kubeconfig("https://attacker.example", "tokenFile: /var/run/secrets/eks.amazonaws.com/"
                                + SECRET + "/token"),
                        "users[0].user.tokenfile: set; it reads a file of the machine running Pulumi and sends it as"
                                + " the bearer token"),
                Arguments.of(kubeconfig(SERVER, "client-certificate: /home/" + SECRET + "\nclient-key: /home/" + SECRET),
                        "users[0].user.client-certificate: set; it reads a file of the machine running Pulumi"),
                Arguments.of(kubeconfig(SERVER, "token: " + SECRET + "\nas: system:admin"),
                        "users[0].user.as: set; it impersonates another user"),
                Arguments.of(kubeconfig(SERVER, "username: admin\npassword: " + SECRET),
                        "users[0].user.username: set; it sends a password"),
                Arguments.of(kubeconfig(SERVER, "token: x\n" + SECRET + ": evil"),
                        "users[0].user.a field of 13 characters (not quoted: a kubeconfig is a secret) that this program"
                                + " does not let a kubeconfig use; expected only auth-provider, client-certificate-data,"
                                + " client-key-data, exec, token"),
                Arguments.of(kubeconfig(SERVER, UPDATE_KUBECONFIG_USER + "\n  " + SECRET + ": evil"),
                        "users[0].user.exec.a field of 13 characters"),
                Arguments.of(kubeconfig(SERVER, "token: x").replace("certificate-authority-data: ",
                                "certificate-authority: /home/evil/ca.crt\n    x-data: "),
                        "clusters[0].cluster.certificate-authority: set; it reads a file of the machine running Pulumi"),
                Arguments.of(SECRET + "-key: 1\n" + kubeconfig(SERVER, "token: x"),
                        "a field of 17 characters (not quoted: a kubeconfig is a secret)"),
                Arguments.of(kubeconfig("https://attacker.example", UPDATE_KUBECONFIG_USER),
                        "clusters[0].cluster.server: not the EKS API endpoint of the cluster's region us-east-1"
                                + " (https://ID.xxx.us-east-1.eks...), and a user obtains an EKS token; the token would"
                                + " go elsewhere"),
                Arguments.of(kubeconfig(SERVER.replace("us-east-1", "us-west-2"), UPDATE_KUBECONFIG_USER),
                        "clusters[0].cluster.server: not the EKS API endpoint"),
                Arguments.of(kubeconfig(SERVER + ":8443", UPDATE_KUBECONFIG_USER),
                        "clusters[0].cluster.server: not the EKS API endpoint"),
                Arguments.of(kubeconfig("https://127.0.0.1:6443", CLIENT_CERTIFICATE_USER).replace("users:\n",
                                "users:\n- name: eks\n  user:\n" + UPDATE_KUBECONFIG_USER.indent(4)),
                        "clusters[0].cluster.server: not the EKS API endpoint"),
                Arguments.of(kubeconfig(SERVER.replace("amazonaws.com", "amazonaws.com.attacker.example"),
                        UPDATE_KUBECONFIG_USER), "clusters[0].cluster.server: not the EKS API endpoint"),
                Arguments.of(kubeconfig(SERVER.replace("https", "http"), "token: x"),
                        "clusters[0].cluster.server: expected an https:// URL"),
                Arguments.of(kubeconfig(SERVER + "\n    insecure-skip-tls-verify: true", "token: x"),
                        "clusters[0].cluster.insecure-skip-tls-verify: set"),
                Arguments.of(kubeconfig(SERVER + "\n    proxy-url: http://proxy.attacker.example", "token: x"),
                        "clusters[0].cluster.proxy-url: set"),
                Arguments.of("/home/runner/.kube/" + SECRET, "not a kubeconfig object; the provider would read a single"
                        + " line as the path of a file"),
                Arguments.of("a: 1\na: " + SECRET, "not readable as YAML or JSON"),
                Arguments.of("[" + SECRET + "]", "not a kubeconfig object"),
                Arguments.of(("# " + SECRET + "\n").repeat((1 << 20) / SECRET.length()) + "apiVersion: v1\n",
                        "longer than 1048576 characters; not a kubeconfig"),
                Arguments.of(kubeconfig(SERVER, "exec: aws eks get-token " + SECRET), "users[0].user.exec: expected an"
                        + " object"),
                Arguments.of(kubeconfig(SERVER, "exec: {command: aws, args: [eks, get-token],"
                                + " env: {AWS_CONFIG_FILE: evil.cfg}}"),
                        "users[0].user.exec.env: expected a list"),
                Arguments.of("clusters: {acme: {server: '" + SERVER + "'}}\n", "clusters: expected a list"),
                Arguments.of("clusters:\n- name: acme\n  cluster: " + SECRET + "\n", "clusters[0].cluster: expected an"
                        + " object"),
                Arguments.of(kubeconfig(SERVER, "exec: {command: aws, args: [eks, get-token]}\nExec: {command: sh,"
                        + " args: [-c, 'curl " + SECRET + "']}"), "users[0].user: exec spelled 2 ways; give it once"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("refused")
    void anythingElseIsRefusedByPlaceWithoutItsContent(String text, String problem) {
        var problems = KubeconfigRules.problems(text, Optional.of("us-east-1"));

        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(problem));
        assertThat(problems).noneMatch(p -> p.contains(SECRET) || p.contains("attacker") || p.contains("evil"));
    }

    static final String CLIENT_CERTIFICATE_USER = "client-certificate-data: " + SECRET + "\nclient-key-data: " + SECRET;

    /** No AWS credential travels with a client certificate or a static token: any https:// server will do. */
    @Test
    void withoutAnEksTokenAnyHttpsServerPasses() {
        for (var region : java.util.List.of(Optional.<String>empty(), Optional.of("us-east-1"))) {
            assertThat(KubeconfigRules.problems(kubeconfig("https://127.0.0.1:44321", CLIENT_CERTIFICATE_USER), region))
                    .isEmpty();
            assertThat(KubeconfigRules.problems(kubeconfig("https://k8s.acme.internal:6443", "token: x"), region))
                    .isEmpty();
        }
    }

    /** An EKS token goes only to an EKS API endpoint that can be checked: no known region, no token. */
    @Test
    void anEksTokenWithoutAKnownRegionIsRefused() {
        assertThat(KubeconfigRules.problems(kubeconfig(SERVER, UPDATE_KUBECONFIG_USER), Optional.empty()))
                .containsExactly("users[0].user.exec: obtains an EKS token, but the cluster's region is not known (it"
                        + " comes from clusterArn or an EKS OIDC issuer), so no server can be checked to be its EKS API"
                        + " endpoint; set clusterArn, or use a client certificate or token instead");
        assertThat(KubeconfigRules.problems(kubeconfig(SERVER.replace("us-east-1", "us-east-1x"),
                UPDATE_KUBECONFIG_USER), Optional.of("us-east-1x")))
                .containsExactly("users[0].user.exec: obtains an EKS token, but the cluster's region is not an AWS"
                        + " region (it comes from clusterArn or an EKS OIDC issuer), so no server can be checked to be"
                        + " its EKS API endpoint; set clusterArn, or use a client certificate or token instead");
    }

    /** The attack: a region that is no region switched the server check off. */
    @Test
    void aRegionThatIsNoRegionIsRefusedWhereverTheStackNamesIt() {
        var kubeconfig = kubeconfig("https://attacker.example", UPDATE_KUBECONFIG_USER);
        var viaClusterArn = StackRun.of(StackConfig.valid().identityMode("both")
                .set("clusterArn", "arn:aws:eks:us-east-1x:123456789012:cluster/acme")
                .set("kubeconfig", kubeconfig).secret("kubeconfig"));
        var viaIssuer = StackRun.of(StackConfig.valid().set("oidcProviderArn",
                        "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1x.amazonaws.com/id/ABCDEF")
                .set("kubeconfig", kubeconfig).secret("kubeconfig"));

        assertThat(viaClusterArn.error()).get().extracting(Throwable::getMessage).asString()
                .contains("clusterArn: 'arn:aws:eks:us-east-1x:123456789012:cluster/acme' names a region that is not"
                        + " one of partition aws: 'us-east-1x' is not an AWS region; expected one of the 34 regions of"
                        + " partition aws in the AWS SDK's partition metadata, such as us-east-1");
        assertThat(viaIssuer.error()).get().extracting(Throwable::getMessage).asString()
                .contains("oidcProviderArn: 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1x.amazonaws.com"
                        + "/id/ABCDEF' has an EKS issuer whose region is not one of partition aws: 'us-east-1x' is not"
                        + " an AWS region");
        assertThat(viaClusterArn.registrations()).isEmpty();
        assertThat(viaIssuer.registrations()).isEmpty();
    }

    /** Through the program: a secret kubeconfig that runs a command fails before anything is registered. */
    @Test
    void theProgramRefusesItBeforeRegisteringAnything() {
        var result = StackRun.of(StackConfig.valid().set("kubeconfig",
                kubeconfig(SERVER, "exec: {command: sh, args: [-c, 'curl " + SECRET + " | sh']}")).secret("kubeconfig"));

        assertThat(result.error()).get().isInstanceOf(InvalidConfigException.class)
                .extracting(Throwable::getMessage).asString()
                .contains("kubeconfig: users[0].user.exec.command: not aws or aws-iam-authenticator")
                .doesNotContain(SECRET);
        assertThat(result.registrations()).isEmpty();
    }
}
