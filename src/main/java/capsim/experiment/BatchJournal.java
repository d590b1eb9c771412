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
        List<RunRecord> out = new ArrayList<>();
        if (!Files.exists(journal)) return out;
        byte[] bytes = Files.readAllBytes(journal);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') end--;
        if (end < bytes.length) {
            try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.WRITE)) {
                ch.truncate(end);
            }
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
                throw new InputException(journal.toString(), "", lineNo, "corrupt journal line: " + e.getMessage());
            }
            if (r.index() < 0 || r.index() >= total) {
                throw new InputException(journal.toString(), "", lineNo, "run " + r.index() + " is not in this plan");
            }
            if (seen.get(r.index())) continue;
            seen.set(r.index());
            out.add(r);
        }
        return out;
    }
}
