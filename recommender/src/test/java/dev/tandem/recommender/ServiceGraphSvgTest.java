package dev.tandem.recommender;

import static dev.tandem.recommender.Edges.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.Verdict;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
}
