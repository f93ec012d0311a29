package dev.tandem.scenario;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tandem.ingest.io.FileTrees;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes a seeded, realistic scenario: Bookinfo behind Istio's ingress gateway on three nodes, with
 * the cluster's background traffic and a few injected anomalies, as the files a cluster running
 * Calico Enterprise and Istio would hold:
 *
 * <pre>
 * DIR/scenario.json                                     the spec, the files, the injected anomalies
 * DIR/inventory.json                                    kubectl get pods,services,namespaces -A -o json
 * DIR/nodes/NODE/var/log/calico/flowlogs/flows.log     Felix's flow logs (5-minute flushes)
 * DIR/nodes/NODE/fluent-bit/istio-proxy.log            sidecar access logs, Fluent Bit JSON records
 * DIR/nodes/NODE/var/log/containers/POD_NS_istio-proxy-ID.log   a sidecar's CRI log
 * </pre>
 *
 * The same {@link ScenarioSpec} gives byte-identical files.
 */
public final class ScenarioGenerator {
    public static final String MANIFEST = "scenario.json";
    public static final String INVENTORY = "inventory.json";
    public static final String NODES = "nodes";
    static final String FLOW_LOG = "var/log/calico/flowlogs/flows.log";

    private static final JsonFactory JSON = new JsonFactory();

    private ScenarioGenerator() {}

    /**
     * Generates into {@code dir} (created when missing). A folder that holds a previous scenario is
     * replaced; any other non-empty folder is refused, so that nothing else is overwritten.
     *
     * @throws IOException when the folder cannot be written, or holds something else
     */
    public static ScenarioFiles generate(ScenarioSpec spec, Path dir) throws IOException {
        prepare(dir);
        Random random = new Random(spec.seed());
        Cluster cluster = new Cluster(spec.scale(), random);
        Traffic traffic = new Traffic(spec, cluster, random);
        traffic.run();

        Map<String, List<String>> files = new TreeMap<>();
        for (KernelTally.Entry entry : traffic.kernel().entries()) {
            files.computeIfAbsent(
                            entry.reportingNode().name() + "/" + FLOW_LOG, f -> new ArrayList<>())
                    .add(CalicoFlowWriter.line(entry));
        }
        files.putAll(traffic.proxy().files());

        List<LogFile> logs = new ArrayList<>();
        for (Map.Entry<String, List<String>> file : files.entrySet()) {
            Path path = dir.resolve(NODES).resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.write(path, file.getValue(), StandardCharsets.UTF_8);
            String node = file.getKey().substring(0, file.getKey().indexOf('/'));
            LogFile.Kind kind =
                    file.getKey().endsWith(FLOW_LOG) ? LogFile.Kind.FLOWS : LogFile.Kind.PROXY;
            logs.add(new LogFile(node, kind, path, file.getValue().size()));
        }
        logs.sort(Comparator.comparing(f -> f.path().toString()));
        Path inventory = dir.resolve(INVENTORY);
        InventoryWriter.write(cluster, spec.start(), inventory);
        ScenarioFiles result =
                new ScenarioFiles(
                        dir,
                        logs,
                        inventory,
                        dir.resolve(MANIFEST),
                        traffic.injections(),
                        cluster.pods.size(),
                        traffic.requests());
        writeManifest(spec, result);
        return result;
    }

    private static void prepare(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException(dir + " is a file, not a folder");
        }
        Files.createDirectories(dir);
        try (Stream<Path> entries = Files.list(dir)) {
            List<Path> present = entries.toList();
            if (present.isEmpty()) {
                return;
            }
            if (!Files.isRegularFile(dir.resolve(MANIFEST))) {
                throw new IOException(
                        dir + " is not empty and holds no " + MANIFEST + ": pick an empty folder");
            }
        }
        FileTrees.delete(dir.resolve(NODES));
    }

    private static void writeManifest(ScenarioSpec spec, ScenarioFiles files) throws IOException {
        try (Writer out = Files.newBufferedWriter(files.manifest(), StandardCharsets.UTF_8);
                JsonGenerator json = JSON.createGenerator(out)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeNumberField("seed", spec.seed());
            json.writeNumberField("scale", spec.scale());
            json.writeNumberField("hours", spec.hours());
            json.writeStringField("start", spec.start().toString());
            json.writeStringField("end", spec.end().toString());
            json.writeStringField("flowLogInterval", ScenarioSpec.INTERVAL.toString());
            json.writeNumberField("pods", files.pods());
            json.writeNumberField("requests", files.requests());
            json.writeStringField("inventory", INVENTORY);
            json.writeArrayFieldStart("logs");
            for (LogFile log : files.logs()) {
                json.writeStartObject();
                json.writeStringField("node", log.node());
                json.writeStringField("kind", log.kind().name().toLowerCase(java.util.Locale.ROOT));
                json.writeStringField("path", files.dir().relativize(log.path()).toString());
                json.writeNumberField("lines", log.lines());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("injected");
            for (Injection injection : files.injections()) {
                json.writeStartObject();
                json.writeStringField("verdict", injection.verdict().name());
                json.writeStringField("edge", injection.edge());
                json.writeStringField("protocol", injection.protocol());
                json.writeArrayFieldStart("windows");
                for (Instant window : injection.windows()) {
                    json.writeString(window.toString());
                }
                json.writeEndArray();
                json.writeStringField("story", injection.story());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeRaw('\n');
        }
    }
}
