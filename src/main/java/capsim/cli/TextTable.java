package capsim.cli;

import java.util.List;

/** A plain-text table for the terminal: columns padded, numbers right-aligned. */
final class TextTable {
    private TextTable() {
    }

    static String render(List<String> header, List<List<String>> rows) {
        int n = header.size();
        int[] w = new int[n];
        boolean[] numeric = new boolean[n];
        for (int i = 0; i < n; i++) {
            w[i] = header.get(i).length();
            numeric[i] = true;
        }
        for (List<String> r : rows) {
            for (int i = 0; i < n && i < r.size(); i++) {
                w[i] = Math.max(w[i], r.get(i).length());
                if (!r.get(i).matches("[-+0-9.,± /e]*")) numeric[i] = false;
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, w, numeric);
        for (List<String> r : rows) line(sb, r, w, numeric);
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] w, boolean[] right) {
        sb.append(' ');
        for (int i = 0; i < w.length; i++) {
            String c = i < cells.size() ? cells.get(i) : "";
            String pad = " ".repeat(Math.max(0, w[i] - c.length()));
            sb.append(' ').append(right[i] ? pad + c : c + pad).append(' ');
        }
        sb.setLength(sb.length() - 1);
        while (sb.charAt(sb.length() - 1) == ' ') sb.setLength(sb.length() - 1);
        sb.append(System.lineSeparator());
    }
}
