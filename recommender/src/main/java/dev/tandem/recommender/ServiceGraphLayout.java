package dev.tandem.recommender;

import dev.tandem.ingest.model.EndpointKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * Where the service graph puts each box, by arithmetic alone so the same nodes land on the same
 * pixels: every namespace is a labelled frame around its workloads, laid out in columns by call
 * depth; frames go left to right in call order and wrap into rows past {@link #MAX_AREA_WIDTH}.
 * Endpoints without a namespace frame (hosts, networks, external peers) stand outside every frame:
 * those that only call on the left, the rest on the right.
 */
final class ServiceGraphLayout {
    static final int BOX_WIDTH = 210;
    static final int BOX_HEIGHT = 38;
    static final int MARGIN = 20;

    /** Room between columns and between frames for the arrows to bend in. */
    private static final int COLUMN_GAP = 70;

    private static final int ROW_GAP = 16;

    /** Room left of everything for edges that run backwards or within a column. */
    private static final int LEFT_GUTTER = 50;

    /** Inside a frame: padding, and the band at the top for the namespace's name. */
    private static final int FRAME_PADDING = 12;

    static final int FRAME_HEADER = 26;

    /** Boxes stacked in one column at most; a deeper column continues in the next. */
    private static final int MAX_COLUMN_ROWS = 12;

    /** Past this width the next frame starts a new row, so the picture stays a page wide. */
    private static final int MAX_AREA_WIDTH = 1100;

    /** A box's top-left corner. */
    record Point(int x, int y) {}

    /** A namespace's frame. */
    record Frame(String namespace, int x, int y, int width, int height) {}

    /**
     * The placed picture.
     *
     * @param nodes every node's box, top-left corner
     * @param frames namespace frames, sorted by namespace
     * @param width the picture's width
     * @param height the picture's height
     */
    record Placement(Map<WorkloadKey, Point> nodes, List<Frame> frames, int width, int height) {}

    /** A frame before it has a place: its columns of nodes, and its size. */
    private record Block(String namespace, int firstRank, List<List<WorkloadKey>> columns) {
        int width() {
            return 2 * FRAME_PADDING + columnsWidth(columns.size());
        }

        int height() {
            return FRAME_HEADER + FRAME_PADDING + columnHeight(tallest(columns));
        }
    }

    private ServiceGraphLayout() {}

    /** Whether {@code node} is drawn inside a namespace frame. */
    static boolean framed(WorkloadKey node) {
        return node.kind() == EndpointKind.WORKLOAD && node.namespace() != null;
    }

    /**
     * Places {@code nodes} below {@code top}.
     *
     * @param rank each node's call depth (0 = calls but is not called)
     * @param callersOnly nodes that call but are never called, among the drawn edges
     * @param top the first free row below the legend
     * @param minWidth the picture is at least this wide (the legend's width)
     */
    static Placement place(
            SortedSet<WorkloadKey> nodes,
            Map<WorkloadKey, Integer> rank,
            Set<WorkloadKey> callersOnly,
            int top,
            int minWidth) {
        TreeMap<String, List<WorkloadKey>> byNamespace = new TreeMap<>();
        List<WorkloadKey> left = new ArrayList<>();
        List<WorkloadKey> right = new ArrayList<>();
        for (WorkloadKey node : nodes) {
            if (framed(node)) {
                byNamespace.computeIfAbsent(node.namespace(), n -> new ArrayList<>()).add(node);
            } else if (callersOnly.contains(node)) {
                left.add(node);
            } else {
                right.add(node);
            }
        }
        List<Block> blocks = new ArrayList<>();
        for (Map.Entry<String, List<WorkloadKey>> ns : byNamespace.entrySet()) {
            TreeMap<Integer, List<WorkloadKey>> byRank = new TreeMap<>();
            for (WorkloadKey node : ns.getValue()) {
                byRank.computeIfAbsent(rank.get(node), r -> new ArrayList<>()).add(node);
            }
            List<List<WorkloadKey>> columns = new ArrayList<>();
            byRank.values().forEach(column -> columns.addAll(split(column)));
            blocks.add(new Block(ns.getKey(), byRank.firstKey(), columns));
        }
        // Callers' namespaces first, so most arrows point right.
        blocks.sort(Comparator.comparingInt(Block::firstRank).thenComparing(Block::namespace));

        TreeMap<WorkloadKey, Point> points = new TreeMap<>();
        int x = MARGIN + LEFT_GUTTER;
        int bottom = top;
        if (!left.isEmpty()) {
            List<List<WorkloadKey>> columns = split(left);
            bottom = Math.max(bottom, placeColumns(columns, x, top, points));
            x += columnsWidth(columns.size()) + COLUMN_GAP;
        }
        int areaLeft = x;
        int rowX = areaLeft;
        int rowY = top;
        int rowHeight = 0;
        int framesRight = areaLeft;
        List<Frame> frames = new ArrayList<>();
        for (Block block : blocks) {
            if (rowX > areaLeft && rowX + block.width() > areaLeft + MAX_AREA_WIDTH) {
                rowY += rowHeight + COLUMN_GAP / 2;
                rowX = areaLeft;
                rowHeight = 0;
            }
            frames.add(new Frame(block.namespace(), rowX, rowY, block.width(), block.height()));
            placeColumns(block.columns(), rowX + FRAME_PADDING, rowY + FRAME_HEADER, points);
            framesRight = Math.max(framesRight, rowX + block.width());
            bottom = Math.max(bottom, rowY + block.height());
            rowHeight = Math.max(rowHeight, block.height());
            rowX += block.width() + COLUMN_GAP;
        }
        x = frames.isEmpty() ? areaLeft : framesRight + COLUMN_GAP;
        if (!right.isEmpty()) {
            List<List<WorkloadKey>> columns = split(right);
            bottom = Math.max(bottom, placeColumns(columns, x, top, points));
            x += columnsWidth(columns.size()) + COLUMN_GAP;
        }
        frames.sort(Comparator.comparing(Frame::namespace));
        int width = Math.max(minWidth, x - COLUMN_GAP + MARGIN);
        return new Placement(points, List.copyOf(frames), width, bottom + MARGIN);
    }

    /** Places columns side by side from {@code (x, y)}; returns the lowest bottom. */
    private static int placeColumns(
            List<List<WorkloadKey>> columns, int x, int y, Map<WorkloadKey, Point> points) {
        for (int c = 0; c < columns.size(); c++) {
            List<WorkloadKey> column = columns.get(c);
            for (int r = 0; r < column.size(); r++) {
                points.put(
                        column.get(r),
                        new Point(
                                x + c * (BOX_WIDTH + COLUMN_GAP), y + r * (BOX_HEIGHT + ROW_GAP)));
            }
        }
        return y + columnHeight(tallest(columns));
    }

    private static List<List<WorkloadKey>> split(List<WorkloadKey> column) {
        List<List<WorkloadKey>> out = new ArrayList<>();
        for (int i = 0; i < column.size(); i += MAX_COLUMN_ROWS) {
            out.add(column.subList(i, Math.min(column.size(), i + MAX_COLUMN_ROWS)));
        }
        return out;
    }

    private static int tallest(List<List<WorkloadKey>> columns) {
        return columns.stream().mapToInt(List::size).max().orElse(0);
    }

    private static int columnsWidth(int columns) {
        return columns * BOX_WIDTH + Math.max(0, columns - 1) * COLUMN_GAP;
    }

    private static int columnHeight(int rows) {
        return rows * BOX_HEIGHT + Math.max(0, rows - 1) * ROW_GAP;
    }
}
