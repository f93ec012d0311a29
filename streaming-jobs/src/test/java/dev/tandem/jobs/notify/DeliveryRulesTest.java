package dev.tandem.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Retry-After, backoff, the rate limit's bucket and which offsets may be committed. */
class DeliveryRulesTest {
    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private static final TopicPartition P0 = new TopicPartition("tandem.alerts", 0);
    private static final TopicPartition P1 = new TopicPartition("tandem.alerts", 1);

    @Test
    void retryAfterIsSecondsOrAnHttpDate() {
        assertThat(RetryAfter.parse("7", NOW)).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse("Fri, 20 Nov 2026 10:00:30 GMT", NOW))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Fri, 20 Nov 2026 09:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("soon", NOW)).isNull();
        assertThat(RetryAfter.parse("-3", NOW)).isNull();
        assertThat(RetryAfter.parse(null, NOW)).isNull();
    }

    @Test
    void backoffDoublesWithJitterUpToItsCapAndRetryAfterIsCapped() {
        RetryPolicy policy =
                RetryPolicy.defaults().withBackoff(Duration.ofMillis(100), Duration.ofMillis(1000));
        Backoff backoff = new Backoff(policy, new Random(1));
        for (int failures = 1; failures <= 8; failures++) {
            long full = Math.min(100L << (failures - 1), 1000);
            assertThat(backoff.after(failures).toMillis()).isBetween(full / 2, full);
        }
        assertThat(backoff.before(new PostOutcome.RetryLater(429, Duration.ofSeconds(3), "429"), 1))
                .isEqualTo(Duration.ofSeconds(3));
        assertThat(backoff.before(new PostOutcome.RetryLater(429, Duration.ofDays(1), "429"), 1))
                .isEqualTo(policy.maxRetryAfter());
    }

    @Test
    void theBucketHoldsAMinutesMessagesAndRefillsEvenly() {
        long t0 = 1_000_000L;
        TokenBucket bucket = new TokenBucket(6, t0);
        assertThat(bucket.available(t0)).isEqualTo(6);
        for (int i = 0; i < 6; i++) {
            assertThat(bucket.tryTake(t0)).isTrue();
        }
        assertThat(bucket.tryTake(t0)).isFalse();
        assertThat(bucket.nanosUntilToken(t0)).isEqualTo(Duration.ofSeconds(10).toNanos());
        assertThat(bucket.available(t0 + Duration.ofSeconds(20).toNanos())).isEqualTo(2);
        assertThat(bucket.available(t0 + Duration.ofHours(1).toNanos())).isEqualTo(6);
    }

    @Test
    void theCommitStopsAtTheLowestOffsetStillWaiting() {
        OffsetLedger ledger = new OffsetLedger();
        for (long offset = 0; offset < 5; offset++) {
            ledger.read(P0, offset);
            ledger.hold(P0, offset);
        }
        ledger.read(P1, 0);
        ledger.hold(P1, 0);
        ledger.hold(P1, 0);
        ledger.release(P0, 0);
        ledger.release(P0, 2);
        assertThat(ledger.committable())
                .containsEntry(P0, new OffsetAndMetadata(1))
                .containsEntry(P1, new OffsetAndMetadata(0));
        ledger.release(P0, 1);
        ledger.release(P0, 3);
        ledger.release(P0, 4);
        ledger.release(P1, 0);
        assertThat(ledger.committable())
                .containsEntry(P0, new OffsetAndMetadata(5))
                .containsEntry(P1, new OffsetAndMetadata(0));
        ledger.release(P1, 0);
        assertThat(ledger.committable()).containsEntry(P1, new OffsetAndMetadata(1));
        assertThat(ledger.pending()).isZero();
    }

    @Test
    void copiesAreDroppedWithinTheWindowOnly() {
        DedupWindow window = new DedupWindow(2);
        assertThat(window.firstSighting("a")).isTrue();
        assertThat(window.firstSighting("a")).isFalse();
        assertThat(window.firstSighting("b")).isTrue();
        assertThat(window.firstSighting("c")).isTrue();
        assertThat(window.firstSighting("a")).as("forgotten: the window holds 2").isTrue();
    }

    @Test
    void severityFollowsVerdictAndConfidence() {
        assertThat(Severity.of(dev.tandem.ingest.model.Verdict.BYPASS_EGRESS, 0.8))
                .isEqualTo(Severity.CRITICAL);
        assertThat(Severity.of(dev.tandem.ingest.model.Verdict.BYPASS_INGRESS, 0.5))
                .isEqualTo(Severity.HIGH);
        assertThat(Severity.of(dev.tandem.ingest.model.Verdict.PLAINTEXT, 0.9))
                .isEqualTo(Severity.HIGH);
        assertThat(Severity.of(dev.tandem.ingest.model.Verdict.PLAINTEXT, 0.6))
                .isEqualTo(Severity.MEDIUM);
        assertThat(Severity.of(dev.tandem.ingest.model.Verdict.DENIED, 1.0))
                .isEqualTo(Severity.LOW);
    }
}
