package dev.tandem.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Grouping by edge and verdict within the quiet period, and digests above the rate limit. */
class GroupingTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 5 * SECOND;
    private static final TopicPartition P0 = new TopicPartition("tandem.alerts", 0);
    private static final Destination OPS =
            Destination.of("ops", ChatFormat.GENERIC, URI.create("http://127.0.0.1:1/hook"));

    @Test
    void theFirstAlertOfAnEdgeGoesAtOnceAndTheRestOfTheQuietPeriodIsOneMessage() {
        AlertGrouper grouper = new AlertGrouper(Duration.ofSeconds(60));
        assertThat(grouper.offer(pending(0, "checkout", 0), T0)).hasSize(1);
        assertThat(grouper.offer(pending(1, "checkout", 1), T0 + SECOND)).isNull();
        assertThat(grouper.offer(pending(2, "checkout", 2), T0 + 2 * SECOND)).isNull();
        assertThat(grouper.offer(pending(3, "cart", 0), T0 + 2 * SECOND))
                .as("another edge is not held")
                .hasSize(1);
        assertThat(grouper.due(T0 + 59 * SECOND)).isEmpty();
        List<List<PendingAlert>> due = grouper.due(T0 + 60 * SECOND);
        assertThat(due).hasSize(1);
        assertThat(due.get(0)).extracting(PendingAlert::offset).containsExactly(1L, 2L);
        assertThat(grouper.grouped()).isEqualTo(2);

        ChatMessage message =
                AlertMessages.group(List.of(due.get(0).get(0).alert(), due.get(0).get(1).alert()));
        assertThat(message.title()).endsWith("(2 alerts)");
        assertThat(message.lines().get(0))
                .isEqualTo(
                        "Grouped: 2 alerts for this edge and verdict, windows from 2026-11-20 10:05 to 2026-11-20 10:10 UTC");
        assertThat(message.alertIds()).hasSize(2);
    }

    @Test
    void aPairQuietForAWholePeriodAlertsAtOnceAgain() {
        AlertGrouper grouper = new AlertGrouper(Duration.ofSeconds(60));
        grouper.offer(pending(0, "checkout", 0), T0);
        assertThat(grouper.due(T0 + 61 * SECOND)).isEmpty();
        assertThat(grouper.offer(pending(1, "checkout", 1), T0 + 62 * SECOND)).hasSize(1);
    }

    @Test
    void aZeroQuietPeriodNeverHolds() {
        AlertGrouper grouper = new AlertGrouper(Duration.ZERO);
        assertThat(grouper.offer(pending(0, "checkout", 0), T0)).hasSize(1);
        assertThat(grouper.offer(pending(1, "checkout", 1), T0)).hasSize(1);
    }

    @Test
    void aBurstAboveTheRateLimitIsOneDigest() {
        DestinationLane lane = new DestinationLane(OPS, Duration.ZERO, 3, T0);
        for (int i = 0; i < 10; i++) {
            lane.offer(pending(i, "caller-" + i, 0), T0);
        }
        DestinationLane.Outgoing digest = lane.next(T0);
        assertThat(digest.digest()).isTrue();
        assertThat(digest.alerts()).hasSize(10);
        assertThat(digest.message().title())
                .isEqualTo(
                        "Digest: 10 alerts on 10 edges arrived faster than this channel's limit of 3 messages a minute");
        assertThat(digest.message().lines()).hasSize(11);
        assertThat(digest.message().lines().get(0))
                .isEqualTo(
                        "CRITICAL BYPASS_INGRESS: shop/caller-0 -> payments/paymentservice on tcp/8000");
        assertThat(lane.next(T0)).as("the same message until it is accepted").isSameAs(digest);
        lane.accepted();
        assertThat(lane.next(T0)).isNull();
    }

    @Test
    void withinTheRateLimitEachMessageGoesAloneAndThenTheLaneWaitsForATokenOrABackoff() {
        DestinationLane lane = new DestinationLane(OPS, Duration.ZERO, 2, T0);
        lane.offer(pending(0, "a", 0), T0);
        lane.offer(pending(1, "b", 0), T0);
        assertThat(lane.next(T0).digest()).isFalse();
        lane.accepted();
        assertThat(lane.next(T0).alerts()).extracting(PendingAlert::offset).containsExactly(1L);
        lane.accepted();
        lane.offer(pending(2, "c", 0), T0);
        assertThat(lane.next(T0)).as("no token left").isNull();
        DestinationLane.Outgoing third = lane.next(T0 + 30 * SECOND);
        assertThat(third).isNotNull();

        Backoff backoff = new Backoff(RetryPolicy.defaults(), new java.util.Random(7));
        Duration wait =
                lane.retryLater(
                        new PostOutcome.RetryLater(503, null, "HTTP 503"),
                        backoff,
                        T0 + 30 * SECOND);
        assertThat(wait).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(lane.next(T0 + 30 * SECOND)).isNull();
        assertThat(lane.next(T0 + 30 * SECOND + wait.toNanos())).isSameAs(third);
    }

    /** An ingress bypass from {@code caller} at offset {@code offset}, window T0 + 5 min * n. */
    private static PendingAlert pending(long offset, String caller, int window) {
        ReceivedAlert alert =
                TestAlerts.received(
                        TestAlerts.ingressBypass(
                                caller,
                                8000,
                                TestAlerts.T0.plus(TestAlerts.WINDOW.multipliedBy(window))));
        return new PendingAlert(alert, P0, offset, new byte[0]);
    }
}
