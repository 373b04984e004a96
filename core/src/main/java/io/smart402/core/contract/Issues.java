package io.smart402.core.contract;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The one way rules report problems: collects issues, then hands them out in spec §3 order. */
final class Issues {

    /** Rule order (spec §3 table, then the warnings), then JSON path with array indices compared numerically. */
    static final Comparator<Issue> ORDER = Comparator
            .comparingInt((Issue issue) -> IssueCode.rank(issue.code()))
            .thenComparing(Issue::path, Issues::comparePaths);

    private final List<Issue> issues = new ArrayList<>();

    void add(IssueCode code, String path, String message) {
        issues.add(new Issue(code.name(), path, message));
    }

    /** All issues, sorted stably by {@link #ORDER}. */
    List<Issue> sorted() {
        List<Issue> sorted = new ArrayList<>(issues);
        sorted.sort(ORDER);
        return sorted;
    }

    /** Compares paths like {@code $.parties[2]} and {@code $.parties[10]} with digit runs as numbers. */
    static int comparePaths(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (isDigit(ca) && isDigit(cb)) {
                int endA = digitsEnd(a, i);
                int endB = digitsEnd(b, j);
                String na = stripZeros(a.substring(i, endA));
                String nb = stripZeros(b.substring(j, endB));
                int byValue = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (byValue != 0) {
                    return byValue;
                }
                i = endA;
                j = endB;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int digitsEnd(String s, int from) {
        int end = from;
        while (end < s.length() && isDigit(s.charAt(end))) {
            end++;
        }
        return end;
    }

    private static String stripZeros(String digits) {
        int k = 0;
        while (k < digits.length() - 1 && digits.charAt(k) == '0') {
            k++;
        }
        return digits.substring(k);
    }
}
