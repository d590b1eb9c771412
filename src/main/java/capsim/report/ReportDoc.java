package capsim.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A report built once and written twice: {@code report.md} (charts linked as PNG) and a
 * self-contained {@code report.html} (charts inline as SVG, no external file or script).
 */
public final class ReportDoc {
    private sealed interface Block permits Heading, Para, Table, Code, Chart, Bullets, VerdictBox {
    }

    /** The verdict: labelled lines in a box at the top of the HTML, a bulleted section in Markdown. */
    private record VerdictBox(List<Verdict.Line> lines) implements Block {
    }

    private record Heading(int level, String text) implements Block {
    }

    private record Para(String text) implements Block {
    }

    private record Bullets(List<String> items) implements Block {
    }

    /** A table; {@code fold} non-null: folded in HTML under that summary. */
    private record Table(List<String> header, List<Boolean> right, List<List<String>> rows, String fold, int keys) implements Block {
    }

    /**
     * Columns, and number columns (which do not wrap), an HTML table takes before it is split: more
     * do not fit an 800 px page, so the key columns repeat over parts of the rest.
     */
    static final int MAX_HTML_COLUMNS = 10;
    static final int MAX_NUMBER_COLUMNS = 6;

    private record Code(String language, String text, String summary, boolean fold) implements Block {
    }

    private record Chart(String title, String name) implements Block {
    }

    private final String title;
    private final List<Block> blocks = new ArrayList<>();

    public ReportDoc(String title) {
        this.title = title;
    }

    public ReportDoc heading(String text) {
        blocks.add(new Heading(2, text));
        return this;
    }

    public ReportDoc subheading(String text) {
        blocks.add(new Heading(3, text));
        return this;
    }

    /** A paragraph; {@code `code`} spans are kept as code in both formats. */
    public ReportDoc para(String text) {
        blocks.add(new Para(text));
        return this;
    }

    public ReportDoc bullets(List<String> items) {
        if (!items.isEmpty()) blocks.add(new Bullets(List.copyOf(items)));
        return this;
    }

    /** The verdict section (see {@link Verdict}). */
    public ReportDoc verdict(List<Verdict.Line> lines) {
        blocks.add(new VerdictBox(List.copyOf(lines)));
        return this;
    }

    /** A table; columns whose header starts with '>' are right-aligned (numbers). */
    public ReportDoc table(List<String> header, List<List<String>> rows) {
        return table(header, rows, null);
    }

    /**
     * A table whose first {@code keys} columns name a row (variant, axis values): an HTML table too
     * wide for the page is split into parts that each repeat them.
     */
    public ReportDoc table(List<String> header, List<List<String>> rows, int keys) {
        return table(header, rows, null, keys);
    }

    /** A table folded in HTML under {@code summary} (a heading over it in Markdown). */
    public ReportDoc foldedTable(String summary, List<String> header, List<List<String>> rows) {
        return table(header, rows, summary, -1);
    }

    private ReportDoc table(List<String> header, List<List<String>> rows, String fold) {
        return table(header, rows, fold, -1);
    }

    private ReportDoc table(List<String> header, List<List<String>> rows, String fold, int keys) {
        List<String> h = new ArrayList<>();
        List<Boolean> right = new ArrayList<>();
        for (String s : header) {
            boolean r = s.startsWith(">");
            right.add(r);
            h.add(r ? s.substring(1) : s);
        }
        blocks.add(new Table(h, right, rows.stream().map(List::copyOf).toList(), fold, keys));
        return this;
    }

    /** A long code block, folded in HTML ({@code <details>}) under its summary. */
    public ReportDoc code(String language, String text, String summary) {
        blocks.add(new Code(language, text, summary, true));
        return this;
    }

    /** A code block shown open, under a title line (a file's name). */
    public ReportDoc file(String language, String text, String title) {
        blocks.add(new Code(language, text, title, false));
        return this;
    }

    /** A chart written by {@link ChartFiles#save} as {@code charts/<name>.png|svg}. */
    public ReportDoc chart(String title, String name) {
        blocks.add(new Chart(title, name));
        return this;
    }

    /** Writes report.md and report.html into {@code dir} (charts are read from {@code dir/charts}). */
    public void write(Path dir) throws IOException {
        Files.writeString(dir.resolve("report.md"), markdown(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.html"), html(dir), StandardCharsets.UTF_8);
    }

    public String markdown() {
        StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n");
        for (Block b : blocks) {
            if (b instanceof Heading h) {
                sb.append("#".repeat(h.level())).append(' ').append(h.text()).append("\n\n");
            } else if (b instanceof Para p) {
                sb.append(p.text()).append("\n\n");
            } else if (b instanceof Bullets l) {
                {
                    for (String i : l.items()) sb.append("- ").append(i).append('\n');
                    sb.append('\n');
                }
            } else if (b instanceof VerdictBox v) {
                sb.append("## Verdict\n\n");
                for (Verdict.Line l : v.lines()) sb.append("- **").append(l.label()).append("** ").append(l.text()).append('\n');
                sb.append('\n');
            } else if (b instanceof Table t) {
                {
                    if (t.fold() != null) sb.append("### ").append(t.fold()).append("\n\n");
                    sb.append('|');
                    for (String h : t.header()) sb.append(' ').append(mdCell(h)).append(" |");
                    sb.append("\n|");
                    for (boolean r : t.right()) sb.append(r ? "---:|" : "---|");
                    sb.append('\n');
                    for (List<String> row : t.rows()) {
                        sb.append('|');
                        for (String c : row) sb.append(' ').append(mdCell(c)).append(" |");
                        sb.append('\n');
                    }
                    sb.append('\n');
                }
            } else if (b instanceof Code c) {
                {
                    if (c.summary() != null) sb.append(c.summary()).append(":\n\n");
                    sb.append("```").append(c.language()).append('\n').append(c.text());
                    if (!c.text().endsWith("\n")) sb.append('\n');
                    sb.append("```\n\n");
                }
            } else if (b instanceof Chart ch) {
                sb.append("![").append(ch.title()).append("](charts/").append(ch.name())
                        .append(".png)\n\n[SVG](charts/").append(ch.name()).append(".svg)\n\n");
            }
        }
        return sb.toString();
    }

    private static String mdCell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    public String html(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>").append(esc(title))
                .append("</title>\n<style>\n")
                .append("body{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222}\n")
                .append("div.table{max-width:100%;overflow-x:auto;margin:1em 0}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:.25em .5em;vertical-align:top}")
                .append("th{background:#f3f3f3}td.r,th.r{text-align:right}\n")
                .append("section.verdict{border:2px solid #5a7;border-radius:6px;background:#f4fbf6;padding:.2em 1em .6em;margin:1em 0}")
                .append("section.verdict h2{margin:.4em 0}dl{margin:0}dt{font-weight:bold;margin-top:.5em}dd{margin:0 0 0 1.5em}\n")
                .append("details{margin:1em 0}summary{cursor:pointer;color:#245}\n")
                .append("code,pre{font-family:'DejaVu Sans Mono',monospace;font-size:90%}pre{background:#f6f6f6;padding:.8em;overflow-x:auto}\n")
                .append("figure{margin:1em 0}figure svg,figure img{max-width:100%;height:auto}figcaption{color:#555;font-size:90%}\n")
                .append("</style></head><body>\n<h1>").append(esc(title)).append("</h1>\n");
        for (Block b : blocks) {
            if (b instanceof Heading h) {
                sb.append("<h").append(h.level()).append('>').append(inline(h.text())).append("</h")
                        .append(h.level()).append(">\n");
            } else if (b instanceof Para p) {
                sb.append("<p>").append(inline(p.text())).append("</p>\n");
            } else if (b instanceof Bullets l) {
                {
                    sb.append("<ul>\n");
                    for (String i : l.items()) sb.append("<li>").append(inline(i)).append("</li>\n");
                    sb.append("</ul>\n");
                }
            } else if (b instanceof VerdictBox v) {
                sb.append("<section class=\"verdict\">\n<h2>Verdict</h2>\n<dl>\n");
                for (Verdict.Line l : v.lines()) {
                    sb.append("<dt>").append(esc(l.label())).append("</dt><dd>").append(inline(l.text())).append("</dd>\n");
                }
                sb.append("</dl>\n</section>\n");
            } else if (b instanceof Table t) {
                if (t.fold() != null) sb.append("<details><summary>").append(inline(t.fold())).append("</summary>\n");
                for (Table part : split(t)) htmlTable(sb, part);
                if (t.fold() != null) sb.append("</details>\n");
            } else if (b instanceof Code c) {
                {
                    if (c.fold()) sb.append("<details><summary>").append(inline(c.summary())).append("</summary>\n");
                    else sb.append("<p>").append(inline(c.summary())).append(":</p>\n");
                    sb.append("<pre><code>").append(esc(c.text())).append("</code></pre>\n");
                    if (c.fold()) sb.append("</details>\n");
                }
            } else if (b instanceof Chart ch) {
                {
                    Path svg = dir.resolve("charts").resolve(ch.name() + ".svg");
                    sb.append("<figure>\n");
                    if (Files.exists(svg)) sb.append(stripXmlProlog(Files.readString(svg, StandardCharsets.UTF_8)));
                    sb.append("\n<figcaption>").append(esc(ch.title())).append("</figcaption></figure>\n");
                }
            }
        }
        sb.append("</body></html>\n");
        return sb.toString();
    }

    /**
     * A table of more than {@link #MAX_HTML_COLUMNS} columns as several: the key columns (as the
     * table says, else the leading text columns) repeat in each part, the other columns share out.
     */
    static List<Table> split(Table t) {
        int n = t.header().size();
        if (n <= MAX_HTML_COLUMNS && numbers(t, 0, n) <= MAX_NUMBER_COLUMNS) return List.of(t);
        int keys = t.keys();
        if (keys < 0) {
            keys = 0;
            while (keys < n && !t.right().get(keys)) keys++;
        }
        // at least one key, and room for at least two other columns in each part
        keys = Math.max(1, Math.min(keys, MAX_HTML_COLUMNS - 2));
        int keyNumbers = numbers(t, 0, keys);
        List<Table> out = new ArrayList<>();
        int from = keys;
        while (from < n) {
            List<Integer> cols = new ArrayList<>();
            for (int i = 0; i < keys; i++) cols.add(i);
            int nums = keyNumbers;
            int to = from;
            while (to < n && cols.size() < MAX_HTML_COLUMNS && (nums < MAX_NUMBER_COLUMNS || !t.right().get(to) || to == from)) {
                if (t.right().get(to)) nums++;
                cols.add(to++);
            }
            List<String> h = new ArrayList<>();
            List<Boolean> r = new ArrayList<>();
            for (int c : cols) {
                h.add(t.header().get(c));
                r.add(t.right().get(c));
            }
            List<List<String>> rows = new ArrayList<>();
            for (List<String> row : t.rows()) {
                List<String> cells = new ArrayList<>();
                for (int c : cols) cells.add(c < row.size() ? row.get(c) : "");
                rows.add(cells);
            }
            out.add(new Table(h, r, rows, null, keys));
            from = to;
        }
        return out;
    }

    private static int numbers(Table t, int from, int to) {
        int k = 0;
        for (int i = from; i < to; i++) if (t.right().get(i)) k++;
        return k;
    }

    private static void htmlTable(StringBuilder sb, Table t) {
        // the wrapper scrolls a table that still cannot fit (a very narrow window), never the page
        sb.append("<div class=\"table\"><table>\n<tr>");
        for (int i = 0; i < t.header().size(); i++) {
            sb.append(t.right().get(i) ? "<th class=\"r\">" : "<th>").append(breakable(inline(t.header().get(i)))).append("</th>");
        }
        sb.append("</tr>\n");
        for (List<String> row : t.rows()) {
            sb.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                boolean r = i < t.right().size() && t.right().get(i);
                sb.append(r ? "<td class=\"r\">" : "<td>").append(breakable(inline(row.get(i)))).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</table></div>\n");
    }

    /** Break opportunities after the dots, slashes and underscores of long names (metric names, paths). */
    private static String breakable(String html) {
        StringBuilder sb = new StringBuilder(html.length() + 16);
        boolean inTag = false;
        boolean inEntity = false;
        for (int i = 0; i < html.length(); i++) {
            char c = html.charAt(i);
            sb.append(c);
            if (c == '<') inTag = true;
            else if (c == '>') inTag = false;
            else if (c == '&' && !inTag) inEntity = true;
            else if (c == ';') inEntity = false;
            else if (!inTag && !inEntity && i > 0 && i + 1 < html.length() && Character.isLetterOrDigit(html.charAt(i + 1))
                    && (c == '/' && Character.isLetterOrDigit(html.charAt(i - 1))
                    || (c == '.' || c == '_') && Character.isLetter(html.charAt(i - 1)))) {
                sb.append("<wbr>");
            }
        }
        return sb.toString();
    }

    private static String stripXmlProlog(String svg) {
        String s = svg.strip();
        if (s.startsWith("<?xml")) s = s.substring(s.indexOf("?>") + 2).strip();
        if (s.startsWith("<!DOCTYPE")) s = s.substring(s.indexOf('>') + 1).strip();
        return s;
    }

    /** HTML of a line with {@code `code`} spans and **bold**. */
    private static String inline(String text) {
        StringBuilder sb = new StringBuilder();
        String[] parts = text.split("`", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i % 2 == 1 && i < parts.length - 1) sb.append("<code>").append(esc(parts[i])).append("</code>");
            else sb.append(esc(i % 2 == 1 ? "`" + parts[i] : parts[i]).replaceAll("\\*\\*([^*]+)\\*\\*", "<strong>$1</strong>"));
        }
        return sb.toString();
    }

    public static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
