package dev.tandem.recommender;

import static dev.tandem.recommender.Edges.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.Verdict;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ServiceGraphSvgTest {

    private static List<ObservedEdge> observed(List<EdgeWindow> windows) {
        EdgeAggregator aggregator = new EdgeAggregator();
        windows.forEach(aggregator);
        return aggregator.edges();
    }

    private static List<ObservedEdge> bookinfo() {
        List<EdgeWindow> all = new ArrayList<>(Bookinfo.normalTraffic());
        all.addAll(Bookinfo.findings());
        return observed(all);
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    /** The {@code <g>} elements of {@code cls}, by their tooltip text. */
    private static List<String> titlesOf(Document doc, String cls) {
        List<String> out = new ArrayList<>();
        NodeList groups = doc.getElementsByTagNameNS("*", "g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (Set.of(g.getAttribute("class").split(" ")).contains(cls)) {
                out.add(g.getElementsByTagNameNS("*", "title").item(0).getTextContent());
            }
        }
        return out;
    }

    @Test
    void bookinfoDrawsEveryWorkloadAndMarksTheBypass() throws Exception {
        List<ObservedEdge> edges = bookinfo();

        ServiceGraphSvg.Picture picture = ServiceGraphSvg.draw(edges);
        Document doc = parse(picture.svg());

        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
        assertThat(titlesOf(doc, "node"))
                .containsExactlyInAnyOrder(
                        "default/details-v1",
                        "default/productpage-v1",
                        "default/ratings-v1",
                        "default/reviews-v1",
                        "default/reviews-v2",
                        "default/reviews-v3",
                        "istio-system/istio-ingressgateway",
                        "kube-system/coredns");
        assertThat(titlesOf(doc, "edge-bypass"))
                .containsExactly(
                        "default/reviews-v1 -> default/ratings-v1:9080/tcp (bypass, 1 windows)");
        assertThat(titlesOf(doc, "edge-denied"))
                .containsExactly(
                        "default/details-v1 -> default/ratings-v1:9080/tcp (denied, 1 windows)");
        assertThat(titlesOf(doc, "edge")).hasSize(10);
        assertThat(picture.svg())
                .contains("stroke=\"#d32f2f\" stroke-width=\"2.5\" stroke-dasharray=\"7 4\"")
                .contains("sidecar bypass (never allowed)");
        assertThat(picture.bypassEdgesDrawn()).isEqualTo(1);
        assertThat(picture.nodesDrawn()).isEqualTo(picture.nodesTotal()).isEqualTo(8);
    }

    @Test
    void callersStandLeftOfTheirCallees() throws Exception {
        Document doc = parse(ServiceGraphSvg.draw(bookinfo()).svg());

        assertThat(xOf(doc, "istio-system/istio-ingressgateway"))
                .isLessThan(xOf(doc, "default/productpage-v1"));
        assertThat(xOf(doc, "default/productpage-v1")).isLessThan(xOf(doc, "default/reviews-v2"));
        assertThat(xOf(doc, "default/reviews-v2")).isLessThan(xOf(doc, "default/ratings-v1"));
    }

    private static int xOf(Document doc, String node) {
        NodeList groups = doc.getElementsByTagNameNS("*", "g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (g.getAttribute("class").equals("node")
                    && g.getElementsByTagNameNS("*", "title")
                            .item(0)
                            .getTextContent()
                            .equals(node)) {
                return Integer.parseInt(
                        ((Element) g.getElementsByTagNameNS("*", "rect").item(0))
                                .getAttribute("x"));
            }
        }
        throw new AssertionError("no node " + node);
    }

    @Test
    void theSameEdgesDrawTheSameBytesInAnyOrder() {
        List<EdgeWindow> windows = new ArrayList<>(Bookinfo.normalTraffic());
        windows.addAll(Bookinfo.findings());
        String first = ServiceGraphSvg.draw(observed(windows)).svg();
        java.util.Collections.reverse(windows);

        assertThat(ServiceGraphSvg.draw(observed(windows)).svg()).isEqualTo(first);
    }

    @Test
    void hostileNamesAreEscapedAndTheXmlStaysWellFormed() throws Exception {
        String hostile = "</text><script>alert(1)</script>&\"'\u0001\ud800 ünïcødé 🚀 & more";
        EndpointRef evil = Edges.meshed("default", hostile, "sa", "app", "evil");

        String svg =
                ServiceGraphSvg.draw(
                                observed(
                                        List.of(
                                                Edges.kernelOnly(
                                                        evil,
                                                        Bookinfo.RATINGS,
                                                        9080,
                                                        "tcp",
                                                        T0,
                                                        Verdict.BYPASS_INGRESS))))
                        .svg();
        Document doc = parse(svg);

        assertThat(svg).doesNotContain("<script>").doesNotContain("\u0001");
        assertThat(titlesOf(doc, "node"))
                .contains(
                        "default/</text><script>alert(1)</script>&\"'\ufffd\ufffd ünïcødé 🚀 & more");
        assertThat(titlesOf(doc, "edge-bypass")).hasSize(1);
    }

    @Test
    void aLargeGraphKeepsTheBypassesAndTheBusiestAndSaysHowManyAreLeftOut() throws Exception {
        List<EdgeWindow> windows = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            EndpointRef caller = Edges.plain("load", "client-" + i, "sa", "app", "client-" + i);
            EndpointRef server = Edges.plain("load", "server-" + (i % 30), "sa", "app", "s");
            windows.add(Edges.kernelOnly(caller, server, 8080, "tcp", T0, Verdict.UNMESHED));
        }
        windows.add(
                Edges.kernelOnly(
                        Edges.plain("quiet", "rare-caller", "sa", "app", "r"),
                        Bookinfo.RATINGS,
                        9080,
                        "tcp",
                        T0,
                        Verdict.BYPASS_INGRESS));

        ServiceGraphSvg.Picture picture = ServiceGraphSvg.draw(observed(windows));
        Document doc = parse(picture.svg());

        assertThat(picture.nodesTotal()).isEqualTo(152);
        assertThat(picture.nodesDrawn()).isEqualTo(ServiceGraphSvg.MAX_NODES);
        Set<String> nodes = new HashSet<>(titlesOf(doc, "node"));
        assertThat(nodes).hasSize(ServiceGraphSvg.MAX_NODES);
        assertThat(nodes).contains("quiet/rare-caller", "default/ratings-v1", "load/server-0");
        assertThat(titlesOf(doc, "edge-bypass")).hasSize(1);
    }

    @Test
    void longLabelsAreShortenedWithoutSplittingACharacter() {
        String name = "🚀".repeat(40);

        String shown = ServiceGraphSvg.shorten(name);

        assertThat(shown.codePointCount(0, shown.length())).isEqualTo(ServiceGraphSvg.LABEL_CHARS);
        assertThat(shown).endsWith("🚀\u2026");
    }

    /** A namespace frame's label and its rectangle: x, y, width, height. */
    private record Frame(String label, String title, int[] box) {}

    private static Map<String, Frame> frames(Document doc) {
        Map<String, Frame> out = new TreeMap<>();
        NodeList groups = doc.getElementsByTagNameNS("*", "g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (g.getAttribute("class").equals("namespace")) {
                out.put(
                        g.getAttribute("data-namespace"),
                        new Frame(
                                g.getElementsByTagNameNS("*", "text").item(0).getTextContent(),
                                g.getElementsByTagNameNS("*", "title").item(0).getTextContent(),
                                box((Element) g.getElementsByTagNameNS("*", "rect").item(0))));
            }
        }
        return out;
    }

    /** Every node's tooltip (its full name) and its box. */
    private static Map<String, int[]> nodes(Document doc) {
        Map<String, int[]> out = new TreeMap<>();
        NodeList groups = doc.getElementsByTagNameNS("*", "g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (g.getAttribute("class").equals("node")) {
                out.put(
                        g.getElementsByTagNameNS("*", "title").item(0).getTextContent(),
                        box((Element) g.getElementsByTagNameNS("*", "rect").item(0)));
            }
        }
        return out;
    }

    private static int[] box(Element rect) {
        return new int[] {
            Integer.parseInt(rect.getAttribute("x")),
            Integer.parseInt(rect.getAttribute("y")),
            Integer.parseInt(rect.getAttribute("width")),
            Integer.parseInt(rect.getAttribute("height"))
        };
    }

    private static boolean inside(int[] inner, int[] outer) {
        return inner[0] >= outer[0]
                && inner[1] >= outer[1]
                && inner[0] + inner[2] <= outer[0] + outer[2]
                && inner[1] + inner[3] <= outer[1] + outer[3];
    }

    private static boolean overlap(int[] a, int[] b) {
        return a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
    }

    /** Bookinfo, plus calls out of the cluster and in from a host. */
    private static List<ObservedEdge> bookinfoWithPeersOutside() {
        List<EdgeWindow> all = new ArrayList<>(Bookinfo.normalTraffic());
        all.addAll(Bookinfo.findings());
        all.add(
                Edges.kernelOnly(
                        Bookinfo.REVIEWS_V2,
                        EndpointRef.external("203.0.113.7"),
                        443,
                        "tcp",
                        T0,
                        Verdict.MEDIATED));
        all.add(
                Edges.kernelOnly(
                        new EndpointRef(null, "node-1", EndpointKind.HOST, null, false, null),
                        Bookinfo.DETAILS,
                        9080,
                        "tcp",
                        T0,
                        Verdict.UNMESHED));
        return observed(all);
    }

    @Test
    void everyWorkloadSitsInsideItsNamespacesFrameAndPeersOutsideEveryFrame() throws Exception {
        Document doc = parse(ServiceGraphSvg.draw(bookinfoWithPeersOutside()).svg());

        Map<String, Frame> frames = frames(doc);
        assertThat(frames).containsOnlyKeys("default", "istio-system", "kube-system");
        assertThat(frames.get("default").label()).isEqualTo("ns default");
        assertThat(frames.get("default").title()).isEqualTo("namespace default");
        Map<String, int[]> nodes = nodes(doc);
        assertThat(nodes).hasSize(10);
        for (Map.Entry<String, int[]> node : nodes.entrySet()) {
            String name = node.getKey();
            if (name.startsWith("external:") || name.startsWith("host:")) {
                for (Frame frame : frames.values()) {
                    assertThat(overlap(node.getValue(), frame.box()))
                            .as(name + " outside " + frame.label())
                            .isFalse();
                }
            } else {
                String namespace = name.substring(0, name.indexOf('/'));
                assertThat(inside(node.getValue(), frames.get(namespace).box()))
                        .as(name + " inside its namespace's frame")
                        .isTrue();
            }
        }
        // Frames never overlap one another.
        List<Frame> all = new ArrayList<>(frames.values());
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                assertThat(overlap(all.get(i).box(), all.get(j).box())).isFalse();
            }
        }
        // The host only calls: it stands left of every frame; the external peer right of them.
        int[] host = nodes.get("host:node-1");
        int[] external = nodes.get("external:203.0.113.7");
        for (Frame frame : frames.values()) {
            assertThat(host[0] + host[2]).isLessThan(frame.box()[0]);
            assertThat(external[0]).isGreaterThan(frame.box()[0] + frame.box()[2]);
        }
    }

    @Test
    void aHostileNamespaceIsEscapedAndALongOneShortenedWithItsFullNameInTheTooltip()
            throws Exception {
        String hostile = "<script>\"'&ü🚀";
        String longName = "n".repeat(200);
        EndpointRef evil = Edges.meshed(hostile, "w\"<b>", "sa", "app", "evil");
        EndpointRef far = Edges.plain(longName, "x".repeat(90), "sa", "app", "far");
        String svg =
                ServiceGraphSvg.draw(
                                observed(
                                        List.of(
                                                Edges.kernelOnly(
                                                        evil, far, 80, "tcp", T0, Verdict.DENIED),
                                                Edges.kernelOnly(
                                                        far,
                                                        evil,
                                                        81,
                                                        "tcp",
                                                        T0,
                                                        Verdict.BYPASS_INGRESS))))
                        .svg();
        Document doc = parse(svg);

        assertThat(svg).doesNotContain("<script>").doesNotContain("<b>");
        Map<String, Frame> frames = frames(doc);
        assertThat(frames).containsOnlyKeys(hostile, longName);
        assertThat(frames.get(hostile).title()).isEqualTo("namespace " + hostile);
        assertThat(frames.get(hostile).label()).isEqualTo("ns " + hostile);
        Frame shortened = frames.get(longName);
        assertThat(shortened.title()).isEqualTo("namespace " + longName);
        assertThat(shortened.label()).startsWith("ns nnn").endsWith("\u2026");
        assertThat(shortened.label().length()).isLessThan(60);
        Map<String, int[]> nodes = nodes(doc);
        assertThat(nodes).containsKeys(hostile + "/w\"<b>", longName + "/" + "x".repeat(90));
        assertThat(inside(nodes.get(hostile + "/w\"<b>"), frames.get(hostile).box())).isTrue();
        assertThat(titlesOf(doc, "edge-bypass")).hasSize(1);
        assertThat(titlesOf(doc, "edge-denied")).hasSize(1);
    }

    @Test
    void aCutGraphKeepsBothEndsOfDeniedEdgesAndSaysWhatItLeftOut() throws Exception {
        List<EdgeWindow> windows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            EndpointRef caller =
                    Edges.plain("busy-" + (i % 5), "client-" + i, "sa", "app", "c" + i);
            EndpointRef server = Edges.plain("busy-" + (i % 5), "server-" + (i % 25), "sa");
            for (int w = 0; w < 5; w++) {
                windows.add(
                        Edges.kernelOnly(
                                caller,
                                server,
                                8080,
                                "tcp",
                                T0.plusSeconds(300L * w),
                                Verdict.UNMESHED));
            }
        }
        windows.add(
                Edges.kernelOnly(
                        Edges.plain("quiet", "knocker", "sa"),
                        Edges.plain("vault", "secrets", "sa"),
                        8200,
                        "tcp",
                        T0,
                        Verdict.DENIED));

        ServiceGraphSvg.Picture picture = ServiceGraphSvg.draw(observed(windows));
        Document doc = parse(picture.svg());

        assertThat(picture.nodesDrawn()).isEqualTo(ServiceGraphSvg.MAX_NODES);
        assertThat(picture.nodesTotal()).isEqualTo(227);
        assertThat(nodes(doc)).containsKeys("quiet/knocker", "vault/secrets");
        assertThat(titlesOf(doc, "edge-denied")).hasSize(1);
        assertThat(frames(doc)).containsKeys("quiet", "vault", "busy-0");
        assertThat(picture.svg())
                .contains(
                        "Drawn: 40 of 227 endpoints and "
                                + picture.pairsDrawn()
                                + " of 201 connections (bypass and denied edges first, then the"
                                + " busiest workloads, then a few peers outside the cluster);"
                                + " 187 endpoints are left out and listed in the tables.");
    }

    @Test
    void aBigGraphDrawsTheSameBytesTwice() {
        List<EdgeWindow> windows = SyntheticCluster.windows(400, 8, 3L);
        String first = ServiceGraphSvg.draw(observed(windows)).svg();
        Collections.reverse(windows);

        assertThat(ServiceGraphSvg.draw(observed(windows)).svg()).isEqualTo(first);
    }

    @Test
    void theWorldsManyAddressesDoNotCrowdOutTheWorkloads() throws Exception {
        List<EdgeWindow> windows = new ArrayList<>(Bookinfo.normalTraffic());
        for (int i = 0; i < 60; i++) {
            for (int w = 0; w < 20; w++) {
                windows.add(
                        Edges.kernelOnly(
                                EndpointRef.external("198.51.100." + i),
                                Bookinfo.GATEWAY,
                                8080,
                                "tcp",
                                T0.plusSeconds(300L * w),
                                Verdict.UNMESHED));
            }
        }

        ServiceGraphSvg.Picture picture = ServiceGraphSvg.draw(observed(windows));
        Map<String, int[]> nodes = nodes(parse(picture.svg()));

        assertThat(nodes.keySet().stream().filter(n -> n.startsWith("external:")))
                .hasSize(ServiceGraphSvg.MAX_OUTSIDE);
        assertThat(nodes)
                .containsKeys(
                        "default/productpage-v1",
                        "default/ratings-v1",
                        "istio-system/istio-ingressgateway");
        assertThat(picture.nodesTotal()).isEqualTo(68);
    }
}
