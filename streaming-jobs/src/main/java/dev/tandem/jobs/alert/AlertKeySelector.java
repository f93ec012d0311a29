package dev.tandem.jobs.alert;

import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.jobs.correlate.EdgeKey;
import org.apache.flink.api.java.functions.KeySelector;

/** Keys finding windows by edge and verdict: each pair is alerted on its own schedule. */
public final class AlertKeySelector implements KeySelector<EdgeWindow, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(EdgeWindow window) {
        return EdgeKey.of(window.source(), window.destination(), window.port(), window.protocol())
                + "#"
                + window.verdict().name();
    }
}
