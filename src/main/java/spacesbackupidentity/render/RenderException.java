package spacesbackupidentity.render;



/** Bad input to the render: one message for standard error, exit status 2, nothing on standard output. */
public final class RenderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RenderException(String message) {
        super(message);
    }
}
