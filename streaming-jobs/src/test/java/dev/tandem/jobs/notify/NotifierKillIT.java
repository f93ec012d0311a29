package dev.tandem.jobs.notify;

import static dev.tandem.jobs.notify.TestAlerts.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.testing.ChildJvm;
import dev.tandem.ingest.testing.KafkaBrokerExtension;
import dev.tandem.jobs.alert.Alert;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code notify} as a real child process, killed with SIGKILL mid-stream and started again. Without
 * a state folder every alert reaches the webhook and the only repeats are alerts after the last
 * committed offset; with one ({@code --state-dir}), there are no repeats at all. Both runs share a
 * static membership id, so the restart takes the partitions back without waiting for the dead one's
 * session to time out.
 */
class NotifierKillIT {
    private static final int ALERTS = 100;

    /** Messages the healthy destination accepts before the kill. */
    private static final int ACCEPTED_BEFORE_KILL = 60;

    @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    @TempDir Path dir;

    @Test
    void killMinus9MidStreamAndRestartLosesNoAlert() throws Exception {
        NotifyKafka topics = new NotifyKafka(kafka.bootstrapServers());
        List<Alert> alerts = alerts();
        topics.write(alerts);
        try (WebhookSink sink = new WebhookSink()) {
            // Slow answers, so the kill lands mid-stream.
            sink.delayEachAnswer(Duration.ofMillis(10));
            Process first = child(topics, null, sink);
            try {
                sink.awaitReceived(r -> r.size() >= 20, Duration.ofSeconds(60));
            } finally {
                kill(first);
            }
            long committedAtKill = topics.committed();
            int receivedAtKill = sink.received().size();
            assertThat(receivedAtKill).isLessThan(ALERTS);

            try (AlertNotifier second = AlertNotifier.start(settings(topics, null, sink))) {
                topics.awaitCommitted(ALERTS, Duration.ofSeconds(60));
                assertThat(second.stats().delivered()).isEqualTo(ALERTS - committedAtKill);
            }
            List<String> ids = sink.alertIds();
            Set<String> distinct = new HashSet<>(ids);
            assertThat(distinct)
                    .as("no alert lost")
                    .containsExactlyInAnyOrderElementsOf(idsOf(alerts));
            assertThat(ids.size() - distinct.size())
                    .as("repeats only after the committed offsets")
                    .isLessThanOrEqualTo((int) (receivedAtKill - committedAtKill));
        }
    }

    /**
     * The case the committed offset cannot cover: one destination is down, so the commit stays at
     * its first alert, while the other accepts {@value #ACCEPTED_BEFORE_KILL} alerts; then SIGKILL.
     * A restart without a journal posts those {@value #ACCEPTED_BEFORE_KILL} again.
     */
    @Test
    void withoutAStateDirAlertsAcceptedPastTheCommitArePostedAgain() throws Exception {
        Outcome outcome = killWhileOneDestinationIsDown(null);

        assertThat(outcome.committedAtKill()).as("the down destination holds the commit").isZero();
        assertThat(outcome.healthyIds()).hasSize(ALERTS + ACCEPTED_BEFORE_KILL);
        assertThat(new HashSet<>(outcome.healthyIds())).hasSize(ALERTS);
        assertThat(outcome.downIds()).doesNotHaveDuplicates().hasSize(ALERTS);
        assertThat(outcome.restart().alreadyDelivered()).isZero();
    }

    @Test
    void withAStateDirARestartPostsNothingTwiceAndLosesNothing() throws Exception {
        Outcome outcome = killWhileOneDestinationIsDown(dir.resolve("state"));

        assertThat(outcome.committedAtKill()).as("the down destination holds the commit").isZero();
        assertThat(outcome.healthyIds())
                .as("the healthy destination: every alert once")
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(outcome.expected());
        assertThat(outcome.downIds())
                .as("the destination that was down: every alert once")
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(outcome.expected());
        assertThat(outcome.restart().alreadyDelivered()).isEqualTo(ACCEPTED_BEFORE_KILL);
        assertThat(outcome.restart().delivered()).isEqualTo(2L * ALERTS - ACCEPTED_BEFORE_KILL);
    }

    private record Outcome(
            List<String> expected,
            long committedAtKill,
            List<String> healthyIds,
            List<String> downIds,
            NotifyStats restart) {}

    /**
     * Two destinations: {@code sink0} accepts {@value #ACCEPTED_BEFORE_KILL} messages and then
     * holds the next request, {@code sink1} answers 503 throughout. The child is killed while the
     * request is held (so every answer before it was taken in), then a notifier restarts with both
     * destinations healthy and runs until every offset is committed.
     */
    private Outcome killWhileOneDestinationIsDown(Path stateDir) throws Exception {
        NotifyKafka topics = new NotifyKafka(kafka.bootstrapServers());
        List<Alert> alerts = alerts();
        topics.write(alerts);
        try (WebhookSink healthy = new WebhookSink();
                WebhookSink down = new WebhookSink()) {
            healthy.holdAfterAccepting(ACCEPTED_BEFORE_KILL);
            down.refuseAll(true);
            Process first = child(topics, stateDir, healthy, down);
            try {
                healthy.awaitHeld(Duration.ofSeconds(60));
            } finally {
                kill(first);
            }
            healthy.releaseHeld();
            down.refuseAll(false);
            long committedAtKill = topics.committed();
            assertThat(healthy.acceptedAlertIds()).hasSize(ACCEPTED_BEFORE_KILL);
            assertThat(down.accepted()).isEmpty();

            NotifyStats restart;
            try (AlertNotifier second =
                    AlertNotifier.start(settings(topics, stateDir, healthy, down))) {
                topics.awaitCommitted(ALERTS, Duration.ofSeconds(60));
                restart = second.stats();
            }
            List<String> healthyIds = healthy.acceptedAlertIds();
            return new Outcome(
                    idsOf(alerts), committedAtKill, healthyIds, down.acceptedAlertIds(), restart);
        }
    }

    private static List<Alert> alerts() {
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < ALERTS; i++) {
            alerts.add(TestAlerts.ingressBypass("caller-" + i, 8443, T0));
        }
        return alerts;
    }

    private static List<String> idsOf(List<Alert> alerts) {
        return alerts.stream().map(Alert::alertId).toList();
    }

    private static NotifySettings settings(
            NotifyKafka topics, Path stateDir, WebhookSink... sinks) {
        return NotifierProcess.settings(
                kafka.bootstrapServers(),
                topics.alerts,
                topics.deadLetters,
                topics.group,
                stateDir,
                urls(sinks));
    }

    private static List<URI> urls(WebhookSink... sinks) {
        List<URI> urls = new ArrayList<>();
        for (WebhookSink sink : sinks) {
            urls.add(sink.url());
        }
        return urls;
    }

    private Process child(NotifyKafka topics, Path stateDir, WebhookSink... sinks)
            throws Exception {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                kafka.bootstrapServers(),
                                topics.alerts,
                                topics.deadLetters,
                                topics.group,
                                stateDir == null ? "-" : stateDir.toString()));
        urls(sinks).forEach(url -> args.add(url.toString()));
        return ChildJvm.start(NotifierProcess.class, args, dir.resolve("notify.log"));
    }

    private static void kill(Process process) throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
}
