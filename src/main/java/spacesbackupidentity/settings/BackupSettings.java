package spacesbackupidentity.settings;

import java.util.Optional;
import java.util.Set;

/** {@code backup}: where Spaces writes control-plane backups. */
public record BackupSettings(String bucket, Optional<String> prefix, Optional<String> kmsKeyArn) {
    static final String KEY = "backup";
    static final Set<String> FIELDS = Set.of("bucket", "prefix", "kmsKeyArn");

    static BackupSettings read(ConfigObject backup, ConfigProblems problems) {
        var bucket = backup.string("bucket");
        if (bucket.isEmpty() && !backup.has("bucket")) {
            problems.add(backup.keyOf("bucket"), "required; the S3 bucket that holds the backups");
        }
        bucket.flatMap(AwsNames::checkBucketName).ifPresent(p -> problems.add(backup.keyOf("bucket"), p));
        var prefix = backup.string("prefix").map(BackupSettings::normalizePrefix).filter(p -> !p.isEmpty());
        prefix.flatMap(BackupSettings::checkPrefix).ifPresent(p -> problems.add(backup.keyOf("prefix"), p));
        var kms = backup.string("kmsKeyArn");
        kms.flatMap(AwsNames::checkKmsKeyArn).ifPresent(p -> problems.add(backup.keyOf("kmsKeyArn"), p));
        return new BackupSettings(bucket.orElse(""), prefix, kms);
    }

    /** "backups/" and "backups" are the same prefix; one spelling keeps the policy stable. */
    static String normalizePrefix(String prefix) {
        var p = prefix;
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static Optional<String> checkPrefix(String prefix) {
        if (prefix.startsWith("/") || prefix.contains("//") || prefix.matches(".*[*?$\\s].*")) {
            return Optional.of("'" + prefix + "' is not a usable key prefix; expected path segments such as"
                    + " 'spaces/prod', without a leading '/', empty segments, whitespace or the policy wildcards * ? $");
        }
        return Optional.empty();
    }
}
