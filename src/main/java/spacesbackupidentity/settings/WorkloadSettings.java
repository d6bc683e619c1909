package spacesbackupidentity.settings;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One workload this stack manages, as configured: its role, its pods' labels, what to roll, and what
 * its role may do. Control-plane backups take theirs from the top-level keys {@code role},
 * {@code podLabels} and {@code backup}; the others from {@code workloads.<key>}.
 *
 * @param roleKey      where its role is configured, for messages ({@code role}, {@code workloads.billing.role})
 * @param podLabelsKey where its pod labels are configured, for messages
 * @param rolloutName  {@code rollout} when set: the Deployment (or StatefulSet) to roll instead of the default
 * @param rolloutKey   where the rollout is configured, for messages
 */
public record WorkloadSettings(Workload workload, RoleSettings role, String roleKey,
                               SortedMap<String, String> podLabels, String podLabelsKey,
                               Optional<String> rolloutName, String rolloutKey,
                               Grant grant) {
    public WorkloadSettings {
        podLabels = Collections.unmodifiableSortedMap(new TreeMap<>(podLabels));
    }

    /** What a workload's role may do: its permissions planner takes this. */
    public sealed interface Grant permits BucketGrant, SecretsGrant {
    }

    /**
     * Objects in an S3 bucket: read, write and list them (under the prefix when there is one), use the
     * bucket's KMS key through S3; delete them only when {@code deleteObjects}.
     *
     * @param key the config key of the bucket's settings, for messages ({@code backup})
     */
    public record BucketGrant(S3Location location, boolean deleteObjects, String key) implements Grant {
    }

    /**
     * Secrets Manager secrets and Systems Manager parameters whose names start with one of the
     * prefixes, in one region of the role's own account.
     */
    public record SecretsGrant(String region, String regionKey, List<String> secretPrefixes,
                               List<String> parameterPrefixes) implements Grant {
        public SecretsGrant {
            secretPrefixes = List.copyOf(secretPrefixes);
            parameterPrefixes = List.copyOf(parameterPrefixes);
        }
    }
}
