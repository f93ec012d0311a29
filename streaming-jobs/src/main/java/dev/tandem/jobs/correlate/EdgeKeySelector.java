package dev.tandem.jobs.correlate;

import org.apache.flink.api.java.functions.KeySelector;

/** Keys edge evidence by its edge. */
final class EdgeKeySelector implements KeySelector<EdgeEvidence, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(EdgeEvidence evidence) {
        return evidence.edgeKey();
    }
}
