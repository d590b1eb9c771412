package capsim.config;

/**
 * Where a JSON value came from: a file and line, or a command-line option ({@code --set PATH=VALUE},
 * {@code --axis ...}; line 0). {@code at}, when not empty, is the JSON path of the value in that
 * file when it is not the value's own path: an override given as a sweep file's axis
 * ({@code axes[1]}) is reported there, with the experiment's path after it.
 */
public record Origin(String file, int line, String at) {
    public Origin(String file, int line) {
        this(file, line, "");
    }

    public static Origin override(String text) {
        return new Origin("--set " + text, 0);
    }

    /** A command-line option's value: {@code option} and its text name it ({@code --target steps[0].count=8}). */
    public static Origin option(String option, String text) {
        return new Origin(option + " " + text, 0);
    }

    /** The error at experiment path {@code path} for a value from here: at {@link #at} when set, with the path in the message. */
    public InputException error(String path, String problem) {
        if (at.isEmpty()) return new InputException(file, path, line, problem);
        // overrides.guest.vcpus for guest.vcpus: the path is already said
        if (at.equals(path) || at.endsWith("." + path)) return new InputException(file, at, line, problem);
        return new InputException(file, at, line, path.isEmpty() || path.equals("(root)") ? problem : path + ": " + problem);
    }
}
