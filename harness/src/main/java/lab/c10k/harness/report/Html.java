package lab.c10k.harness.report;

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
