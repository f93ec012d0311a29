package dev.tandem.recommender;

import dev.tandem.recommender.PolicyPlan.MtlsReadiness;
import dev.tandem.recommender.PolicyPlan.ReviewItem;
import dev.tandem.recommender.PolicyPlan.ReviewReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The few lines a run posts to chat: what changed, what needs a person, whether mTLS can be
 * enforced, and where the report is. Plain text, no markup: the poster formats it for each chat
 * (and escapes it there), the CLI prints it as is.
 *
 * @param title one line
 * @param lines a few plain lines, at most {@link #MAX_LINES}
 */
public record ChatSummary(String title, List<String> lines) {
    /** Lines at most: a chat message, not a report. */
    public static final int MAX_LINES = 8;

    /** Edges or workloads named per line; the rest are counted. */
    static final int NAMED = 3;

    /** Characters of one name in a line: cluster names can be long, or hostile. */
    static final int NAME_CHARS = 120;

    public ChatSummary {
        Objects.requireNonNull(title, "title");
        lines = List.copyOf(lines);
        if (lines.size() > MAX_LINES) {
            throw new IllegalArgumentException(
                    "a chat summary has at most " + MAX_LINES + " lines");
        }
    }

    /** Title and lines, one per line, with a final newline. */
    public String text() {
        StringBuilder out = new StringBuilder(title).append('\n');
        lines.forEach(line -> out.append(line).append('\n'));
        return out.toString();
    }

    /**
     * The summary of a run.
     *
     * @param report where the HTML report was written, as the reader should find it
     */
    static ChatSummary of(RunInfo run, PolicyPlan plan, RunDiff diff, String report) {
        List<String> bypass = new ArrayList<>();
        int otherReview = 0;
        int pathsHeldBack = 0;
        for (ReviewItem item : plan.needsReview()) {
            if (item.edge().anyBypass()) {
                bypass.add(item.edge().display());
            } else if (item.reason() == ReviewReason.PATH_NOT_EXPRESSIBLE) {
                // Its L3/L4 rules were written; only some request paths were left out.
                pathsHeldBack++;
            } else {
                otherReview++;
            }
        }
        String title =
                "Tandem policy recommendation: "
                        + plan.l4Rules().size()
                        + " L3/L4 rules, "
                        + plan.l7Policies().size()
                        + " Istio policies, "
                        + bypass.size()
                        + (bypass.size() == 1 ? " bypass edge needs" : " bypass edges need")
                        + " review";
        List<String> lines = new ArrayList<>();
        lines.add(
                "Read "
                        + run.windowsRead()
                        + " edge windows (lookback "
                        + one(run.lookback())
                        + "): "
                        + plan.edges().size()
                        + " edges, policy for "
                        + plan.namespaces().size()
                        + (plan.namespaces().size() == 1 ? " namespace." : " namespaces."));
        if (diff == null) {
            lines.add("Rules: no previous run to compare with.");
        } else {
            lines.add(
                    "Rules since the previous run: "
                            + diff.added().size()
                            + " new, "
                            + diff.removed().size()
                            + " removed; edges: "
                            + diff.newEdges().size()
                            + " new, "
                            + diff.removedEdges().size()
                            + " gone.");
        }
        if (bypass.isEmpty()) {
            lines.add(
                    "Needs review: no sidecar bypass"
                            + others(otherReview)
                            + heldBack(pathsHeldBack)
                            + ".");
        } else {
            lines.add(
                    "Needs review: "
                            + bypass.size()
                            + (bypass.size() == 1
                                    ? " sidecar-bypass edge ("
                                    : " sidecar-bypass edges (")
                            + named(bypass)
                            + ")"
                            + others(otherReview)
                            + heldBack(pathsHeldBack)
                            + ".");
        }
        lines.add(peerAuthentication(plan));
        lines.add("Report: " + one(report));
        return new ChatSummary(title, lines);
    }

    private static String peerAuthentication(PolicyPlan plan) {
        if (plan.mtls().isEmpty()) {
            return "PeerAuthentication: no meshed destination observed.";
        }
        List<String> notReady = new ArrayList<>();
        for (MtlsReadiness m : plan.mtls()) {
            if (!m.strict()) {
                notReady.add(m.target().namespace() + "/" + m.target().workload());
            }
        }
        int ready = plan.mtls().size() - notReady.size();
        String line =
                "PeerAuthentication: "
                        + ready
                        + " of "
                        + plan.mtls().size()
                        + " meshed destinations ready for STRICT mTLS";
        return notReady.isEmpty() ? line + "." : line + "; not ready: " + named(notReady) + ".";
    }

    private static String others(int count) {
        return count == 0 ? "" : "; " + count + " other edges could not become rules";
    }

    private static String heldBack(int edges) {
        return edges == 0
                ? ""
                : "; "
                        + edges
                        + (edges == 1 ? " edge has" : " edges have")
                        + " request paths an Istio policy cannot name exactly, left out of the policy";
    }

    private static String named(List<String> names) {
        List<String> shown = new ArrayList<>();
        for (String name : names.subList(0, Math.min(NAMED, names.size()))) {
            shown.add(one(name));
        }
        String joined = String.join(", ", shown);
        return names.size() > NAMED ? joined + " and " + (names.size() - NAMED) + " more" : joined;
    }

    /** One line of bounded length: no line breaks or control characters from a name. */
    static String one(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints()
                .limit(NAME_CHARS)
                .forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        if (text.codePointCount(0, text.length()) > NAME_CHARS) {
            out.append('\u2026');
        }
        return out.toString();
    }
}
