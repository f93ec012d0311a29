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
import dev.tandem.ingest.model.DestinationService;
import dev.tandem.ingest.model.Evidence;
import dev.tandem.ingest.model.FlowAction;
import dev.tandem.ingest.model.FlowEndpointType;
import dev.tandem.ingest.model.FlowReporter;
import dev.tandem.ingest.model.HostPort;
import dev.tandem.ingest.model.InventorySnapshot;
import dev.tandem.ingest.model.KernelFlow;
import dev.tandem.ingest.model.PodRecord;
import dev.tandem.ingest.model.PolicyHit;
import dev.tandem.ingest.model.ProxyLogFormat;
import dev.tandem.ingest.model.ProxyRequest;
import dev.tandem.ingest.model.ServicePort;
import dev.tandem.ingest.model.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
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
                        "istiod",
                        "prometheus",
                        "coredns",
                        "batch-client",
                        "netshoot");
        assertThat(inventory.snapshot().services()).hasSizeGreaterThanOrEqualTo(8);
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
                        "DENIED tools/netshoot -> bookinfo/ratings-v1:3306 1",
                        "DENIED tools/netshoot -> bookinfo/details-v1:9080 1");
        assertThat(files.injections())
                .extracting(Injection::verdict)
                .doesNotContain(Verdict.MEDIATED, Verdict.UNMESHED);
        assertThat(Files.readString(files.manifest())).contains("\"story\"", "\"seed\" : 7");
    }

    @Test
    void clientsReachTheGatewaysListenerFromOutsideAsItsJsonLinesSay() throws IOException {
        Scenario scenario = Scenario.of(ScenarioGenerator.generate(ONE_HOUR, dir));
        String gateway = scenario.ipOf("istio-ingressgateway");

        List<KernelFlow> into =
                scenario.flows(f -> gateway.equals(f.destination().ip()) && port(f) == 8080);
        List<ProxyRequest> lines =
                scenario.requests(
                        r ->
                                r.format() == ProxyLogFormat.JSON
                                        && r.downstreamLocalAddress() != null
                                        && r.downstreamLocalAddress()
                                                .equals(new HostPort(gateway, 8080)));
        assertThat(lines).hasSizeGreaterThan(300);
        assertThat(into)
                .allSatisfy(
                        f -> {
                            // Only the gateway's node sees a client from outside the cluster.
                            assertThat(f.reporters()).containsExactly(FlowReporter.DST);
                            assertThat(f.source().type()).isEqualTo(FlowEndpointType.NET);
                            assertThat(f.source().nameAggregate()).isEqualTo("pub");
                            assertThat(f.action()).isEqualTo(FlowAction.ALLOW);
                            assertThat(f.processNames()).containsExactly("envoy");
                            assertThat(f.destinationService())
                                    .isEqualTo(
                                            new DestinationService(
                                                    "istio-system",
                                                    "istio-ingressgateway",
                                                    "http2",
                                                    80));
                        });
        // Every client Calico saw is a downstream in the gateway's lines, one connection a line.
        assertThat(into.stream().map(f -> f.source().ip()).collect(Collectors.toSet()))
                .isEqualTo(
                        lines.stream()
                                .map(r -> r.downstreamRemoteAddress().host())
                                .collect(Collectors.toSet()));
        assertThat(into.stream().mapToLong(f -> f.counters().numFlowsStarted()).sum())
                .isEqualTo(lines.size());
        assertThat(Files.readString(scenario.files.inventory()))
                .contains("\"type\":\"LoadBalancer\"", "\"externalTrafficPolicy\":\"Local\"");
    }

    @Test
    void meshedAppsResolveThroughKubeDnsAroundTheirSidecarsExceptOverTcp() throws IOException {
        Scenario scenario = Scenario.of(ScenarioGenerator.generate(ONE_HOUR, dir));
        Set<String> coreDns = scenario.ipsOf("coredns");
        assertThat(scenario.pods("coredns"))
                .allSatisfy(p -> assertThat(p.labels().get("k8s-app")).isEqualTo("kube-dns"));
        assertThat(scenario.inventory.services())
                .filteredOn(s -> s.name().equals("kube-dns"))
                .singleElement()
                .satisfies(
                        s -> {
                            assertThat(s.selector().get("k8s-app")).isEqualTo("kube-dns");
                            assertThat(s.ports())
                                    .extracting(ServicePort::name)
                                    .contains("dns", "dns-tcp");
                        });

        List<KernelFlow> udp =
                scenario.flows(
                        f ->
                                scenario.meshedIps.contains(f.source().ip())
                                        && coreDns.contains(f.destination().ip())
                                        && "udp".equals(f.protocol()));
        assertThat(udp)
                .extracting(f -> f.source().namespace() + "/" + f.processNames())
                .contains("bookinfo/[python3]", "bookinfo/[java]")
                .doesNotContain("bookinfo/[envoy]");
        assertThat(udp).allSatisfy(f -> assertThat(port(f)).isEqualTo(53));

        // Twice an hour a truncated answer is retried over TCP, which the sidecar intercepts.
        List<KernelFlow> tcp =
                scenario.flows(
                        f ->
                                scenario.meshedIps.contains(f.source().ip())
                                        && coreDns.contains(f.destination().ip())
                                        && "tcp".equals(f.protocol()));
        assertThat(tcp)
                .filteredOn(f -> f.reporters().contains(FlowReporter.SRC))
                .hasSize(2)
                .allSatisfy(f -> assertThat(f.processNames()).containsExactly("envoy"));
        List<ProxyRequest> proxied =
                scenario.requests(r -> r.upstreamHost() != null && r.upstreamHost().port() == 53);
        assertThat(proxied)
                .hasSize(2)
                .allSatisfy(
                        r -> {
                            assertThat(r.method()).isNull();
                            assertThat(r.upstreamCluster().raw())
                                    .isEqualTo(
                                            "outbound|53||kube-dns.kube-system.svc.cluster.local");
                            assertThat(coreDns).contains(r.upstreamHost().host());
                            assertThat(r.pod().pod()).startsWith("productpage-v1-");
                        });
    }

    @Test
    void everyProxyKeepsAStreamToIstiodThatNoAccessLineShows() throws IOException {
        Scenario scenario = Scenario.of(ScenarioGenerator.generate(ONE_HOUR, dir));
        PodRecord istiod = scenario.pods("istiod").get(0);
        assertThat(istiod.sidecarPresent()).isFalse();
        assertThat(istiod.labels().get("app")).isEqualTo("istiod");
        assertThat(istiod.labels().get("istio")).isEqualTo("pilot");
        String istiodIp = istiod.ips().get(0);

        List<KernelFlow> streams =
                scenario.flows(
                        f ->
                                istiodIp.equals(f.destination().ip())
                                        && port(f) == 15012
                                        && f.reporters().contains(FlowReporter.SRC));
        // Every meshed pod (six sidecars, the gateway) in each of the hour's twelve intervals.
        assertThat(scenario.meshedIps).hasSize(7);
        assertThat(streams).hasSize(7 * 12);
        assertThat(streams.stream().map(f -> f.source().ip()).collect(Collectors.toSet()))
                .isEqualTo(scenario.meshedIps);
        assertThat(streams)
                .allSatisfy(f -> assertThat(f.processNames()).containsExactly("pilot-agent"));
        assertThat(streams.stream().mapToLong(f -> f.counters().numFlowsStarted()).sum())
                .as("a redial every 30 minutes")
                .isEqualTo(7 * 2);
        assertThat(
                        scenario.requests(
                                r ->
                                        r.upstreamHost() != null
                                                && r.upstreamHost().host().equals(istiodIp)))
                .isEmpty();
    }

    @Test
    void theSecondDeniedProbeIsAllowedOutAndDeniedAtTheDestinationsIngress() throws IOException {
        ScenarioFiles files = ScenarioGenerator.generate(ONE_HOUR, dir);
        Scenario scenario = Scenario.of(files);
        String netshoot = scenario.ipOf("netshoot");
        String details = scenario.ipOf("details-v1");
        Injection injected = files.injections().get(files.injections().size() - 1);

        List<KernelFlow> probe =
                scenario.flows(
                        f ->
                                netshoot.equals(f.source().ip())
                                        && details.equals(f.destination().ip()));
        assertThat(probe)
                .extracting(f -> f.reporters().get(0) + " " + f.action() + " " + policy(f))
                .containsExactlyInAnyOrder(
                        "SRC ALLOW __PROFILE__.kns.tools|allow",
                        "DST DENY bookinfo/app-bookinfo.details|deny");
        assertThat(probe)
                .allSatisfy(
                        f -> {
                            assertThat(f.start()).isEqualTo(injected.windows().get(0));
                            assertThat(port(f)).isEqualTo(9080);
                        });
        assertThat(probe)
                .filteredOn(f -> f.action() == FlowAction.DENY)
                .singleElement()
                .satisfies(
                        f -> {
                            assertThat(f.counters().bytesIn()).isPositive();
                            assertThat(f.counters().bytesOut()).isZero();
                        });
    }

    @Test
    void scaleGrowsPodsRequestsAndLinesLinearly() throws IOException {
        ScenarioFiles one = ScenarioGenerator.generate(ONE_HOUR, dir.resolve("one"));
        ScenarioFiles four = ScenarioGenerator.generate(ONE_HOUR.withScale(4), dir.resolve("four"));

        // Shared infrastructure (CoreDNS, Prometheus, istiod, two extra pods) does not grow.
        assertThat(four.pods() - 6).isEqualTo(4 * (one.pods() - 6));
        assertThat((double) four.requests() / one.requests()).isBetween(3.6, 4.4);
        long linesOne = one.lines(LogFile.Kind.FLOWS) + one.lines(LogFile.Kind.PROXY);
        long linesFour = four.lines(LogFile.Kind.FLOWS) + four.lines(LogFile.Kind.PROXY);
        assertThat((double) linesFour / linesOne).isBetween(3.5, 4.4);
        // Each copy brings its seven proxies' streams to the one istiod, every interval.
        assertThat(istiodStreams(one)).isEqualTo(7 * 12);
        assertThat(istiodStreams(four)).isEqualTo(4 * 7 * 12);
    }

    private static long istiodStreams(ScenarioFiles files) throws IOException {
        long count = 0;
        for (LogFile log : files.logs(LogFile.Kind.FLOWS)) {
            count +=
                    Files.readAllLines(log.path()).stream()
                            .filter(l -> l.contains("\"dest_port\":15012,"))
                            .filter(l -> l.contains("\"reporter\":\"src\""))
                            .count();
        }
        return count;
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

    private static int port(KernelFlow flow) {
        return flow.destinationPort() == null ? -1 : flow.destinationPort();
    }

    private static String policy(KernelFlow flow) {
        PolicyHit hit = flow.policies().all().get(0);
        return hit.name() + "|" + hit.action();
    }

    /** A generated scenario decoded through the real decoders: its evidence and inventory. */
    private record Scenario(
            ScenarioFiles files,
            List<KernelFlow> kernel,
            List<ProxyRequest> proxy,
            InventorySnapshot inventory,
            Set<String> meshedIps) {
        static Scenario of(ScenarioFiles files) throws IOException {
            List<DeadLetter> deadLetters = new ArrayList<>();
            List<KernelFlow> kernel = new ArrayList<>();
            List<ProxyRequest> proxy = new ArrayList<>();
            for (LogFile log : files.logs()) {
                LogKind kind = log.kind() == LogFile.Kind.FLOWS ? LogKind.CALICO : LogKind.ENVOY;
                for (Evidence evidence : decode(log.path(), kind, deadLetters)) {
                    if (evidence instanceof KernelFlow flow) {
                        kernel.add(flow);
                    } else {
                        proxy.add((ProxyRequest) evidence);
                    }
                }
            }
            assertThat(deadLetters).isEmpty();
            InventorySnapshot inventory;
            try (InputStream in = Files.newInputStream(files.inventory())) {
                inventory =
                        new KubectlInventoryDecoder()
                                .decode(in, "inventory", null)
                                .value()
                                .snapshot();
            }
            Set<String> meshed =
                    inventory.pods().stream()
                            .filter(
                                    p ->
                                            p.namespace().startsWith("bookinfo")
                                                    || p.workload().equals("istio-ingressgateway"))
                            .filter(PodRecord::sidecarPresent)
                            .map(p -> p.ips().get(0))
                            .collect(Collectors.toCollection(TreeSet::new));
            return new Scenario(files, kernel, proxy, inventory, meshed);
        }

        List<KernelFlow> flows(Predicate<KernelFlow> which) {
            return kernel.stream().filter(which).toList();
        }

        List<ProxyRequest> requests(Predicate<ProxyRequest> which) {
            return proxy.stream().filter(which).toList();
        }

        List<PodRecord> pods(String workload) {
            return inventory.pods().stream().filter(p -> p.workload().equals(workload)).toList();
        }

        Set<String> ipsOf(String workload) {
            return pods(workload).stream()
                    .map(p -> p.ips().get(0))
                    .collect(Collectors.toCollection(TreeSet::new));
        }

        String ipOf(String workload) {
            assertThat(pods(workload)).as(workload).hasSize(1);
            return pods(workload).get(0).ips().get(0);
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
