package dev.tandem.jobs.alert;

import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.Verdict;
import dev.tandem.jobs.analyze.Finding;
import dev.tandem.jobs.correlate.EdgeKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One record of {@code tandem.alerts}: a finding (the shape of {@code findings.jsonl}) with an
 * {@code alertId}. The id is a hash of the edge, the verdict and the window start, so the same
 * alert produced twice (a replay after a restore, at-least-once delivery) carries the same id and
 * the notifier drops the copy.
 *
 * @param alertId 32 hex digits, deterministic from edge + verdict + window start
 */
public record Alert(
        String alertId,
        Verdict verdict,
        Finding.Endpoint source,
        Finding.Endpoint destination,
        int port,
        String protocol,
        Instant windowStart,
        Instant windowEnd,
        double confidence,
        Finding.Evidence evidence) {

    /** The alert for a window whose verdict is a finding. */
    public static Alert of(EdgeWindow window) {
        Finding finding = Finding.of(window);
        return new Alert(
                idOf(window),
                finding.verdict(),
                finding.source(),
                finding.destination(),
                finding.port(),
                finding.protocol(),
                finding.windowStart(),
                finding.windowEnd(),
                finding.confidence(),
                finding.evidence());
    }

    /**
     * The id of the alert for {@code window}: SHA-256 of edge, verdict and window start, cut to 128
     * bits.
     */
    public static String idOf(EdgeWindow window) {
        String identity =
                EdgeKey.of(window.source(), window.destination(), window.port(), window.protocol())
                        + "#"
                        + window.verdict().name()
                        + "@"
                        + window.windowStart();
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
