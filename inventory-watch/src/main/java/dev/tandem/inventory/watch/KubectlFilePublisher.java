package dev.tandem.inventory.watch;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.inventory.InventoryDecodeResult;
import dev.tandem.ingest.inventory.InventoryItem;
import dev.tandem.ingest.inventory.KubectlInventoryDecoder;
import dev.tandem.ingest.model.InventorySnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Publishes a {@code kubectl get pods,services,namespaces -A -o json} file to the inventory topic
 * once, every object as the watcher would publish it. A file says nothing about what was deleted,
 * so it publishes no deletions.
 */
public final class KubectlFilePublisher {
    private final InventoryPublisher publisher;
    private final Clock clock;
    private final KubectlInventoryDecoder decoder = new KubectlInventoryDecoder();

    public KubectlFilePublisher(InventoryPublisher publisher, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
    }

    /**
     * What a file publication did.
     *
     * @param snapshot what was read and published, or null when the file could not be read
     * @param skipped how many items could not be read (each went out as a dead letter)
     * @param failure why the file as a whole could not be read, or null
     */
    public record Publication(InventorySnapshot snapshot, int skipped, DeadLetter failure) {}

    /**
     * Reads the file, publishes every object and waits for the broker's acknowledgement.
     *
     * @throws IOException when the file cannot be read at all
     */
    public Publication publish(Path file) throws IOException {
        Decoded<InventoryDecodeResult> decoded;
        try (InputStream in = Files.newInputStream(file)) {
            decoded = decoder.decode(in, "inventory:" + file, clock.instant());
        }
        if (!decoded.isOk()) {
            return new Publication(null, 0, decoded.deadLetter());
        }
        InventoryDecodeResult result = decoded.value();
        for (InventoryItem item : InventoryItem.allOf(result.snapshot())) {
            publisher.upsert(item);
        }
        result.skipped().forEach(publisher::deadLetter);
        publisher.flush();
        return new Publication(result.snapshot(), result.skippedCount(), null);
    }
}
