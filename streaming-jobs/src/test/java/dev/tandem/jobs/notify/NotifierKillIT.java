package dev.tandem.jobs.notify;

import static dev.tandem.jobs.notify.TestAlerts.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.jobs.alert.Alert;
import dev.tandem.kafka.embedded.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code notify} as a real child process, killed with SIGKILL mid-stream and started again: every
 * alert reaches the webhook, and the only repeats are alerts after the last committed offset. Both
 * runs share a static membership id, so the restart takes the partitions back without waiting for
 * the dead one's session to time out.
 */
class NotifierKillIT {
    private static final int ALERTS = 100;
    private static EmbeddedKafkaBroker kafka;

    @TempDir Path dir;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafkaBroker.builder().build().start();
    }

    @AfterAll
    static void closeBroker() {
        kafka.close();
    }

    @Test
    void killMinus9MidStreamAndRestartLosesNoAlert() throws Exception {
        NotifyKafka topics = new NotifyKafka(kafka.bootstrapServers());
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < ALERTS; i++) {
            alerts.add(TestAlerts.ingressBypass("caller-" + i, 8443, T0));
        }
        topics.write(alerts);
        try (WebhookSink sink = new WebhookSink()) {
            // Slow answers, so the kill lands mid-stream.
            sink.delayEachAnswer(Duration.ofMillis(10));
            Process first = child(topics, sink);
            try {
                sink.awaitReceived(r -> r.size() >= 20, Duration.ofSeconds(60));
            } finally {
                first.destroyForcibly();
                assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            long committedAtKill = topics.committed();
            int receivedAtKill = sink.received().size();
            assertThat(receivedAtKill).isLessThan(ALERTS);

            try (AlertNotifier second =
                    AlertNotifier.start(
                            NotifySettings.builder(
                                            kafka.bootstrapServers(),
                                            List.of(
                                                    Destination.of(
                                                            "sink",
                                                            ChatFormat.GENERIC,
                                                            sink.url())))
                                    .topics(topics.alerts, topics.deadLetters)
                                    .groupId(topics.group)
                                    .quietPeriod(Duration.ZERO)
                                    .rateLimitPerMinute(100_000)
                                    .pollTimeout(Duration.ofMillis(50))
                                    .sessionTimeout(Duration.ofSeconds(6))
                                    .instanceId("notify-0")
                                    .build())) {
                topics.awaitCommitted(ALERTS, Duration.ofSeconds(60));
                assertThat(second.stats().delivered()).isEqualTo(ALERTS - committedAtKill);
            }
            List<String> ids = sink.alertIds();
            Set<String> distinct = new HashSet<>(ids);
            assertThat(distinct)
                    .as("no alert lost")
                    .containsExactlyInAnyOrderElementsOf(
                            alerts.stream().map(Alert::alertId).toList());
            assertThat(ids.size() - distinct.size())
                    .as("repeats only after the committed offsets")
                    .isLessThanOrEqualTo((int) (receivedAtKill - committedAtKill));
        }
    }

    private Process child(NotifyKafka topics, WebhookSink sink) throws Exception {
        List<String> command =
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        classPath(),
                        NotifierProcess.class.getName(),
                        kafka.bootstrapServers(),
                        topics.alerts,
                        topics.deadLetters,
                        topics.group,
                        sink.url().toString());
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("notify.log").toFile())
                .start();
    }

    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank()
                ? surefire
                : System.getProperty("java.class.path");
    }
}
