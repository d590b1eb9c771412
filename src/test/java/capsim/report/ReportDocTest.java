package capsim.report;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportDocTest {
    @TempDir
    Path dir;

    /** A table of 2 key columns and {@code data} number columns, cell (r, c) reading "rRcC". */
    private static ReportDoc wide(int data) {
        List<String> header = new ArrayList<>(List.of("variant", ">guests"));
        for (int c = 0; c < data; c++) header.add(">m" + c);
        List<List<String>> rows = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            List<String> row = new ArrayList<>();
            for (int c = 0; c < data + 2; c++) row.add("r" + r + "c" + c);
            rows.add(row);
        }
        return new ReportDoc("t").table(header, rows, 2);
    }

    @Test
    void aWideHtmlTableIsSplitWithItsKeysInEveryPartAndEveryOtherColumnOnce() throws Exception {
        int data = 17;
        String html = wide(data).html(dir);
        String[] tables = html.split("<table>", -1);
        int parts = tables.length - 1;
        // each part: the 2 keys (one of them a number) and as many number columns as the caps allow
        int per = Math.min(ReportDoc.MAX_HTML_COLUMNS - 2, ReportDoc.MAX_NUMBER_COLUMNS - 1);
        assertEquals((data + per - 1) / per, parts, html);
        List<Integer> seen = new ArrayList<>();
        for (int t = 1; t < tables.length; t++) {
            String body = tables[t].substring(0, tables[t].indexOf("</table>"));
            Matcher m = Pattern.compile("<t[hd][^>]*>([^<]*)</t[hd]>").matcher(body.substring(0, body.indexOf("</tr>")));
            List<String> head = new ArrayList<>();
            while (m.find()) head.add(m.group(1));
            assertTrue(head.size() <= ReportDoc.MAX_HTML_COLUMNS && head.size() - 1 <= ReportDoc.MAX_NUMBER_COLUMNS, head.toString());
            assertEquals(List.of("variant", "guests"), head.subList(0, 2), "the keys lead every part");
            for (String h : head.subList(2, head.size())) seen.add(Integer.parseInt(h.substring(1)));
            // row 1 of each part holds row 1's cells of the same columns
            assertTrue(body.contains(">r1c0<") && body.contains(">r1c1<"));
            for (String h : head.subList(2, head.size())) assertTrue(body.contains(">r1c" + (Integer.parseInt(h.substring(1)) + 2) + "<"), h);
        }
        List<Integer> all = new ArrayList<>();
        for (int c = 0; c < data; c++) all.add(c);
        assertEquals(all, seen, "each data column once, in order");
    }

    @Test
    void markdownKeepsAWideTableWhole() {
        String md = wide(17).markdown();
        assertEquals(1, md.lines().filter(l -> l.startsWith("| variant")).count());
        assertEquals(19, md.lines().filter(l -> l.startsWith("| variant")).findFirst().orElseThrow().split(" \\| ").length);
    }

    @Test
    void longNamesInCellsGetBreakOpportunitiesButTagsAndEntitiesDoNot() throws Exception {
        String html = new ReportDoc("t").table(List.of("metric", ">v"), List.of(List.of("`start.latency.p95S` & x/y", "1.5"))).html(dir);
        assertTrue(html.contains("<code>start.<wbr>latency.<wbr>p95S</code> &amp; x/<wbr>y"), html);
        assertTrue(html.contains(">1.5<"), "digits keep their decimal point");
    }

    @Test
    void theVerdictComesRightAfterTheTitleInBothFormats() throws Exception {
        ReportDoc doc = new ReportDoc("t").verdict(List.of(new Verdict.Line("Fits?", "**No**: it broke"))).para("Command: `x`");
        String html = doc.html(dir);
        assertTrue(html.contains("</h1>\n<section class=\"verdict\">"), html);
        assertTrue(html.contains("<dt>Fits?</dt><dd><strong>No</strong>: it broke</dd>"), html);
        assertTrue(doc.markdown().startsWith("# t\n\n## Verdict\n\n- **Fits?** **No**: it broke\n"), doc.markdown());
    }
}
