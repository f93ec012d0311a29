package dev.tandem.recommender;

import java.nio.file.Path;
import java.util.List;

/**
 * What a run did.
 *
 * @param windowsRead edge windows read from the archive
 * @param edges distinct edges observed
 * @param l4Rules L3/L4 allow rules generated
 * @param l7Policies Istio ALLOW policies generated
 * @param needsReview edges left for a person
 * @param files files written, sorted, relative to the output directory
 * @param notice a warning for the user (empty archive), or null
 * @param chatSummary the few lines for chat and the end of the console output
 */
public record RecommendResult(
        long windowsRead,
        int edges,
        int l4Rules,
        int l7Policies,
        int needsReview,
        List<Path> files,
        String notice,
        ChatSummary chatSummary) {}
