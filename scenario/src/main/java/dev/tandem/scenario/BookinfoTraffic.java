package dev.tandem.scenario;

import java.time.Instant;

/**
 * Bookinfo page views through Istio's ingress gateway: a client outside the cluster → the gateway's
 * listener (8080, behind its LoadBalancer; the gateway's JSON line is its only log), the gateway →
 * productpage, then productpage → details and → one of reviews v1/v2/v3, and v2/v3 → ratings, mTLS
 * between sidecars, each hop logged by the client's sidecar (outbound) and the server's (inbound)
 * and counted by the kernel.
 */
final class BookinfoTraffic {
    private static final int PAGE_VIEWS_PER_INTERVAL = 40;
    private static final String BROWSER =
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

    private final TrafficRecorder recorder;

    BookinfoTraffic(TrafficRecorder recorder) {
        this.recorder = recorder;
    }

    /** Around 40 views per interval, busier towards midday. */
    int pageViews(Instant start) {
        double hour = (start.getEpochSecond() % 86_400) / 3600.0;
        double daily = 1 + 0.35 * Math.sin(2 * Math.PI * (hour - 9) / 24);
        return (int)
                Math.round(
                        PAGE_VIEWS_PER_INTERVAL
                                * daily
                                * (0.85 + 0.3 * recorder.random.nextDouble()));
    }

    void pageView(Cluster.Copy copy, Pod gateway, Instant intervalStart) {
        Instant t = intervalStart.plusMillis(recorder.random.nextInt(300_000 - 2_000));
        String requestId = Cluster.uuid(recorder.random);
        String user =
                "198.51.100." + (1 + recorder.random.nextInt(200)) + ":" + recorder.ephemeralPort();
        double kind = recorder.random.nextDouble();
        String method = "GET";
        String path;
        long size;
        if (kind < 0.80) {
            path = "/productpage";
            size = 4_900 + recorder.random.nextInt(400);
        } else if (kind < 0.90) {
            path = "/static/bootstrap/css/bootstrap.min.css";
            size = 121_200;
        } else if (kind < 0.95) {
            path = "/api/v1/products";
            size = 395;
        } else {
            method = "POST";
            path = "/login";
            size = 0;
        }
        long downstream = 0;
        if (path.equals("/productpage")) {
            downstream = chain(copy, t.plusMillis(3), requestId);
        }
        long duration = downstream + 4 + recorder.random.nextInt(12);
        String gatewayLocal = gateway.ip() + ":" + recorder.ephemeralPort();
        recorder.proxy.add(
                new AccessEntry(
                        gateway,
                        t,
                        method,
                        path,
                        "HTTP/1.1",
                        method.equals("POST") ? 302 : 200,
                        null,
                        "via_upstream",
                        method.equals("POST") ? 48 : 0,
                        size,
                        duration + 1,
                        duration,
                        user.substring(0, user.indexOf(':')),
                        BROWSER,
                        requestId,
                        "bookinfo.example.com",
                        copy.productpage().ip() + ":" + Cluster.BOOKINFO_PORT,
                        TrafficRecorder.outbound(copy.productpageService()),
                        gatewayLocal,
                        gateway.ip() + ":" + Cluster.GATEWAY_PORT,
                        user,
                        null,
                        null));
        recorder.inbound(
                copy.productpage(),
                copy.productpageService(),
                t.plusMillis(1),
                method,
                path,
                method.equals("POST") ? 302 : 200,
                size,
                duration - 1,
                BROWSER,
                requestId,
                gatewayLocal,
                true);
        kernelHop(gateway, copy.productpage(), copy.productpageService(), t, size + 600);
        // The browser's own connection into the gateway's listener, kept by the load balancer
        // with the client's address: Calico sees it arrive from outside, only at the gateway.
        recorder.kernel.add(
                new KernelFlow(
                        TrafficRecorder.windowOf(t).getEpochSecond(),
                        Peer.external(user.substring(0, user.indexOf(':')), "pub"),
                        Peer.of(gateway),
                        Cluster.GATEWAY_PORT,
                        "tcp",
                        recorder.cluster.gatewayService,
                        null,
                        "envoy",
                        null,
                        1,
                        (method.equals("POST") ? 48 : 0) + 420,
                        size + 380));
        recorder.countRequest();
    }

    /** productpage's calls for one page: details, then reviews (and ratings behind v2, v3). */
    private long chain(Cluster.Copy copy, Instant t, String requestId) {
        long details = 2 + recorder.random.nextInt(7);
        hop(
                copy.productpage(),
                copy.details(),
                copy.detailsService(),
                t,
                "/details/0",
                178,
                details,
                "python-requests/2.31.0",
                requestId);
        Pod reviews = copy.reviews().get(recorder.random.nextInt(copy.reviews().size()));
        Instant reviewsAt = t.plusMillis(details + 1);
        long ratings = 0;
        if (!reviews.workload().version().equals("v1")) {
            ratings = 1 + recorder.random.nextInt(5);
            hop(
                    reviews,
                    copy.ratings(),
                    copy.ratingsService(),
                    reviewsAt.plusMillis(2),
                    "/ratings/0",
                    48,
                    ratings,
                    "Apache-CXF/3.1.18",
                    requestId);
        }
        long reviewsTime = ratings + 5 + recorder.random.nextInt(15);
        hop(
                copy.productpage(),
                reviews,
                copy.reviewsService(),
                reviewsAt,
                "/reviews/0",
                reviews.workload().version().equals("v1") ? 295 : 379,
                reviewsTime,
                "python-requests/2.31.0",
                requestId);
        return details + reviewsTime + 2;
    }

    /** A request between two meshed pods: the client's outbound line, the server's inbound line. */
    private void hop(
            Pod client,
            Pod server,
            Service service,
            Instant t,
            String path,
            long size,
            long duration,
            String userAgent,
            String requestId) {
        String clientAddress = client.ip() + ":" + recorder.ephemeralPort();
        recorder.proxy.add(
                new AccessEntry(
                        client,
                        t,
                        "GET",
                        path,
                        "HTTP/1.1",
                        200,
                        null,
                        "via_upstream",
                        0,
                        size,
                        duration + 1,
                        duration,
                        null,
                        userAgent,
                        requestId,
                        service.name() + ":" + service.port(),
                        server.ip() + ":" + service.targetPort(),
                        TrafficRecorder.outbound(service),
                        clientAddress,
                        service.clusterIp() + ":" + service.port(),
                        client.ip() + ":" + recorder.ephemeralPort(),
                        null,
                        "default"));
        recorder.inbound(
                server,
                service,
                t.plusMillis(1),
                "GET",
                path,
                200,
                size,
                duration - 1,
                userAgent,
                requestId,
                clientAddress,
                true);
        kernelHop(client, server, service, t, size + 450);
        recorder.countRequest();
    }

    /** Sidecars pool connections: a new one for about one request in 25. */
    private void kernelHop(Pod client, Pod server, Service service, Instant t, long bytes) {
        recorder.kernel.add(
                new KernelFlow(
                        TrafficRecorder.windowOf(t).getEpochSecond(),
                        Peer.of(client),
                        Peer.of(server),
                        service.targetPort(),
                        "tcp",
                        service,
                        client.workload().meshed() ? "envoy" : client.workload().process(),
                        "envoy",
                        null,
                        recorder.random.nextInt(25) == 0 ? 1 : 0,
                        bytes * 2 / 5,
                        bytes * 3 / 5));
    }
}
