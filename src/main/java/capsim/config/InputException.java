package capsim.config;

/**
 * Bad input: names the file, the JSON path and the line, and says what is wrong and what is
 * allowed. The CLI turns it into exit code 2 before anything is written.
 */
public final class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final String path;
    private final int line;
    private final String problem;

    public InputException(String file, String path, int line, String problem) {
        super(format(file, path, line, problem));
        this.file = file;
        this.path = path;
        this.line = line;
        this.problem = problem;
    }

    private static String format(String file, String path, int line, String problem) {
        StringBuilder sb = new StringBuilder();
        sb.append(file == null ? "<input>" : file);
        if (line > 0) sb.append(':').append(line);
        sb.append(": ");
        if (path != null && !path.isEmpty()) sb.append(path).append(": ");
        sb.append(problem);
        return sb.toString();
    }

    public String file() {
        return file;
    }

    public String path() {
        return path;
    }

    public int line() {
        return line;
    }

    public String problem() {
        return problem;
    }
}
