package capsim.report;

import java.util.List;

/** CSV (RFC 4180): fields with a comma, quote or line break are quoted. */
public final class Csv {
    private Csv() {
    }

    public static String field(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    public static String row(List<String> fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append(field(fields.get(i)));
        }
        return sb.append('\n').toString();
    }
}
