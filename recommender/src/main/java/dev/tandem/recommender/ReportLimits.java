package dev.tandem.recommender;

import java.util.List;

/**
 * How much of a run the report lists, so report.html and report.md stay readable (and a few hundred
 * kilobytes) at any cluster size. The summary always counts everything; tables list the most
 * important rows first ({@link RowImportance}) and say how many more are in recommendations.json,
 * which has every row.
 *
 * <p>The numbers: {@value #SECTION_ROWS} rows in any one section is more than anyone reads in the
 * five minutes the report is for, and keeps the HTML of a 10,000-workload cluster near 1 MB. Each
 * namespace gets at most {@value #NAMESPACE_ROWS} rows and a fair share of the per-namespace
 * detail's {@value #SECTION_ROWS}, so one busy namespace cannot crowd out the rest.
 */
final class ReportLimits {
    /** Rows per section (a table, or all namespace tables together). */
    static final int SECTION_ROWS = 1_000;

    /** Rows of one namespace's tables together. */
    static final int NAMESPACE_ROWS = 200;

    /** Namespaces detailed in sections of their own; the rest are named and counted. */
    static final int NAMESPACE_SECTIONS = 300;

    /** Names listed in one cell or sentence (callers, paths, namespaces) before "and N more". */
    static final int NAMES_PER_CELL = 10;

    /** Namespace names listed in the summary and the per-namespace overview. */
    static final int NAMESPACE_NAMES = 20;

    private ReportLimits() {}

    /**
     * Splits {@code budget} rows among parts that want {@code wants} rows each: every part gets an
     * equal share, and what a small part leaves is shared among the larger ones (water filling).
     * Deterministic: the leftover of an uneven split goes to the earliest parts.
     */
    static int[] share(int budget, int[] wants) {
        int[] given = new int[wants.length];
        int left = budget;
        int open = 0;
        for (int want : wants) {
            if (want > 0) {
                open++;
            }
        }
        while (left > 0 && open > 0) {
            int each = Math.max(1, left / open);
            boolean gave = false;
            for (int i = 0; i < wants.length && left > 0; i++) {
                int more = Math.min(Math.min(each, wants[i] - given[i]), left);
                if (more > 0) {
                    given[i] += more;
                    left -= more;
                    gave = true;
                    if (given[i] == wants[i]) {
                        open--;
                    }
                }
            }
            if (!gave) {
                break;
            }
        }
        return given;
    }

    /** The first {@code max} names joined, with "and N more" when there are more. */
    static String names(List<String> names, int max) {
        if (names.size() <= max) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, max)) + " and " + (names.size() - max) + " more";
    }

    /** The line under a cut table. */
    static String moreRows(int shown, int total) {
        return "Showing "
                + shown
                + " of "
                + total
                + " rows, most important first (sidecar bypasses, denied, needs review, new edges,"
                + " then by traffic): "
                + (total - shown)
                + " more rows in recommendations.json.";
    }
}
