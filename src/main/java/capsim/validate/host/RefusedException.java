package capsim.validate.host;

/**
 * Validation cannot run at all: a program is missing or the rights are lacking. The CLI turns
 * it into exit code 2 with the message, which names what is missing and how to get it.
 */
public final class RefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RefusedException(String message) {
        super(message);
    }
}
