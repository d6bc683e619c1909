package spacesbackupidentity;

import com.pulumi.exceptions.RunException;

import java.util.Arrays;

/**
 * An exception or error the program did not expect (an OutOfMemoryError or StackOverflowError
 * included), reported as one line that says it is a bug and where it happened, and nothing of its
 * message: that may quote any value, a secret included. A
 * {@link RunException}, so that {@code pulumi up} prints the line without a Java stack trace.
 */
public final class BugReport extends RunException {
    private static final long serialVersionUID = 1L;

    private BugReport(String message) {
        super(message);
    }

    public static BugReport of(Throwable unexpected) {
        return new BugReport(line(unexpected));
    }

    /** "internal error (a bug in spaces-backup-identity; please report it): NullPointerException at X.java:42". */
    public static String line(Throwable unexpected) {
        var frames = unexpected.getStackTrace();
        var where = Arrays.stream(frames).filter(f -> f.getClassName().startsWith("spacesbackupidentity."))
                .findFirst().or(() -> Arrays.stream(frames).findFirst())
                .map(f -> " at " + f.getClassName() + "." + f.getMethodName() + "(" + f.getFileName() + ":"
                        + f.getLineNumber() + ")")
                .orElse("");
        return "internal error (a bug in spaces-backup-identity; please report it): "
                + unexpected.getClass().getName() + where;
    }
}
