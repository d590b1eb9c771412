package capsim.config;

/** Where a JSON value came from: a file and line, or a command-line override. */
public record Origin(String file, int line) {
    public static Origin override(String text) {
        return new Origin("--set " + text, 0);
    }
}
