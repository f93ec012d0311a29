package dev.tandem.jobs.notify;

import static dev.tandem.jobs.notify.TestAlerts.T0;
import static dev.tandem.jobs.notify.TestAlerts.WINDOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.ingest.testing.KafkaBrokerExtension;
import dev.tandem.jobs.alert.Alert;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The notifier between the real embedded broker and real local webhooks (JDK HttpServer): each
 * format's payload, 429 with Retry-After, 5xx then success, refusals to the dead-letter topic, an
 * outage, grouping, duplicates, digests and filters.
 */
class AlertNotifierIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    private NotifyKafka topics;
    private final List<WebhookSink> sinks = new ArrayList<>();

    @BeforeEach
    void freshTopics() throws Exception {
        topics = new NotifyKafka(kafka.bootstrapServers());
    }

    @AfterEach
    void stopSinks() {
        sinks.forEach(WebhookSink::close);
    }

    @Test
    void postsEveryFormatFieldByFieldAndNamesFromTheClusterStayInert() throws Exception {
        Map<ChatFormat, WebhookSink> byFormat = new java.util.EnumMap<>(ChatFormat.class);
        List<Destination> destinations = new ArrayList<>();
        for (ChatFormat format : ChatFormat.values()) {
            WebhookSink sink = sink();
            byFormat.put(format, sink);
            destinations.add(Destination.of(format.cliName(), format, sink.url()));
        }
        Alert egress = TestAlerts.egressBypass(T0);
        Alert hostile = TestAlerts.hostileNames(T0);
        topics.write(List.of(egress, hostile));

        try (AlertNotifier notifier = AlertNotifier.start(settings(destinations).build())) {
            for (ChatFormat format : ChatFormat.values()) {
                List<WebhookSink.Received> got =
                        byFormat.get(format).awaitReceived(r -> r.size() == 2, WAIT);
                Set<JsonNode> bodies = new HashSet<>();
                for (WebhookSink.Received r : got) {
                    assertThat(r.contentType()).isEqualTo("application/json; charset=utf-8");
                    bodies.add(r.json());
                }
                assertThat(bodies)
                        .as(format + ": every field as rendered for the alert")
                        .containsExactlyInAnyOrder(
                                expected(format, egress), expected(format, hostile));
            }
            topics.awaitCommitted(2, WAIT);
            assertThat(notifier.stats()).isEqualTo(new NotifyStats(2, 8, 0, 0, 0, 8, 0, 0));
        }
        String slack =
                byFormat.get(ChatFormat.SLACK).received().stream()
                        .map(WebhookSink.Received::text)
                        .filter(t -> t.contains("channel"))
                        .findFirst()
                        .orElseThrow();
        assertThat(slack)
                .doesNotContain("<!channel>", "<@U123>", "<!here>")
                .contains("&lt;!channel&gt;");
        String mattermost =
                byFormat.get(ChatFormat.MATTERMOST).received().stream()
                        .map(WebhookSink.Received::text)
                        .filter(t -> t.contains("channel"))
                        .findFirst()
                        .orElseThrow();
        assertThat(JSON.readTree(mattermost).path("text").asText())
                .doesNotContain("@channel", "<!channel>", "](http");
    }

    @Test
    void honoursRetryAfterOn429() throws Exception {
        WebhookSink sink = sink();
        sink.answerNext(429, Map.of("Retry-After", "1"), "rate_limited");
        topics.write(List.of(TestAlerts.egressBypass(T0)));
        try (AlertNotifier notifier = AlertNotifier.start(settings(generic(sink)).build())) {
            List<WebhookSink.Received> got = sink.awaitReceived(r -> r.size() == 2, WAIT);
            long gapMillis = (got.get(1).nanos() - got.get(0).nanos()) / 1_000_000;
            assertThat(gapMillis)
                    .as("the second try waits for Retry-After: 1")
                    .isBetween(950L, 5_000L);
            assertThat(got.get(1).body()).isEqualTo(got.get(0).body());
            topics.awaitCommitted(1, WAIT);
            assertThat(notifier.stats().delivered()).isEqualTo(1);
            assertThat(notifier.stats().messagesPosted()).isEqualTo(1);
        }
    }

    @Test
    void retriesServerErrorsWithBackoffUntilAccepted() throws Exception {
        WebhookSink sink = sink();
        sink.answerNext(500, Map.of(), "oops");
        sink.answerNext(503, Map.of(), "");
        topics.write(List.of(TestAlerts.egressBypass(T0)));
        try (AlertNotifier notifier = AlertNotifier.start(settings(generic(sink)).build())) {
            List<WebhookSink.Received> got = sink.awaitReceived(r -> r.size() == 3, WAIT);
            assertThat(got).extracting(WebhookSink.Received::text).containsOnly(got.get(0).text());
            long firstGap = (got.get(1).nanos() - got.get(0).nanos()) / 1_000_000;
            assertThat(firstGap)
                    .as("backoff: at least half the initial 20 ms")
                    .isGreaterThanOrEqualTo(10);
            topics.awaitCommitted(1, WAIT);
            assertThat(notifier.stats().delivered()).isEqualTo(1);
            assertThat(notifier.stats().deadLettered()).isZero();
        }
        assertThat(sink.received()).hasSize(3);
    }

    @Test
    void aRefusedMessageGoesToTheDeadLetterTopicWithTheResponseButNotTheUrl() throws Exception {
        WebhookSink sink = sink();
        sink.answerNext(400, Map.of(), "invalid_payload at " + WebhookSink.PATH);
        Alert alert = TestAlerts.egressBypass(T0);
        topics.write(List.of(alert));
        topics.writeRaw(List.of("not an alert".getBytes(StandardCharsets.UTF_8)));
        try (AlertNotifier notifier = AlertNotifier.start(settings(generic(sink)).build())) {
            topics.awaitCommitted(2, WAIT);
            assertThat(notifier.stats().deadLettered()).isEqualTo(2);
            assertThat(notifier.stats().delivered()).isZero();
        }
        List<JsonNode> letters = new ArrayList<>();
        for (String value : topics.deadLetterValues(2)) {
            assertThat(value).doesNotContain("s3cr3t-token", "127.0.0.1:");
            letters.add(JSON.readTree(value));
        }
        JsonNode refused =
                letters.stream()
                        .filter(l -> l.path("source").asText().equals("notify:generic"))
                        .findFirst()
                        .orElseThrow();
        assertThat(refused.path("reason").asText()).isEqualTo("REJECTED_BY_DESTINATION");
        assertThat(refused.path("detail").asText())
                .isEqualTo(
                        "generic (generic) refused alert "
                                + alert.alertId()
                                + ": HTTP 400: invalid_payload at <secret>");
        assertThat(refused.path("original").asText())
                .isEqualTo(new String(TestAlerts.json(alert), StandardCharsets.UTF_8));
        JsonNode unreadable =
                letters.stream()
                        .filter(l -> !l.path("source").asText().equals("notify:generic"))
                        .findFirst()
                        .orElseThrow();
        assertThat(unreadable.path("reason").asText()).isEqualTo("MALFORMED_JSON");
        assertThat(unreadable.path("original").asText()).isEqualTo("not an alert");
    }

    @Test
    void aWebhookOutageDelaysAlertsAndLosesNone() throws Exception {
        WebhookSink sink = sink();
        sink.stop();
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            alerts.add(TestAlerts.ingressBypass("caller-" + i, 8080, T0));
        }
        topics.write(alerts);
        try (AlertNotifier notifier = AlertNotifier.start(settings(generic(sink)).build())) {
            Thread.sleep(1500);
            assertThat(notifier.stats().received()).isEqualTo(30);
            assertThat(notifier.stats().delivered()).isZero();
            assertThat(topics.committed())
                    .as("nothing is committed while the webhook is down")
                    .isZero();
            sink.start();
            sink.awaitReceived(r -> idsIn(r).size() >= 30, WAIT);
            topics.awaitCommitted(30, WAIT);
        }
        assertThat(sink.alertIds())
                .as("each alert exactly once")
                .containsExactlyInAnyOrderElementsOf(alerts.stream().map(Alert::alertId).toList());
    }

    @Test
    void groupsAnEdgeWithinTheQuietPeriodAndDropsCopies() throws Exception {
        WebhookSink sink = sink();
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            alerts.add(
                    TestAlerts.ingressBypass("checkout", 50051, T0.plus(WINDOW.multipliedBy(i))));
        }
        List<byte[]> records = new ArrayList<>();
        alerts.forEach(a -> records.add(TestAlerts.json(a)));
        records.add(TestAlerts.json(alerts.get(0)));
        // One key for all: one partition, so the order (and the copy last) is kept.
        topics.writeRaw(records.subList(0, 1));
        try (AlertNotifier notifier =
                AlertNotifier.start(
                        settings(generic(sink)).quietPeriod(Duration.ofSeconds(1)).build())) {
            sink.awaitReceived(r -> r.size() == 1, WAIT);
            topics.writeRaw(records.subList(1, 5));
            List<WebhookSink.Received> got = sink.awaitReceived(r -> r.size() == 2, WAIT);
            assertThat(got.get(0).json().path("alertIds")).hasSize(1);
            JsonNode group = got.get(1).json();
            assertThat(group.path("alertIds")).hasSize(3);
            assertThat(group.path("title").asText()).endsWith("(3 alerts)");
            assertThat(group.path("lines").get(0).asText())
                    .startsWith("Grouped: 3 alerts for this edge and verdict");
            topics.awaitCommitted(5, WAIT);
            NotifyStats stats = notifier.stats();
            assertThat(stats.grouped()).isEqualTo(3);
            assertThat(stats.duplicatesDropped()).isEqualTo(1);
            assertThat(stats.delivered()).isEqualTo(4);
            assertThat(stats.messagesPosted()).isEqualTo(2);
        }
    }

    @Test
    void aBurstAboveTheRateLimitBecomesADigest() throws Exception {
        WebhookSink sink = sink();
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            alerts.add(TestAlerts.ingressBypass("caller-" + i, 9090, T0));
        }
        topics.write(alerts);
        try (AlertNotifier notifier =
                AlertNotifier.start(settings(generic(sink)).rateLimitPerMinute(4).build())) {
            topics.awaitCommitted(12, Duration.ofSeconds(40));
            NotifyStats stats = notifier.stats();
            assertThat(stats.digests()).isGreaterThanOrEqualTo(1);
            assertThat(stats.messagesPosted()).isLessThanOrEqualTo(4);
            assertThat(stats.delivered()).isEqualTo(12);
        }
        JsonNode first = sink.received().get(0).json();
        assertThat(first.path("title").asText()).startsWith("Digest: ");
        assertThat(sink.alertIds())
                .containsExactlyInAnyOrderElementsOf(alerts.stream().map(Alert::alertId).toList());
    }

    @Test
    void eachDestinationGetsItsSeveritiesAndNamespaces() throws Exception {
        WebhookSink urgent = sink();
        WebhookSink payments = sink();
        Alert critical = TestAlerts.egressBypass(T0);
        Alert paymentsAlert = TestAlerts.ingressBypass("checkout", 50051, T0);
        Alert medium = TestAlerts.plaintext("shop", T0);
        topics.write(List.of(critical, paymentsAlert, medium));
        List<Destination> destinations =
                List.of(
                        Destination.of("urgent", ChatFormat.GENERIC, urgent.url())
                                .withMinSeverity(Severity.HIGH),
                        Destination.of("payments", ChatFormat.GENERIC, payments.url())
                                .withNamespaces(Set.of("payments")));
        try (AlertNotifier notifier = AlertNotifier.start(settings(destinations).build())) {
            topics.awaitCommitted(3, WAIT);
            assertThat(notifier.stats().delivered()).isEqualTo(3);
        }
        assertThat(urgent.alertIds())
                .containsExactlyInAnyOrder(critical.alertId(), paymentsAlert.alertId());
        assertThat(payments.alertIds()).containsExactly(paymentsAlert.alertId());
    }

    private WebhookSink sink() {
        WebhookSink sink = new WebhookSink();
        sinks.add(sink);
        return sink;
    }

    private static List<Destination> generic(WebhookSink sink) {
        return List.of(Destination.of("generic", ChatFormat.GENERIC, sink.url()));
    }

    private NotifySettings.Builder settings(List<Destination> destinations) {
        return NotifySettings.builder(kafka.bootstrapServers(), destinations)
                .groupId(topics.group)
                .topics(topics.alerts, topics.deadLetters)
                .quietPeriod(Duration.ZERO)
                .rateLimitPerMinute(1000)
                .pollTimeout(Duration.ofMillis(50))
                .retry(
                        RetryPolicy.defaults()
                                .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
                                .withRequestTimeout(Duration.ofSeconds(2)));
    }

    private static JsonNode expected(ChatFormat format, Alert alert) throws Exception {
        ChatMessage message = AlertMessages.group(List.of(TestAlerts.received(alert)));
        return JSON.readTree(Payloads.render(format, message));
    }

    private static Set<String> idsIn(List<WebhookSink.Received> received) {
        Set<String> ids = new HashSet<>();
        received.forEach(r -> r.json().path("alertIds").forEach(id -> ids.add(id.asText())));
        return ids;
    }
}
