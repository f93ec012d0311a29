package dev.tandem.ingest.ship;

import dev.tandem.ingest.detect.LogKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link Shipper} needs.
 *
 * @param bootstrapServers Kafka's {@code host:port} list
 * @param kind what the inputs hold; decides the topic of each line
 * @param nodeName this node's name: part of every file record's key
 * @param stateDir where file offsets are saved, or null to save none (always start at 0)
 * @param progressInterval how often a progress line is logged, or null for never
 */
public record ShipSettings(
        String bootstrapServers,
        LogKind kind,
        String nodeName,
        Path stateDir,
        Duration progressInterval) {
    public ShipSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(nodeName, "nodeName");
        if (progressInterval != null
                && (progressInterval.isNegative() || progressInterval.isZero())) {
            throw new IllegalArgumentException(
                    "progressInterval must be positive, got " + progressInterval);
        }
    }
}
