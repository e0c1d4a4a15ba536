package lab.c10k.harness.report;

import java.util.Locale;

/** How numbers read in the terminal: latencies in µs, ms or s; sizes in KiB, MiB or GiB; counts grouped. */
public final class Units {
    private Units() {}

    /** A latency given in microseconds: {@code 445 µs}, {@code 4.12 ms}, {@code 1.20 s}. */
    public static String micros(double us) {
        if (us < 1000) {
            return String.format(Locale.ROOT, us < 10 ? "%.1f µs" : "%.0f µs", us);
        }
        if (us < 1_000_000) {
            return String.format(Locale.ROOT, us < 100_000 ? "%.2f ms" : "%.1f ms", us / 1000);
        }
        return String.format(Locale.ROOT, "%.2f s", us / 1e6);
    }

    /** A number of bytes: {@code 512 B}, {@code 2.0 KiB}, {@code 114.5 MiB}. */
    public static String bytes(double b) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        while (Math.abs(b) >= 1024 && u < units.length - 1) {
            b /= 1024;
            u++;
        }
        return u == 0 ? String.format(Locale.ROOT, "%.0f B", b) : String.format(Locale.ROOT, "%.1f %s", b, units[u]);
    }

    /** A count with thousands separators: {@code 523,104}. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A rate with thousands separators and one decimal below 100: {@code 52,310}, {@code 12.5}. */
    public static String rate(double r) {
        return r < 100 ? String.format(Locale.ROOT, "%.1f", r) : String.format(Locale.ROOT, "%,.0f", r);
    }

    /** A length of time in whole seconds, {@code 45 s} or {@code 3 min 05 s}. */
    public static String minutes(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + " s" : String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }

    /** A ratio with two significant decimals: {@code 2.0}, {@code 0.013}. */
    public static String ratio(double r) {
        if (r == 0) {
            return "0";
        }
        double a = Math.abs(r);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", r);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", r);
        }
        if (a >= 0.1) {
            return String.format(Locale.ROOT, "%.2f", r);
        }
        return String.format(Locale.ROOT, "%.2g", r);
    }
}
