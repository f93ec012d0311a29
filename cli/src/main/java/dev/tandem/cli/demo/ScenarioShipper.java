package dev.tandem.cli.demo;

import dev.tandem.ingest.detect.LogKind;
import dev.tandem.ingest.ship.ShipSettings;
import dev.tandem.ingest.ship.Shipper;
import dev.tandem.inventory.watch.InventoryPublisher;
import dev.tandem.inventory.watch.KubectlFilePublisher;
import dev.tandem.scenario.LogFile;
import dev.tandem.scenario.ScenarioFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts a scenario into Kafka the way a cluster would: the inventory as {@code tandem inventory
 * --file} publishes it, and the logs as {@code tandem ship} on each node sends them, one shipper
 * per node and log kind (the node's name is part of every record's key).
 */
public final class ScenarioShipper {
    /**
     * What was shipped.
     *
     * @param flows flow log lines sent to the flows topic
     * @param proxy proxy lines sent to the proxy topic
     * @param deadLetters lines of no known format
     * @param shippers shippers run
     */
    public record Shipped(long flows, long proxy, long deadLetters, int shippers) {}

    private ScenarioShipper() {}

    public static void publishInventory(String kafka, Path inventory) throws IOException {
        try (InventoryPublisher publisher = InventoryPublisher.connect(kafka, Clock.systemUTC())) {
            KubectlFilePublisher.Publication publication =
                    new KubectlFilePublisher(publisher, Clock.systemUTC()).publish(inventory);
            if (publication.failure() != null || publisher.failed() > 0) {
                throw new IOException(
                        "could not publish the scenario's inventory to Kafka at " + kafka);
            }
        }
    }

    public static Shipped ship(String kafka, ScenarioFiles files)
            throws IOException, InterruptedException {
        Map<String, List<LogFile>> byShipper = new TreeMap<>();
        for (LogFile log : files.logs()) {
            byShipper
                    .computeIfAbsent(log.node() + " " + log.kind(), k -> new ArrayList<>())
                    .add(log);
        }
        long flows = 0;
        long proxy = 0;
        long deadLetters = 0;
        for (List<LogFile> logs : byShipper.values()) {
            LogFile first = logs.get(0);
            LogKind kind = first.kind() == LogFile.Kind.FLOWS ? LogKind.CALICO : LogKind.ENVOY;
            try (Shipper shipper =
                    Shipper.start(new ShipSettings(kafka, kind, first.node(), null, null))) {
                shipper.shipFiles(logs.stream().map(LogFile::path).toList(), false);
                flows += shipper.counters().flows();
                proxy += shipper.counters().proxy();
                deadLetters += shipper.counters().deadLetters();
            }
        }
        return new Shipped(flows, proxy, deadLetters, byShipper.size());
    }
}
