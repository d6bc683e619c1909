package spacesbackupidentity.rules;

import java.util.Optional;
import java.util.regex.Pattern;

/** AWS's naming rules for what this program creates or references. */
public final class AwsNames {
    /** The partition IDs ARNs may name, as a regular-expression alternation, from {@link AwsPartitions#ids()}. */
    public static final String PARTITIONS = String.join("|", AwsPartitions.ids());
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    /** IAM allows any printable ASCII in a path; the ARN-forming * and ? and the policy-variable $ are kept out (a path is part of the role's ARN). */
    private static final Pattern ROLE_PATH = Pattern.compile("/|/[\\x21-\\x7E&&[^*?$]]{1,510}/");
    /**
     * A path's segments start with anything but '/': IAM's path syntax allows {@code //}, but the AWS
     * SDK's ARN parser then finds no resource (rules/ArnOracleTest), and no reader of such an ARN is
     * worth trusting.
     */
    private static final Pattern POLICY_ARN = Pattern.compile("arn:(" + PARTITIONS + "):iam::(\\d{12}|aws):policy/"
            + "([\\x21-\\x7E&&[^*?$/]][\\x21-\\x7E&&[^*?$]]{0,509}/)?[\\w+=,.@-]{1,128}");
    private static final Pattern KMS_KEY_ARN = Pattern.compile("arn:(" + PARTITIONS + "):kms:[a-z0-9-]+:\\d{12}:key/"
            + "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]+");
    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z0-9_./-]+");
    private static final Pattern TAG_TEXT = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

    private AwsNames() {
    }

    public static Optional<String> checkRoleName(String name) {
        if (!ROLE_NAME.matcher(name).matches()) {
            return Optional.of(Quote.of(name) + " is not an IAM role name; expected 1 to 64 characters of letters,"
                    + " digits and + = , . @ _ -");
        }
        return Optional.empty();
    }

    public static Optional<String> checkRolePath(String path) {
        if (!ROLE_PATH.matcher(path).matches()) {
            return Optional.of(Quote.of(path) + " is not an IAM path; expected '/' or '/segment/.../' (printable ASCII"
                    + " other than *, ? and $, starting and ending with '/', at most 512 characters)");
        }
        return Optional.empty();
    }

    public static Optional<String> checkPolicyArn(String arn) {
        if (!POLICY_ARN.matcher(arn).matches()) {
            return Optional.of(Quote.of(arn) + " is not an IAM policy ARN; expected"
                    + " arn:aws:iam::123456789012:policy/NAME (or arn:aws:iam::aws:policy/NAME)");
        }
        return Optional.empty();
    }

    /** The region a KMS key ARN checked by {@link #checkKmsKeyArn} names. */
    public static String kmsKeyRegion(String arn) {
        return arn.split(":")[3];
    }

    public static Optional<String> checkKmsKeyArn(String arn) {
        if (!KMS_KEY_ARN.matcher(arn).matches()) {
            return Optional.of(Quote.of(arn) + " is not a KMS key ARN; expected"
                    + " arn:aws:kms:REGION:123456789012:key/KEY-ID (a key ID or mrk- ID, not an alias)");
        }
        var parts = arn.split(":");
        return AwsPartitions.checkRegion(parts[3], parts[1]).map(p -> Quote.of(arn) + " names a region that is not"
                + " one of partition " + parts[1] + ": " + p);
    }

    /** The S3 general-purpose bucket naming rules. */
    public static Optional<String> checkBucketName(String name) {
        var problem = !BUCKET.matcher(name).matches() ? "3 to 63 lowercase letters, digits, '.' and '-', starting"
                + " and ending with a letter or digit"
                : name.contains("..") ? "no two adjacent periods"
                : IPV4.matcher(name).matches() ? "not formatted as an IP address"
                : name.startsWith("xn--") || name.startsWith("sthree-") || name.startsWith("amzn-s3-demo-")
                ? "no reserved prefix (xn--, sthree-, amzn-s3-demo-)"
                : name.endsWith("-s3alias") || name.endsWith("--ol-s3") || name.endsWith(".mrap")
                        || name.endsWith("--x-s3") || name.endsWith("--table-s3")
                ? "no reserved suffix (-s3alias, --ol-s3, .mrap, --x-s3, --table-s3)"
                : null;
        return Optional.ofNullable(problem)
                .map(p -> Quote.of(name) + " is not an S3 bucket name; expected " + p);
    }

    public static Optional<String> checkTagKey(String key) {
        if (key.isEmpty() || key.length() > 128 || !TAG_TEXT.matcher(key).matches()
                || key.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
            return Optional.of(Quote.of(key) + " is not a tag key; expected 1 to 128 letters, digits, spaces and"
                    + " _ . : / = + - @, not starting with 'aws:'");
        }
        return Optional.empty();
    }

    public static Optional<String> checkTagValue(String value) {
        if (value.length() > 256 || !TAG_TEXT.matcher(value).matches()) {
            return Optional.of(Quote.of(value) + " is not a tag value; expected at most 256 letters, digits, spaces"
                    + " and _ . : / = + - @");
        }
        return Optional.empty();
    }

    /**
     * A Secrets Manager secret name prefix. Names are "ASCII letters, numbers, and the following
     * characters: /_+=.@-", at most 512 (AWS Secrets Manager API Reference, CreateSecret, Name): so
     * no IAM wildcard or variable can hide in one. Empty would grant every secret.
     */
    public static Optional<String> checkSecretNamePrefix(String prefix) {
        if (prefix.isEmpty() || prefix.length() > 512 || !SECRET_NAME.matcher(prefix).matches()) {
            return Optional.of(Quote.of(prefix) + " is not a secret name prefix; expected 1 to 512 ASCII letters,"
                    + " digits and / _ + = . @ -, such as 'spaces/prod/' (every secret whose name starts with it)");
        }
        return Optional.empty();
    }

    /**
     * A Systems Manager parameter name prefix, with or without its leading '/'. Names are
     * "a-zA-Z0-9_.-" with '/' between levels, at most 1011 characters (AWS Systems Manager User
     * Guide, "Parameter name requirements and constraints"). Empty (or only '/') would grant every
     * parameter.
     */
    public static Optional<String> checkParameterNamePrefix(String prefix) {
        var bare = prefix.startsWith("/") ? prefix.substring(1) : prefix;
        if (bare.isEmpty() || prefix.length() > 1011 || !PARAMETER_NAME.matcher(prefix).matches()
                || bare.startsWith("/")) {
            return Optional.of(Quote.of(prefix) + " is not a parameter name prefix; expected 1 to 1011 ASCII letters,"
                    + " digits and _ . - with / between levels, such as '/spaces/prod/' (every parameter whose name"
                    + " starts with it), and not '/' alone");
        }
        return Optional.empty();
    }
}
