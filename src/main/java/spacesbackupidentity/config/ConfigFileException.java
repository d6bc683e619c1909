package spacesbackupidentity.config;



/** A project or stack file that cannot be read as Pulumi reads it; the message names the file and why. */
public final class ConfigFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigFileException(String message) {
        super(message);
    }
}
