package dev.tandem.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.detect.LogKind;
import dev.tandem.ingest.detect.LogStreamDecoder;
import dev.tandem.ingest.inventory.InventoryDecodeResult;
import dev.tandem.ingest.inventory.KubectlInventoryDecoder;
import dev.tandem.ingest.io.BoundedLineReader;
import dev.tandem.ingest.model.Evidence;
import dev.tandem.ingest.model.KernelFlow;
import dev.tandem.ingest.model.PodRecord;
import dev.tandem.ingest.model.ProxyRequest;
import dev.tandem.ingest.model.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator writes real formats, reproducibly, and grows linearly with its scale. */
class ScenarioGeneratorTest {
    private static final ScenarioSpec ONE_HOUR = ScenarioSpec.defaults().withHours(1);

    @TempDir Path dir;

    @Test
    void theSameSeedGivesByteIdenticalFilesAndAnotherSeedDoesNot() throws IOException {
        ScenarioGenerator.generate(ONE_HOUR, dir.resolve("a"));
        ScenarioGenerator.generate(ONE_HOUR, dir.resolve("b"));
        ScenarioGenerator.generate(ONE_HOUR.withSeed(8), dir.resolve("c"));

        Map<String, byte[]> a = contents(dir.resolve("a"));
        Map<String, byte[]> b = contents(dir.resolve("b"));
        assertThat(a.keySet()).isEqualTo(b.keySet()).hasSizeGreaterThan(6);
        a.forEach((file, bytes) -> assertThat(b.get(file)).as(file).isEqualTo(bytes));
        assertThat(contents(dir.resolve("c")).get("inventory.json"))
                .isNotEqualTo(a.get("inventory.json"));
    }

    @Test
    void everyFileDecodesThroughTheRealDecodersWithoutADeadLetter() throws IOException {
        ScenarioFiles files = ScenarioGenerator.generate(ONE_HOUR, dir);

        List<DeadLetter> deadLetters = new ArrayList<>();
        long flows = 0;
        long proxy = 0;
        boolean json = false;
        for (LogFile log : files.logs()) {
            LogKind kind = log.kind() == LogFile.Kind.FLOWS ? LogKind.CALICO : LogKind.ENVOY;
            for (Evidence evidence : decode(log.path(), kind, deadLetters)) {
                if (evidence instanceof KernelFlow) {
                    flows++;
                } else {
                    proxy++;
                    ProxyRequest request = (ProxyRequest) evidence;
                    json |= request.format().name().equals("JSON");
                }
            }
        }
        assertThat(deadLetters).isEmpty();
        assertThat(flows).isEqualTo(files.lines(LogFile.Kind.FLOWS)).isGreaterThan(100);
        assertThat(proxy).isEqualTo(files.lines(LogFile.Kind.PROXY)).isGreaterThan(1000);
        assertThat(json).as("the gateway logs Istio's JSON encoding").isTrue();
        assertThat(files.logs(LogFile.Kind.PROXY))
                .extracting(f -> f.path().getFileName().toString())
                .anyMatch(name -> name.contains("_istio-proxy-"))
                .contains("istio-proxy.log");

        InventoryDecodeResult inventory;
        try (InputStream in = Files.newInputStream(files.inventory())) {
            Decoded<InventoryDecodeResult> decoded =
                    new KubectlInventoryDecoder().decode(in, "inventory", null);
            assertThat(decoded.isOk()).isTrue();
            inventory = decoded.value();
        }
        assertThat(inventory.complete()).isTrue();
        assertThat(inventory.snapshot().pods()).hasSize(files.pods());
        assertThat(inventory.snapshot().pods())
                .filteredOn(p -> p.namespace().equals("bookinfo"))
                .extracting(p -> p.workload() + (p.sidecarPresent() ? " meshed" : " plain"))
                .containsExactlyInAnyOrder(
                        "productpage-v1 meshed",
                        "details-v1 meshed",
                        "reviews-v1 meshed",
                        "reviews-v2 meshed",
                        "reviews-v3 meshed",
                        "ratings-v1 meshed");
        assertThat(inventory.snapshot().pods())
                .filteredOn(p -> !p.namespace().startsWith("bookinfo"))
                .extracting(PodRecord::workload)
                .contains(
                        "istio-ingressgateway",
                        "prometheus",
                        "coredns",
                        "batch-client",
                        "netshoot");
        assertThat(inventory.snapshot().services()).hasSizeGreaterThanOrEqualTo(7);
    }

    @Test
    void injectsOneAnomalyOfEachKindWithItsWindows() throws IOException {
        ScenarioFiles files = ScenarioGenerator.generate(ScenarioSpec.defaults(), dir);

        assertThat(files.injections())
                .extracting(i -> i.verdict() + " " + i.edge() + " " + i.windows().size())
                .containsExactly(
                        "BYPASS_EGRESS bookinfo/ratings-v1 -> 203.0.113.50:443 2",
                        "BYPASS_INGRESS tools/netshoot -> bookinfo/reviews-v3:5005 2",
                        "PLAINTEXT legacy/batch-client -> bookinfo/productpage-v1:9080 3",
                        "DENIED tools/netshoot -> bookinfo/ratings-v1:3306 1");
        assertThat(files.injections())
                .extracting(Injection::verdict)
                .doesNotContain(Verdict.MEDIATED, Verdict.UNMESHED);
        assertThat(Files.readString(files.manifest())).contains("\"story\"", "\"seed\" : 7");
    }

    @Test
    void scaleGrowsPodsRequestsAndLinesLinearly() throws IOException {
        ScenarioFiles one = ScenarioGenerator.generate(ONE_HOUR, dir.resolve("one"));
        ScenarioFiles four = ScenarioGenerator.generate(ONE_HOUR.withScale(4), dir.resolve("four"));

        // Shared infrastructure (CoreDNS, Prometheus, two extra pods) does not grow.
        assertThat(four.pods() - 5).isEqualTo(4 * (one.pods() - 5));
        assertThat((double) four.requests() / one.requests()).isBetween(3.6, 4.4);
        long linesOne = one.lines(LogFile.Kind.FLOWS) + one.lines(LogFile.Kind.PROXY);
        long linesFour = four.lines(LogFile.Kind.FLOWS) + four.lines(LogFile.Kind.PROXY);
        assertThat((double) linesFour / linesOne).isBetween(3.5, 4.4);
    }

    @Test
    void refusesAFolderThatHoldsSomethingElse() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "mine");

        assertThatThrownBy(() -> ScenarioGenerator.generate(ONE_HOUR, dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("pick an empty folder");
        assertThat(Files.readString(dir.resolve("notes.txt"))).isEqualTo("mine");
    }

    @Test
    void aSecondRunReplacesAPreviousScenario() throws IOException {
        ScenarioGenerator.generate(ONE_HOUR.withScale(2), dir);
        ScenarioFiles again = ScenarioGenerator.generate(ONE_HOUR, dir);

        try (Stream<Path> walk = Files.walk(dir.resolve(ScenarioGenerator.NODES))) {
            assertThat(walk.filter(Files::isRegularFile).count()).isEqualTo(again.logs().size());
        }
    }

    private static List<Evidence> decode(Path file, LogKind kind, List<DeadLetter> deadLetters)
            throws IOException {
        List<Evidence> out = new ArrayList<>();
        LogStreamDecoder decoder = new LogStreamDecoder(kind, file.toString());
        try (InputStream in = Files.newInputStream(file)) {
            BoundedLineReader reader = new BoundedLineReader(in);
            for (BoundedLineReader.Line line = reader.next(); line != null; line = reader.next()) {
                decoder.accept(line, d -> collect(d, out, deadLetters));
            }
        }
        decoder.finish(d -> collect(d, out, deadLetters));
        return out;
    }

    private static void collect(Decoded<Evidence> d, List<Evidence> out, List<DeadLetter> dead) {
        if (d.isOk()) {
            out.add(d.value());
        } else {
            dead.add(d.deadLetter());
        }
    }

    private static Map<String, byte[]> contents(Path root) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        return out;
    }
}
