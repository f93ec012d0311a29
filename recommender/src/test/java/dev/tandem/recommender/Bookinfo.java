package dev.tandem.recommender;

import static dev.tandem.recommender.Edges.T0;

import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * Istio's Bookinfo in namespace {@code default} as ../shared/topologies/bookinfo deploys it (names,
 * service accounts, labels, port 9080), behind the ingress gateway, seen for half an hour.
 */
final class Bookinfo {
    static final String NS = "default";
    static final EndpointRef GATEWAY =
            Edges.meshed(
                    "istio-system",
                    "istio-ingressgateway",
                    "istio-ingressgateway-service-account",
                    "app",
                    "istio-ingressgateway",
                    "istio",
                    "ingressgateway");
    static final EndpointRef PRODUCTPAGE =
            Edges.meshed(
                    NS,
                    "productpage-v1",
                    "bookinfo-productpage",
                    "app",
                    "productpage",
                    "version",
                    "v1");
    static final EndpointRef DETAILS =
            Edges.meshed(NS, "details-v1", "bookinfo-details", "app", "details", "version", "v1");
    static final EndpointRef REVIEWS_V1 =
            Edges.meshed(NS, "reviews-v1", "bookinfo-reviews", "app", "reviews", "version", "v1");
    static final EndpointRef REVIEWS_V2 =
            Edges.meshed(NS, "reviews-v2", "bookinfo-reviews", "app", "reviews", "version", "v2");
    static final EndpointRef REVIEWS_V3 =
            Edges.meshed(NS, "reviews-v3", "bookinfo-reviews", "app", "reviews", "version", "v3");
    static final EndpointRef RATINGS =
            Edges.meshed(NS, "ratings-v1", "bookinfo-ratings", "app", "ratings", "version", "v1");
    static final EndpointRef KUBE_DNS =
            Edges.plain("kube-system", "coredns", "coredns", "k8s-app", "kube-dns");

    private Bookinfo() {}

    /** The normal traffic: every request of the sample app's page, six five-minute windows. */
    static List<EdgeWindow> normalTraffic() {
        List<EdgeWindow> out = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            var start = T0.plusSeconds(300L * i);
            out.add(Edges.mediated(GATEWAY, PRODUCTPAGE, 9080, start, "GET", "/productpage", 40));
            out.add(Edges.mediated(PRODUCTPAGE, DETAILS, 9080, start, "GET", "/details/0", 40));
            out.add(Edges.mediated(PRODUCTPAGE, REVIEWS_V1, 9080, start, "GET", "/reviews/0", 13));
            out.add(Edges.mediated(PRODUCTPAGE, REVIEWS_V2, 9080, start, "GET", "/reviews/0", 13));
            out.add(Edges.mediated(PRODUCTPAGE, REVIEWS_V3, 9080, start, "GET", "/reviews/0", 14));
            out.add(Edges.mediated(REVIEWS_V2, RATINGS, 9080, start, "GET", "/ratings/0", 13));
            out.add(Edges.mediated(REVIEWS_V3, RATINGS, 9080, start, "GET", "/ratings/0", 14));
            out.add(Edges.kernelOnly(PRODUCTPAGE, KUBE_DNS, 53, "udp", start, Verdict.UNMESHED));
        }
        return out;
    }

    /**
     * reviews-v1 talking to ratings around its sidecar, and details trying ratings and being
     * denied.
     */
    static List<EdgeWindow> findings() {
        return List.of(
                Edges.kernelOnly(
                        REVIEWS_V1,
                        RATINGS,
                        9080,
                        "tcp",
                        T0.plusSeconds(600),
                        Verdict.BYPASS_EGRESS),
                Edges.kernelOnly(
                        DETAILS, RATINGS, 9080, "tcp", T0.plusSeconds(900), Verdict.DENIED));
    }
}
