package dev.tandem.recommender;

/**
 * What a run read, for the outputs' headers. Nothing here depends on the clock, so two runs over
 * the same archive write the same bytes.
 *
 * @param archive the archive as the user named it
 * @param lookback {@code all}, or the lookback as given ({@code 7d})
 * @param windowsRead edge windows read
 * @param filesRead archive files read
 * @param trustDomain the Istio trust domain of principals
 * @param staged true when Calico policies are staged
 */
public record RunInfo(
        String archive,
        String lookback,
        long windowsRead,
        long filesRead,
        String trustDomain,
        boolean staged) {}
