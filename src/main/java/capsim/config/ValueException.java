package capsim.config;

/**
 * A value of the resolved experiment that binding accepted but the model cannot use (a kernel
 * version that is no version, a port range upside down), found when the model is built: it
 * names the value's JSON path, so the loader reports it with the file and line it came from.
 */
public class ValueException extends IllegalArgumentException {
    private final String path;

    public ValueException(String path, String problem) {
        super(problem);
        this.path = path;
    }

    /** The JSON path of the value in the resolved experiment ("host.kernel"). */
    public String path() {
        return path;
    }
}
