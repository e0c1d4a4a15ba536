package lab.c10k.harness.report;

import java.util.Locale;
import lab.c10k.harness.metrics.Spread;

/** The HTML the report's tables are made of: cells whose text is always escaped. */
final class Html {
    private Html() {}

    static String th(String... names) {
        var b = new StringBuilder();
        for (String n : names) {
            b.append("<th>").append(esc(n)).append("</th>");
        }
        return b.toString();
    }

    static String thLeft(String text) {
        return "<th class=\"l\">" + esc(text) + "</th>";
    }

    static String td(Object value) {
        return "<td>" + esc(String.valueOf(value)) + "</td>";
    }

    static String tdLeft(Object value) {
        return "<td class=\"l\">" + esc(String.valueOf(value)) + "</td>";
    }

    /** The rest of a row whose measurement failed: the error across {@code columns} cells. */
    static String failed(int columns, String error) {
        return "<td class=\"l fail\" colspan=\"" + columns + "\">failed: " + esc(error) + "</td></tr>\n";
    }

    /** A rate, short: {@code 24.1k}, {@code 947}, {@code 12.5}. */
    static String rate(double r) {
        if (r >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", r / 1e6);
        }
        if (r >= 1e3) {
            return String.format(Locale.ROOT, r >= 1e5 ? "%.0fk" : "%.1fk", r / 1e3);
        }
        return String.format(Locale.ROOT, r >= 100 ? "%.0f" : "%.1f", r);
    }

    /**
     * The median and the range of a rate in one cell: {@code 24.1k (23.8–24.5k)}, the unit written once when both
     * ends share it; the median alone for a single repetition.
     */
    static String rateRange(Spread s) {
        String median = rate(s.median());
        if (s.count() < 2) {
            return median;
        }
        String lo = rate(s.min());
        String hi = rate(s.max());
        String unit = hi.substring(hi.length() - 1);
        if (!Character.isDigit(unit.charAt(0)) && lo.endsWith(unit)) {
            lo = lo.substring(0, lo.length() - 1);
        }
        return median + " (" + lo + "–" + hi + ")";
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        var b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
