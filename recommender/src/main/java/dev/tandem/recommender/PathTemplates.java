package dev.tandem.recommender;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Generalizes observed HTTP paths into Istio path patterns within a budget. Istio matches a path
 * exactly, by prefix ({@code /api/products/*}) or by suffix ({@code *.js}); a wildcard in the
 * middle is not allowed. So the only generalization that stays valid is cutting paths to a common
 * prefix: the deepest cut whose distinct patterns fit the budget wins, which keeps as much of the
 * observed structure as the budget allows.
 *
 * <p>The paths given here must have passed {@link PathHazard}: a client's '*', '{' or '}' would
 * otherwise become a pattern. So every {@code *} these methods see or write is Tandem's own prefix
 * cut: a trailing {@code /*} made here, or by {@link EdgeAggregator}'s folding (which calls {@link
 * #generalize}).
 */
public final class PathTemplates {
    /** Matches every path. */
    public static final String ANY = "/*";

    private PathTemplates() {}

    /**
     * The pattern for every path: identity when the distinct paths fit {@code budget}, else the
     * deepest prefix cut that fits, else {@link #ANY}.
     */
    public static Map<String, String> generalize(Collection<String> paths, int budget) {
        if (budget < 1) {
            throw new IllegalArgumentException("path budget must be at least 1: " + budget);
        }
        TreeSet<String> distinct = new TreeSet<>();
        int maxDepth = 0;
        for (String path : paths) {
            String normal = normalize(path);
            distinct.add(normal);
            maxDepth = Math.max(maxDepth, depth(normal));
        }
        for (int cut = maxDepth; cut >= 1; cut--) {
            Map<String, String> mapping = cutAll(paths, cut);
            if (new TreeSet<>(mapping.values()).size() <= budget) {
                return mapping;
            }
        }
        Map<String, String> any = new TreeMap<>();
        for (String path : paths) {
            any.put(path, ANY);
        }
        return any;
    }

    /**
     * The path as Istio compares it: no query or fragment, and a leading slash. Nothing in it is
     * read as a pattern: the characters came from a client (see {@link PathHazard}).
     */
    public static String normalize(String path) {
        String p = path == null || path.isEmpty() ? "/" : path;
        int cut = indexOfAny(p, "?#");
        if (cut >= 0) {
            p = p.substring(0, cut);
        }
        if (!p.startsWith("/")) {
            p = "/" + p;
        }
        return p;
    }

    /** {@code path} kept to its first {@code depth} segments followed by {@code /*}. */
    public static String prefixTemplate(String path, int depth) {
        String p = normalize(path);
        if (p.endsWith("/*")) {
            // Already a prefix pattern (Tandem's own fold): cut further only if it is deeper than
            // asked.
            String base = p.substring(0, p.length() - 1);
            return depth(base) - 1 >= depth ? cutTo(base, depth) : p;
        }
        return depth(p) > depth ? cutTo(p, depth) : p;
    }

    /** True when Istio's {@code paths} pattern {@code pattern} matches {@code path}. */
    public static boolean matches(String pattern, String path) {
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.endsWith("*")) {
            return path.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        if (pattern.startsWith("*")) {
            return path.endsWith(pattern.substring(1));
        }
        return pattern.equals(path);
    }

    private static Map<String, String> cutAll(Collection<String> paths, int depth) {
        Map<String, String> mapping = new TreeMap<>();
        for (String path : paths) {
            mapping.put(path, prefixTemplate(path, depth));
        }
        return mapping;
    }

    private static String cutTo(String path, int depth) {
        int index = 0;
        for (int seen = 0; seen < depth; seen++) {
            index = path.indexOf('/', index + 1);
        }
        return path.substring(0, index + 1) + "*";
    }

    private static int depth(String path) {
        int segments = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                segments++;
            }
        }
        return segments;
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
