package io.assay.anomaly;

import java.math.BigDecimal;

/** Numbers as people read them in summaries: {@code 95th}, {@code 0.05}, {@code 99.5th}. */
final class Numbers {

    private Numbers() {}

    static String plain(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    static String ordinal(double v) {
        String s = plain(v);
        if (v != Math.rint(v)) {
            return s + "th";
        }
        long n = (long) v;
        if (n % 100 >= 11 && n % 100 <= 13) {
            return s + "th";
        }
        return s
                + switch ((int) (n % 10)) {
                    case 1 -> "st";
                    case 2 -> "nd";
                    case 3 -> "rd";
                    default -> "th";
                };
    }
}
