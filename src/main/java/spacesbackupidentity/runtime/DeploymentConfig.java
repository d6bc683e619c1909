package spacesbackupidentity.runtime;

import com.pulumi.deployment.internal.DeploymentImpl;
import com.pulumi.deployment.internal.DeploymentInstanceHolder;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.Set;

/**
 * The config the SDK holds for the running deployment, read whole: every key the engine handed over
 * and which of them it marks secret. It is the one place config arrives on every path: under the
 * Java language host the SDK parsed it from {@code PULUMI_CONFIG} and {@code PULUMI_CONFIG_SECRET_KEYS};
 * for an Automation API inline program from the engine's {@code RunRequest}
 * ({@code LanguageRuntimeImpl} → {@code InlineDeploymentSettings}); in the offline render and the
 * tests from {@code PulumiTestInternal.Builder.config}. The SDK's public surface reads one key at a
 * time ({@code getConfig}, {@code isConfigSecret}), but a misspelt key is found only by looking at all
 * of them, so the two private accessors of {@code DeploymentImpl.Config} (SDK {@value
 * ProgramRuntime#SDK_VERSION}) are read here, and nowhere else; RuntimeSeamTest fails when they move.
 */
public final class DeploymentConfig {
    private static final MethodHandle ALL_CONFIG = accessor("getAllConfig", com.google.common.collect.ImmutableMap.class);
    private static final MethodHandle SECRET_KEYS = accessor("configSecretKeys", com.google.common.collect.ImmutableSet.class);

    private DeploymentConfig() {
    }

    /** The running deployment's config ({@code Deployment.getInstance()} of this thread). */
    public static DeploymentImpl.Config current() {
        return DeploymentInstanceHolder.getInstance().getConfig();
    }

    @SuppressWarnings("unchecked")
    public static Map<String, String> values(DeploymentImpl.Config config) {
        return (Map<String, String>) invoke(ALL_CONFIG, config);
    }

    @SuppressWarnings("unchecked")
    public static Set<String> secretKeys(DeploymentImpl.Config config) {
        return (Set<String>) invoke(SECRET_KEYS, config);
    }

    private static Object invoke(MethodHandle accessor, DeploymentImpl.Config config) {
        try {
            return accessor.invoke(config);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("reading the SDK's config: " + e, e);
        }
    }

    private static MethodHandle accessor(String name, Class<?> returnType) {
        try {
            return MethodHandles.privateLookupIn(DeploymentImpl.Config.class, MethodHandles.lookup())
                    .findVirtual(DeploymentImpl.Config.class, name, MethodType.methodType(returnType));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the Pulumi Java SDK on the class path is not " + ProgramRuntime.SDK_VERSION
                    + ": DeploymentImpl.Config has no " + name + "()", e);
        }
    }
}
