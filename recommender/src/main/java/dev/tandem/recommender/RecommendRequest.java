package dev.tandem.recommender;

import dev.tandem.ingest.archive.TimeRange;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One run of the recommender, as {@code tandem recommend} takes it.
 *
 * @param archive the edge archive directory
 * @param inventory a {@code kubectl get pods,services,namespaces -A -o json} file, or null
 * @param range the event time to read
 * @param lookback how the range was asked for ({@code all}, {@code 7d}), for the outputs
 * @param previous a previous run's output directory to diff against, or null
 * @param trustDomain the Istio trust domain of principals
 * @param staged true for Calico StagedNetworkPolicy, false for enforced NetworkPolicy
 * @param out the output directory
 * @param pathBudget path patterns allowed per meshed destination
 */
public record RecommendRequest(
        Path archive,
        Path inventory,
        TimeRange range,
        String lookback,
        Path previous,
        String trustDomain,
        boolean staged,
        Path out,
        int pathBudget) {
    public RecommendRequest {
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(lookback, "lookback");
        Objects.requireNonNull(trustDomain, "trustDomain");
        Objects.requireNonNull(out, "out");
    }
}
