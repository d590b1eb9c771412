package capsim.experiment;

import capsim.config.InputException;
import capsim.config.JsonText;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A batch's journal, {@code journal.jsonl}: one {@link RunRecord} per line, appended and flushed
 * as each run finishes, so an interruption loses at most the runs in flight.
 */
public final class BatchJournal {
    private BatchJournal() {
    }

    /** Opens the journal for appending (created if missing). */
    public static Writer appender(Path journal) throws IOException {
        FileChannel ch = FileChannel.open(journal, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        return Channels.newWriter(ch, StandardCharsets.UTF_8);
    }

    /** The journal line of one finished run. */
    public static String line(RunRecord r) {
        return JsonText.COMPACT.toJson(r.toJson()) + "\n";
    }

    /**
     * Reads the finished runs of a journal. A last line cut short by an interruption is dropped
     * (and cut from the file, so the next append starts on a fresh line); any other bad line is an error.
     */
    public static List<RunRecord> read(Path journal, int total) throws IOException {
        BitSet all = new BitSet(total);
        all.set(0, total);
        return read(journal, total, all);
    }

    /**
     * As {@link #read(Path, int)}, for a shard: a run of the plan that is not among {@code mine}
     * is an error. The file is validated whole before the cut-short last line is cut from it.
     */
    public static List<RunRecord> read(Path journal, int total, BitSet mine) throws IOException {
        List<RunRecord> out = parse(journal, total, mine, false);
        cutShortLastLine(journal);
        return out;
    }

    /** Reads a finished shard's journal without changing it: a cut-short last line is an error too. */
    public static List<RunRecord> readFinished(Path journal, int total, BitSet mine) throws IOException {
        return parse(journal, total, mine, true);
    }

    private static void cutShortLastLine(Path journal) throws IOException {
        if (!Files.exists(journal)) return;
        byte[] bytes = Files.readAllBytes(journal);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') end--;
        if (end < bytes.length) {
            try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.WRITE)) {
                ch.truncate(end);
            }
        }
    }

    private static List<RunRecord> parse(Path journal, int total, BitSet mine, boolean strict) throws IOException {
        List<RunRecord> out = new ArrayList<>();
        if (!Files.exists(journal)) return out;
        byte[] bytes = Files.readAllBytes(journal);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') end--;
        if (strict && end < bytes.length) {
            int line = 1;
            for (int i = 0; i < end; i++) if (bytes[i] == '\n') line++;
            throw new InputException(journal.toString(), "", line, "the last line is cut short (the run was killed while writing it): resume it first");
        }
        String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
        BitSet seen = new BitSet();
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            if (line.isBlank()) continue;
            RunRecord r;
            try {
                r = RunRecord.fromJson(JsonParser.parseString(line).getAsJsonObject());
            } catch (RuntimeException e) {
                throw new InputException(journal.toString(), "", lineNo, "corrupt journal line: not a run record capsim wrote (" + what(e) + ")");
            }
            if (r.index() < 0 || r.index() >= total) {
                throw new InputException(journal.toString(), "", lineNo, "run " + r.index() + " is not in this plan");
            }
            if (!mine.get(r.index())) {
                throw new InputException(journal.toString(), "", lineNo, "run " + r.index() + " is not one of this shard's");
            }
            if (seen.get(r.index())) continue;
            seen.set(r.index());
            out.add(r);
        }
        return out;
    }

    /** What is wrong with a line, in a few words (gson's own message runs to a troubleshooting link). */
    private static String what(RuntimeException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int cut = m.indexOf('\n');
        if (cut >= 0) m = m.substring(0, cut);
        m = m.replaceFirst("^[a-z.]+\\.[A-Za-z]+Exception: ", "");
        return m.length() > 120 ? m.substring(0, 120) + "..." : m;
    }
}
