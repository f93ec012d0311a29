package dev.tandem.recommender;

import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.Verdict;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The service graph as an inline SVG picture: every namespace a labelled frame around its
 * workloads, workloads as boxes in columns by call depth (callers left, callees right), hosts and
 * external peers outside every frame, edges as arrows, sidecar bypasses red and dashed, denied
 * edges grey and dotted, plaintext edges orange. Laid out by arithmetic alone ({@link
 * ServiceGraphLayout}), so the same plan draws the same bytes; no script, no font or image fetched.
 *
 * <p>A picture of hundreds of boxes helps nobody, so at most {@link #MAX_NODES} endpoints are
 * drawn: both ends of bypass edges first, then both ends of denied edges, then the busiest
 * workloads, then a few of the busiest peers outside the cluster. The picture says how many
 * endpoints and connections it left out; the tables list them.
 */
public final class ServiceGraphSvg {
    /** Endpoints drawn at most. */
    static final int MAX_NODES = 40;

    /**
     * Endpoints outside every namespace frame (hosts, networks, external peers) drawn at most,
     * besides those on bypass and denied edges.
     */
    static final int MAX_OUTSIDE = 10;

    /** Characters of a name shown in a box; the full name is in the box's tooltip. */
    static final int LABEL_CHARS = 30;

    private static final int BOX_WIDTH = ServiceGraphLayout.BOX_WIDTH;
    private static final int BOX_HEIGHT = ServiceGraphLayout.BOX_HEIGHT;
    private static final int MARGIN = ServiceGraphLayout.MARGIN;
    private static final int LEGEND_HEIGHT = 84;
    private static final int LEGEND_COLUMN = 330;

    /** How an edge is drawn, most alarming first: a node pair takes its worst edge's style. */
    enum Style {
        BYPASS("#d32f2f", "7 4", "bypass", "sidecar bypass (never allowed)"),
        DENIED("#757575", "2 4", "denied", "denied by the kernel layer"),
        PLAINTEXT("#ef6c00", null, "plaintext", "reached a sidecar without mTLS"),
        NORMAL("#546e7a", null, "normal", "observed, allowed by the recommendation");

        final String color;
        final String dash;
        final String id;
        final String legend;

        Style(String color, String dash, String id, String legend) {
            this.color = color;
            this.dash = dash;
            this.id = id;
            this.legend = legend;
        }

        static Style of(ObservedEdge e) {
            if (e.anyBypass()) {
                return BYPASS;
            }
            if (e.windowsWith(Verdict.DENIED) > 0) {
                return DENIED;
            }
            if (e.windowsWith(Verdict.PLAINTEXT) > 0 || e.plaintextRequests() > 0) {
                return PLAINTEXT;
            }
            return NORMAL;
        }
    }

    /**
     * The picture and what it left out.
     *
     * @param svg the {@code <svg>} element, every name escaped
     * @param nodesDrawn endpoints drawn
     * @param nodesTotal endpoints observed
     * @param bypassEdgesDrawn node pairs drawn as a bypass
     * @param bypassEdgesTotal node pairs with a bypass, drawn or not
     * @param pairsDrawn node pairs drawn as an arrow
     * @param pairsTotal node pairs observed
     * @param namespacesDrawn namespace frames drawn
     */
    public record Picture(
            String svg,
            int nodesDrawn,
            int nodesTotal,
            int bypassEdgesDrawn,
            int bypassEdgesTotal,
            int pairsDrawn,
            int pairsTotal,
            int namespacesDrawn) {}

    private record Pair(WorkloadKey from, WorkloadKey to) implements Comparable<Pair> {
        @Override
        public int compareTo(Pair o) {
            int c = from.compareTo(o.from);
            return c != 0 ? c : to.compareTo(o.to);
        }
    }

    private ServiceGraphSvg() {}

    /** Draws {@code edges} (as the plan holds them). */
    public static Picture draw(List<ObservedEdge> edges) {
        TreeMap<WorkloadKey, Long> traffic = new TreeMap<>();
        TreeMap<WorkloadKey, Boolean> meshed = new TreeMap<>();
        TreeSet<WorkloadKey> onBypass = new TreeSet<>();
        TreeMap<Pair, Style> allPairs = new TreeMap<>();
        for (ObservedEdge e : edges) {
            long weight = weight(e);
            traffic.merge(e.sourceKey(), weight, Long::sum);
            traffic.merge(e.destinationKey(), weight, Long::sum);
            meshed.putIfAbsent(e.sourceKey(), e.source().meshed());
            meshed.putIfAbsent(e.destinationKey(), e.destination().meshed());
            if (e.anyBypass()) {
                onBypass.add(e.sourceKey());
                onBypass.add(e.destinationKey());
            }
            allPairs.merge(
                    new Pair(e.sourceKey(), e.destinationKey()),
                    Style.of(e),
                    (a, b) -> a.ordinal() <= b.ordinal() ? a : b);
        }
        TreeSet<WorkloadKey> shown = chooseNodes(edges, traffic);

        TreeMap<Pair, List<ObservedEdge>> pairs = new TreeMap<>();
        for (ObservedEdge e : edges) {
            if (shown.contains(e.sourceKey()) && shown.contains(e.destinationKey())) {
                pairs.computeIfAbsent(
                                new Pair(e.sourceKey(), e.destinationKey()), p -> new ArrayList<>())
                        .add(e);
            }
        }
        Set<WorkloadKey> called = new HashSet<>();
        for (Pair p : pairs.keySet()) {
            if (!p.from.equals(p.to)) {
                called.add(p.to);
            }
        }
        Set<WorkloadKey> callersOnly = new TreeSet<>(shown);
        callersOnly.removeAll(called);
        int top = MARGIN + LEGEND_HEIGHT;
        ServiceGraphLayout.Placement placement =
                ServiceGraphLayout.place(
                        shown,
                        ranks(shown, pairs.keySet()),
                        callersOnly,
                        top,
                        2 * MARGIN + 2 * LEGEND_COLUMN);
        int width = placement.width();
        int height = placement.height();
        long bypassTotal = allPairs.values().stream().filter(s -> s == Style.BYPASS).count();

        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 ")
                .append(width)
                .append(' ')
                .append(height)
                .append("\" font-family=\"system-ui,sans-serif\" font-size=\"12\"")
                .append(" role=\"img\" aria-labelledby=\"graph-title\">\n");
        svg.append("<title id=\"graph-title\">Service graph: ")
                .append(shown.size())
                .append(" of ")
                .append(traffic.size())
                .append(" endpoints in ")
                .append(placement.frames().size())
                .append(" namespaces, sidecar bypasses in red</title>\n");
        defs(svg);
        legend(svg, shown.size(), traffic.size(), pairs.size(), allPairs.size());
        for (ServiceGraphLayout.Frame frame : placement.frames()) {
            frame(svg, frame);
        }

        int bypassDrawn = 0;
        for (Map.Entry<Pair, List<ObservedEdge>> entry : pairs.entrySet()) {
            Style style = worst(entry.getValue());
            if (style == Style.BYPASS) {
                bypassDrawn++;
            }
            edge(svg, entry.getKey(), entry.getValue(), style, placement.nodes());
        }
        for (WorkloadKey node : shown) {
            node(svg, node, placement.nodes().get(node), onBypass.contains(node), meshed.get(node));
        }
        svg.append("</svg>");
        return new Picture(
                svg.toString(),
                shown.size(),
                traffic.size(),
                bypassDrawn,
                (int) bypassTotal,
                pairs.size(),
                allPairs.size(),
                placement.frames().size());
    }

    private static long weight(ObservedEdge e) {
        return e.kernelFlows() + e.proxyRequests() + e.windows();
    }

    /**
     * Both ends of every bypass edge, then of every denied edge (the busiest first, while both ends
     * still fit), then the busiest endpoints; ties by name.
     */
    private static TreeSet<WorkloadKey> chooseNodes(
            List<ObservedEdge> edges, TreeMap<WorkloadKey, Long> traffic) {
        List<ObservedEdge> alarming = new ArrayList<>();
        for (ObservedEdge e : edges) {
            Style style = Style.of(e);
            if (style == Style.BYPASS || style == Style.DENIED) {
                alarming.add(e);
            }
        }
        alarming.sort(
                Comparator.comparingInt((ObservedEdge e) -> Style.of(e).ordinal())
                        .thenComparing(Comparator.comparingLong(ServiceGraphSvg::weight).reversed())
                        .thenComparing(ObservedEdge::display));
        TreeSet<WorkloadKey> chosen = new TreeSet<>();
        for (ObservedEdge e : alarming) {
            int more =
                    (chosen.contains(e.sourceKey()) ? 0 : 1)
                            + (chosen.contains(e.destinationKey())
                                            || e.sourceKey().equals(e.destinationKey())
                                    ? 0
                                    : 1);
            if (chosen.size() + more <= MAX_NODES) {
                chosen.add(e.sourceKey());
                chosen.add(e.destinationKey());
            }
        }
        List<WorkloadKey> busiest = new ArrayList<>(traffic.keySet());
        busiest.sort(
                Comparator.comparing((WorkloadKey k) -> traffic.get(k))
                        .reversed()
                        .thenComparing(Comparator.naturalOrder()));
        for (WorkloadKey k : busiest) {
            if (chosen.size() >= MAX_NODES) {
                break;
            }
            if (ServiceGraphLayout.framed(k)) {
                chosen.add(k);
            }
        }
        // The world's many addresses calling the ingress gateway would crowd out the workloads.
        long outside = chosen.stream().filter(k -> !ServiceGraphLayout.framed(k)).count();
        for (WorkloadKey k : busiest) {
            if (chosen.size() >= MAX_NODES || outside >= MAX_OUTSIDE) {
                break;
            }
            if (!ServiceGraphLayout.framed(k) && chosen.add(k)) {
                outside++;
            }
        }
        return chosen;
    }

    /**
     * Column of each node: its distance from the nearest caller nobody calls (breadth first), so a
     * request flows left to right. Nodes only on cycles start from the smallest of them.
     */
    private static Map<WorkloadKey, Integer> ranks(Set<WorkloadKey> nodes, Set<Pair> pairs) {
        TreeMap<WorkloadKey, List<WorkloadKey>> out = new TreeMap<>();
        Map<WorkloadKey, Integer> incoming = new HashMap<>();
        for (WorkloadKey n : nodes) {
            out.put(n, new ArrayList<>());
            incoming.put(n, 0);
        }
        for (Pair p : pairs) {
            if (!p.from.equals(p.to)) {
                out.get(p.from).add(p.to);
                incoming.merge(p.to, 1, Integer::sum);
            }
        }
        Map<WorkloadKey, Integer> rank = new HashMap<>();
        Deque<WorkloadKey> queue = new ArrayDeque<>();
        for (WorkloadKey n : nodes) {
            if (incoming.get(n) == 0) {
                rank.put(n, 0);
                queue.add(n);
            }
        }
        while (rank.size() < nodes.size() || !queue.isEmpty()) {
            if (queue.isEmpty()) {
                for (WorkloadKey n : nodes) {
                    if (!rank.containsKey(n)) {
                        rank.put(n, 0);
                        queue.add(n);
                        break;
                    }
                }
            }
            WorkloadKey n = queue.poll();
            for (WorkloadKey next : out.get(n)) {
                if (!rank.containsKey(next)) {
                    rank.put(next, rank.get(n) + 1);
                    queue.add(next);
                }
            }
        }
        // Columns numbered without gaps.
        TreeMap<Integer, Integer> dense = new TreeMap<>();
        rank.values().forEach(r -> dense.put(r, 0));
        int i = 0;
        for (Map.Entry<Integer, Integer> e : dense.entrySet()) {
            e.setValue(i++);
        }
        rank.replaceAll((n, r) -> dense.get(r));
        return rank;
    }

    private static Style worst(List<ObservedEdge> edges) {
        Style worst = Style.NORMAL;
        for (ObservedEdge e : edges) {
            Style s = Style.of(e);
            if (s.ordinal() < worst.ordinal()) {
                worst = s;
            }
        }
        return worst;
    }

    private static void defs(StringBuilder svg) {
        svg.append("<defs>\n");
        for (Style s : Style.values()) {
            svg.append("<marker id=\"arrow-")
                    .append(s.id)
                    .append(
                            "\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerUnits=\"userSpaceOnUse\"")
                    .append(" markerWidth=\"9\" markerHeight=\"9\" orient=\"auto-start-reverse\">")
                    .append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"")
                    .append(s.color)
                    .append("\"/></marker>\n");
        }
        svg.append("</defs>\n");
    }

    /** Two rows of two styles, what the boxes mean, and what was left out. */
    private static void legend(
            StringBuilder svg, int nodesDrawn, int nodesTotal, int pairsDrawn, int pairsTotal) {
        for (Style s : Style.values()) {
            int x = MARGIN + (s.ordinal() % 2) * LEGEND_COLUMN;
            int y = MARGIN + (s.ordinal() / 2) * 18;
            svg.append("<g class=\"legend-").append(s.id).append("\">");
            svg.append("<line x1=\"")
                    .append(x)
                    .append("\" y1=\"")
                    .append(y + 6)
                    .append("\" x2=\"")
                    .append(x + 34)
                    .append("\" y2=\"")
                    .append(y + 6)
                    .append("\" stroke=\"")
                    .append(s.color)
                    .append("\" stroke-width=\"2\"");
            dash(svg, s);
            svg.append(" marker-end=\"url(#arrow-").append(s.id).append(")\"/>");
            svg.append("<text x=\"")
                    .append(x + 42)
                    .append("\" y=\"")
                    .append(y + 10)
                    .append("\">")
                    .append(escape(s.legend))
                    .append("</text></g>\n");
        }
        svg.append("<text x=\"")
                .append(MARGIN)
                .append("\" y=\"")
                .append(MARGIN + 48)
                .append(
                        "\" fill=\"#555\">Frames are namespaces. Boxes: blue has a sidecar, white has")
                .append(
                        " none, grey is outside the cluster; a red border is on a bypass.</text>\n");
        if (nodesDrawn < nodesTotal) {
            svg.append("<text class=\"left-out\" x=\"")
                    .append(MARGIN)
                    .append("\" y=\"")
                    .append(MARGIN + 66)
                    .append("\" fill=\"#555\">Drawn: ")
                    .append(nodesDrawn)
                    .append(" of ")
                    .append(nodesTotal)
                    .append(" endpoints and ")
                    .append(pairsDrawn)
                    .append(" of ")
                    .append(pairsTotal)
                    .append(
                            " connections (bypass and denied edges first, then the busiest workloads,")
                    .append(" then a few peers outside the cluster); ")
                    .append(nodesTotal - nodesDrawn)
                    .append(" endpoints are left out and listed in the tables.</text>\n");
        }
    }

    /** A namespace: a rounded frame with its name on top, behind its workloads. */
    private static void frame(StringBuilder svg, ServiceGraphLayout.Frame frame) {
        int chars = Math.max(8, (frame.width() - 16) / 7);
        svg.append("<g class=\"namespace\" data-namespace=\"")
                .append(escape(frame.namespace()))
                .append("\"><title>namespace ")
                .append(escape(frame.namespace()))
                .append("</title><rect x=\"")
                .append(frame.x())
                .append("\" y=\"")
                .append(frame.y())
                .append("\" width=\"")
                .append(frame.width())
                .append("\" height=\"")
                .append(frame.height())
                .append("\" rx=\"10\" fill=\"#fafafa\" stroke=\"#b0bec5\" stroke-width=\"1.5\"/>")
                .append("<text x=\"")
                .append(frame.x() + 10)
                .append("\" y=\"")
                .append(frame.y() + 18)
                .append("\" fill=\"#37474f\" font-weight=\"600\">")
                .append(escape(shorten("ns " + frame.namespace(), chars)))
                .append("</text></g>\n");
    }

    private static void edge(
            StringBuilder svg,
            Pair pair,
            List<ObservedEdge> edges,
            Style style,
            Map<WorkloadKey, ServiceGraphLayout.Point> position) {
        ServiceGraphLayout.Point a = position.get(pair.from);
        ServiceGraphLayout.Point b = position.get(pair.to);
        int[] from = {a.x(), a.y()};
        int[] to = {b.x(), b.y()};
        String d;
        if (pair.from.equals(pair.to)) {
            // A workload calling itself: a loop off its right side.
            int x = from[0] + BOX_WIDTH;
            int y = from[1] + BOX_HEIGHT / 2;
            d = curve(x, y - 8, x + 40, y - 30, x + 40, y + 30, x, y + 8);
        } else if (to[0] > from[0] + BOX_WIDTH) {
            int x1 = from[0] + BOX_WIDTH;
            int y1 = from[1] + BOX_HEIGHT / 2;
            int x2 = to[0];
            int y2 = to[1] + BOX_HEIGHT / 2;
            int bend = (x2 - x1) / 2;
            d = curve(x1, y1, x1 + bend, y1, x2 - bend, y2, x2, y2);
        } else if (to[0] + BOX_WIDTH < from[0]) {
            // Backwards: from the caller's left side to the callee's right side.
            int x1 = from[0];
            int y1 = from[1] + BOX_HEIGHT / 2;
            int x2 = to[0] + BOX_WIDTH;
            int y2 = to[1] + BOX_HEIGHT / 2;
            int bend = (x1 - x2) / 2;
            d = curve(x1, y1, x1 - bend, y1, x2 + bend, y2, x2, y2);
        } else {
            // Same column: leave and arrive on the left edge, bowing out to the left.
            int x1 = from[0];
            int y1 = from[1] + BOX_HEIGHT / 2;
            int x2 = to[0];
            int y2 = to[1] + BOX_HEIGHT / 2;
            int bow = Math.max(4, Math.min(x1, x2) - 50 - Math.abs(y2 - y1) / 8);
            d = curve(x1, y1, bow, y1, bow, y2, x2, y2);
        }
        svg.append("<g class=\"edge edge-").append(style.id).append("\">");
        svg.append("<title>");
        for (int i = 0; i < edges.size(); i++) {
            ObservedEdge e = edges.get(i);
            if (i > 0) {
                svg.append('\n');
            }
            svg.append(
                    escape(e.display() + " (" + Style.of(e).id + ", " + e.windows() + " windows)"));
        }
        svg.append("</title>");
        svg.append("<path d=\"")
                .append(d)
                .append("\" fill=\"none\" stroke=\"")
                .append(style.color)
                .append("\" stroke-width=\"")
                .append(style == Style.BYPASS ? "2.5" : "1.5")
                .append('"');
        dash(svg, style);
        svg.append(" marker-end=\"url(#arrow-").append(style.id).append(")\"/></g>\n");
    }

    /** An SVG cubic Bezier path from (x1,y1) to (x2,y2) through two control points. */
    private static String curve(
            int x1, int y1, int cx1, int cy1, int cx2, int cy2, int x2, int y2) {
        return "M" + x1 + "," + y1 + " C" + cx1 + "," + cy1 + " " + cx2 + "," + cy2 + " " + x2 + ","
                + y2;
    }

    private static void dash(StringBuilder svg, Style style) {
        if (style.dash != null) {
            svg.append(" stroke-dasharray=\"").append(style.dash).append('"');
        }
    }

    private static void node(
            StringBuilder svg,
            WorkloadKey node,
            ServiceGraphLayout.Point at,
            boolean bypass,
            boolean meshed) {
        boolean workload = node.kind() == EndpointKind.WORKLOAD;
        String fill = !workload ? "#eeeeee" : meshed ? "#e3f2fd" : "#ffffff";
        // Inside a frame the namespace is the frame's label; the box says what matters about it.
        String second =
                ServiceGraphLayout.framed(node)
                        ? (meshed ? "sidecar" : "no sidecar")
                        : node.kind().jsonName()
                                + (node.namespace() == null ? "" : " in " + node.namespace());
        svg.append("<g class=\"node\"");
        if (ServiceGraphLayout.framed(node)) {
            svg.append(" data-namespace=\"").append(escape(node.namespace())).append('"');
        }
        svg.append("><title>")
                .append(escape(node.display()))
                .append("</title><rect x=\"")
                .append(at.x())
                .append("\" y=\"")
                .append(at.y())
                .append("\" width=\"")
                .append(BOX_WIDTH)
                .append("\" height=\"")
                .append(BOX_HEIGHT)
                .append("\" rx=\"5\" fill=\"")
                .append(fill)
                .append("\" stroke=\"")
                .append(bypass ? Style.BYPASS.color : "#90a4ae")
                .append("\" stroke-width=\"")
                .append(bypass ? "2.5" : "1")
                .append("\"/><text x=\"")
                .append(at.x() + 8)
                .append("\" y=\"")
                .append(at.y() + 16)
                .append("\" font-weight=\"600\">")
                .append(escape(shorten(node.name())))
                .append("</text><text x=\"")
                .append(at.x() + 8)
                .append("\" y=\"")
                .append(at.y() + 31)
                .append("\" fill=\"#555\" font-size=\"11\">")
                .append(escape(shorten(second)))
                .append("</text></g>\n");
    }

    /** At most {@link #LABEL_CHARS} code points, never cutting a surrogate pair in half. */
    static String shorten(String text) {
        return shorten(text, LABEL_CHARS);
    }

    private static String shorten(String text, int chars) {
        if (text.codePointCount(0, text.length()) <= chars) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, chars - 1)) + "\u2026";
    }

    /**
     * XML text and attribute escaping. Characters XML 1.0 cannot carry at all (control characters,
     * lone surrogates) become U+FFFD, so a hostile name cannot break the picture; bidirectional
     * controls are shown ({@link BidiControls}).
     */
    static String escape(String raw) {
        String text = BidiControls.shown(raw);
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    boolean allowed =
                            c == '\t'
                                    || c == '\n'
                                    || c == '\r'
                                    || (c >= 0x20 && c <= 0xD7FF)
                                    || (c >= 0xE000 && c <= 0xFFFD)
                                    || (c >= 0x10000 && c <= 0x10FFFF);
                    out.appendCodePoint(allowed ? c : 0xFFFD);
                }
            }
        }
        return out.toString();
    }
}
