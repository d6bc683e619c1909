package spacesbackupidentity.plan;

import spacesbackupidentity.settings.ControlPlane;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * How a trust policy measures against IAM's size quota. IAM counts the policy's characters
 * without whitespace, so that is what is counted here.
 *
 * @param size                        the policy's non-whitespace characters
 * @param quota                       the account's applied quota
 * @param controlPlanesThatFit        how many of the configured control planes fit at this quota
 * @param additionalUuidControlPlanes how many more control planes with default namespaces
 *                                    ({@code mxp-<uuid>-system}) would still fit; empty when the
 *                                    policy does not grow with control planes
 */
public record TrustPolicySize(int size, int quota, int controlPlanesThatFit, OptionalInt additionalUuidControlPlanes) {

    public boolean fits() {
        return size <= quota;
    }

    public int remainingCharacters() {
        return quota - size;
    }

    /** IAM's measure: every character except whitespace. */
    public static int nonWhitespaceLength(String policyJson) {
        int count = 0;
        for (int i = 0; i < policyJson.length(); i++) {
            if (!Character.isWhitespace(policyJson.charAt(i))) {
                count++;
            }
        }
        return count;
    }

    /**
     * Measures the policy that {@code policyFor} builds for these namespaces, by building the real
     * policies. A policy that does not grow with namespaces is measured once.
     */
    public static TrustPolicySize measure(Function<List<String>, String> policyFor, List<String> namespaces,
                                          int quota, boolean grows) {
        var size = nonWhitespaceLength(policyFor.apply(namespaces));
        if (!grows) {
            return new TrustPolicySize(size, quota, size <= quota ? namespaces.size() : 0, OptionalInt.empty());
        }
        var shortestFirst = new ArrayList<>(namespaces);
        shortestFirst.sort(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()));
        var fit = largestThatFits(namespaces.size(), n -> shortestFirst.subList(0, n), policyFor, quota);
        var additional = size > quota ? 0 : largestThatFits(Integer.MAX_VALUE / 2, n -> {
            var grown = new ArrayList<>(namespaces);
            for (int i = 0; i < n; i++) {
                grown.add(ControlPlane.namespaceFor(new UUID(0x5BACC0DE_00000000L, i).toString()));
            }
            return grown;
        }, policyFor, quota);
        return new TrustPolicySize(size, quota, fit, OptionalInt.of(additional));
    }

    /**
     * The largest n up to {@code max} whose policy fits, found by doubling then bisecting: the
     * size grows with n, so about 2·log2(n) policies are built.
     */
    private static int largestThatFits(int max, IntFunction<List<String>> namespacesFor,
                                       Function<List<String>, String> policyFor, int quota) {
        IntFunction<Boolean> fits = n -> nonWhitespaceLength(policyFor.apply(namespacesFor.apply(n))) <= quota;
        int low = 0;
        int high = 1;
        while (high <= max && fits.apply(high)) {
            low = high;
            high = high * 2;
        }
        high = Math.min(high, max + 1);
        while (high - low > 1) {
            int mid = (low + high) >>> 1;
            if (fits.apply(mid)) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
