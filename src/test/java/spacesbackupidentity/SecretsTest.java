package spacesbackupidentity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import spacesbackupidentity.offline.OfflineCloud;
import spacesbackupidentity.offline.OfflineRun;
import spacesbackupidentity.settings.InvalidConfigException;
import spacesbackupidentity.settings.Secret;
import spacesbackupidentity.settings.Settings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static spacesbackupidentity.Declared.RELEASE;
import static spacesbackupidentity.Declared.at;

/**
 * Secretness follows the engine: what comes from a key the engine marks secret is a Pulumi secret
 * wherever it goes, nothing else becomes secret because of it, and no message quotes it.
 */
class SecretsTest {
    static final String CANARY = "CANARY-7f3a";

    /** Every string in a recorded value that is not inside a secret. */
    static List<String> plainStrings(Object value) {
        var found = new ArrayList<String>();
        collect(value, found);
        return found;
    }

    private static void collect(Object value, List<String> found) {
        if (value instanceof Secret<?>) {
            return;
        }
        if (value instanceof String s) {
            found.add(s);
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                found.add(String.valueOf(k));
                collect(v, found);
            });
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collect(v, found));
        }
    }

    static StackConfig withEverySecret() {
        return StackConfig.valid()
                .set("kubeconfig", "apiVersion: v1\nkind: Config\n# " + CANARY + "-kubeconfig\n").secret("kubeconfig")
                .json("registry", Map.of("username", CANARY + "-user", "password", CANARY + "-password"))
                .secret("registry")
                .json("spacesSecretValues", Map.of("license", Map.of("token", CANARY + "-license"),
                        "database", Map.of("url", CANARY + "-url")))
                .secret("spacesSecretValues")
                .json("spaces", Map.of("version", "1.14.1", "values", Map.of("account", "acme",
                        "license", Map.of("edition", "enterprise"))));
    }

    @Test
    void aSecretInEveryKeyThatHoldsOneIsASecretInEveryInputAndOutput() {
        var declared = Declared.run(withEverySecret());

        for (var registration : declared.result().registrations()) {
            assertThat(plainStrings(registration.inputs())).as(registration.name()).noneMatch(s -> s.contains(CANARY));
        }
        assertThat(plainStrings(declared.result().outputs())).noneMatch(s -> s.contains(CANARY));
        var values = declared.inputs(RELEASE, "spaces-release").get("values");
        assertThat(at(values, "license", "edition")).as("plain values beside secret ones stay readable")
                .isEqualTo("enterprise");
        assertThat(Declared.secretValue(at(values, "license", "token"))).isEqualTo(CANARY + "-license");
        assertThat(Declared.secretValue(at(values, "database", "url"))).isEqualTo(CANARY + "-url");
        assertThat(at(values, "account")).isEqualTo("acme");
    }

    /** README, Secrets: the three keys are passed on as secrets even when set without --secret. */
    @Test
    void theKeysThatHoldSecretsAreSecretEvenWhenSetWithoutSecret() {
        var declared = Declared.run(StackConfig.valid()
                .set("kubeconfig", "apiVersion: v1\nkind: Config\n# " + CANARY + "-kubeconfig\n")
                .json("registry", Map.of("username", CANARY + "-user", "password", CANARY + "-password"))
                .json("spacesSecretValues", Map.of("license", Map.of("token", CANARY + "-license")))
                .json("spaces", Map.of("version", "1.14.1")));

        for (var registration : declared.result().registrations()) {
            assertThat(plainStrings(registration.inputs())).as(registration.name()).noneMatch(s -> s.contains(CANARY));
        }
        assertThat(plainStrings(declared.result().outputs())).noneMatch(s -> s.contains(CANARY));
        var values = declared.inputs(RELEASE, "spaces-release").get("values");
        assertThat(Declared.secretValue(at(values, "license", "token"))).isEqualTo(CANARY + "-license");
    }

    static Stream<Arguments> keysThatMustStayReadable() {
        var values = new ArrayList<Arguments>();
        for (var key : Settings.CONFIG_KEYS) {
            if (Settings.SECRET_KEYS.contains(key)) {
                continue;
            }
            values.add(Arguments.of(key));
        }
        return values.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keysThatMustStayReadable")
    void anyOtherKeyMarkedSecretIsRefusedByNameWithoutItsValue(String key) {
        var config = StackConfig.valid().set(key, "{\"text\": \"" + CANARY + "\"}").secret(key);
        var result = StackRun.of(config);

        assertThat(result.error()).get().isInstanceOf(InvalidConfigException.class);
        assertThat(result.error().get().getMessage()).contains(key + ": marked secret")
                .contains("Only kubeconfig, registry, spacesSecretValues hold secrets").doesNotContain(CANARY);
        assertThat(result.registrations()).isEmpty();
    }

    /** It used to read as unset, and the only message was backup.region's "required", naming the wrong key. */
    @Test
    void aSecretRegionIsRefusedByNameBeforeAnythingIsDeclared() {
        var result = StackRun.of(StackConfig.valid().set("aws:region", CANARY).secret("aws:region"));

        assertThat(result.error()).get().isInstanceOf(InvalidConfigException.class);
        assertThat(result.error().get().getMessage()).isEqualTo("invalid configuration: aws:region: marked secret (set"
                + " with --secret), and this program reads it only in plain text; set it in plain text (pulumi config"
                + " set aws:region ...)");
        assertThat(result.registrations()).isEmpty();
    }

    @Test
    void secretHelmValuesInTheSpacesKeyNameWhereTheyBelong() {
        var result = StackRun.of(StackConfig.valid().json("spaces", Map.of("version", "1.14.1",
                "values", Map.of("license", CANARY))).secret("spaces"));

        assertThat(result.error().get().getMessage()).isEqualTo("invalid configuration: spaces: marked secret (a value"
                + " under it was set with --secret), but what it holds decides resources a reviewer must be able to"
                + " read in a preview; set it in plain text, and put secret Helm values under spacesSecretValues and"
                + " the registry credentials under registry. Only kubeconfig, registry, spacesSecretValues hold secrets");
    }

    static Stream<Arguments> badSecretValues() {
        return Stream.of(
                bad(c -> c.set("registry", CANARY).secret("registry"),
                        "registry: expected an object, got a secret string of 11 characters"),
                bad(c -> c.json("registry", Map.of("username", List.of(CANARY), "password", CANARY)).secret("registry"),
                        "registry.username: expected a string, got a secret list of 1 items"),
                bad(c -> c.json("registry", Map.of("password", CANARY)).secret("registry"),
                        "registry.username: required with registry.password"),
                bad(c -> c.json("registry", Map.of("usernme", CANARY)).secret("registry"),
                        "registry: an unknown key of 7 characters (not quoted: registry holds secrets) (did you mean"
                                + " 'username'?); accepted keys of registry: password, username"),
                bad(c -> c.json("registry", Map.of(CANARY, "hunter2")),
                        "registry: an unknown key of 11 characters (not quoted: registry holds secrets); accepted keys"
                                + " of registry: password, username"),
                bad(c -> c.set("spacesSecretValues", CANARY).secret("spacesSecretValues"),
                        "spacesSecretValues: expected an object of Helm values, got a secret string of 11 characters"),
                bad(c -> c.set("spacesSecretValues", "[\"" + CANARY + "\"]").secret("spacesSecretValues"),
                        "spacesSecretValues: expected an object of Helm values, got a secret list of 1 items"),
                bad(c -> c.json("spacesSecretValues", Map.of("controlPlanes", Map.of("mxpController", Map.of(
                                "serviceAccount", Map.of("annotations", Map.of("eks.amazonaws.com/role-arn", CANARY))))))
                                .secret("spacesSecretValues"),
                        "spacesSecretValues: controlPlanes.mxpController.serviceAccount.annotations"
                                + "[\"eks.amazonaws.com/role-arn\"] is set here (a secret string of 11 characters), but"
                                + " this stack sets it (the backup role's ARN); remove it from these values"),
                bad(c -> c.json("spacesSecretValues", Map.of("controlPlanes", CANARY)).secret("spacesSecretValues"),
                        "spacesSecretValues: controlPlanes is a secret string of 11 characters; expected a map"),
                bad(c -> c.set("kubeconfig", CANARY).secret("kubeconfig").set("useAmbientKubeconfig", "true"),
                        "useAmbientKubeconfig: true, but kubeconfig is set too; use one of them"));
    }

    private static Arguments bad(UnaryOperator<StackConfig> change, String message) {
        return Arguments.of(change, message);
    }

    @ParameterizedTest
    @MethodSource("badSecretValues")
    void aBadValueInASecretKeyIsDescribedByKindAndSizeNeverQuoted(UnaryOperator<StackConfig> change, String message) {
        var result = StackRun.of(change.apply(StackConfig.valid()));

        assertThat(result.error()).get().isInstanceOf(InvalidConfigException.class);
        assertThat(result.error().get().getMessage()).contains(message).doesNotContain(CANARY);
        assertThat(result.registrations()).isEmpty();
    }

    static Stream<Arguments> clusterOutputsThatMustNotBeQuoted() {
        var kubeconfig = "apiVersion: v1\nusers:\n- user:\n    token: " + CANARY + "\n";
        return Stream.of(
                Arguments.of(StackConfig.valid().fromClusterStack().json("clusterStackOutputs",
                                Map.of("oidcProviderArn", "kubeconfig")), Map.of("kubeconfig", kubeconfig),
                        List.of("kubeconfig"),
                        "clusterStack output 'kubeconfig': secret (a secret string of " + kubeconfig.length()
                                + " characters), but the OIDC provider ARN goes into the trust policy and ARNs that"
                                + " reviewers must read"),
                Arguments.of(StackConfig.valid().fromClusterStack().json("clusterStackOutputs",
                                Map.of("oidcProviderArn", "kubeconfig")), Map.of("kubeconfig", kubeconfig), List.of(),
                        "clusterStack output 'kubeconfig': secret (a secret string of " + kubeconfig.length()
                                + " characters), but the OIDC provider ARN goes into the trust policy"),
                Arguments.of(StackConfig.valid().fromClusterStack(), Map.of("oidcProviderArn", CANARY,
                                "kubeconfig", kubeconfig), List.of("oidcProviderArn", "kubeconfig"),
                        "clusterStack output 'oidcProviderArn': secret (a secret string of 11 characters)"),
                Arguments.of(StackConfig.valid().fromClusterStack().identityMode("podIdentity"),
                        Map.of("clusterArn", CANARY, "kubeconfig", kubeconfig), List.of("clusterArn"),
                        "clusterStack output 'clusterArn': secret (a secret string of 11 characters)"),
                Arguments.of(StackConfig.valid().fromClusterStack(), Map.of("oidcProviderArn", StackConfig.OIDC_ARN,
                                "kubeconfig", 5.0), List.of("kubeconfig"),
                        "has output 'kubeconfig' holding a secret double, which is not usable"));
    }

    @ParameterizedTest
    @MethodSource("clusterOutputsThatMustNotBeQuoted")
    void clusterStackOutputsThatAreSecretOrNotWhatWasAskedAreNeverQuoted(StackConfig config,
                                                                         Map<String, Object> outputs,
                                                                         List<String> secret, String message) {
        var result = StackRun.of(config, outputs, secret);

        assertThat(result.error()).get().isInstanceOf(InvalidConfigException.class);
        assertThat(result.error().get().getMessage()).contains(message).doesNotContain(CANARY).doesNotContain("token:");
        assertThat(result.registrations()).extracting(r -> r.type()).containsExactly(Declared.STACK_REFERENCE);
    }

    @Test
    void anUnexpectedExceptionIsOneLineThatSaysItIsABugAndQuotesNothing() {
        var result = OfflineRun.run(StackConfig.PROJECT, StackConfig.STACK, StackConfig.valid().engineConfig(),
                StackRun.cloud(), ctx -> App.program(null, Path.of(".")));

        assertThat(result.error()).get().isInstanceOf(BugReport.class);
        assertThat(result.error().get().getMessage()).startsWith("internal error (a bug in spaces-backup-identity;"
                + " please report it): java.lang.NullPointerException at spacesbackupidentity.App.program(App.java:")
                .doesNotContain("\n");
        assertThat(BugReport.line(new IllegalStateException(CANARY))).doesNotContain(CANARY);
        assertThat(Set.of(result.registrations())).containsExactly(List.of());
    }
}
