package dev.tandem.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.jobs.notify.AlertNotifier;
import dev.tandem.jobs.notify.ChatFormat;
import dev.tandem.jobs.notify.Destination;
import dev.tandem.jobs.notify.NotifySettings;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * {@code tandem notify}'s {@link AlertNotifier} posting to a {@link WebhookSink}, run until every
 * alert on the topic has been delivered. No quiet period and a high rate limit: a local sink need
 * not be spared, and the demo should show each alert as its own message.
 */
public final class DemoNotifier {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoNotifier() {}

    /**
     * Delivers {@code alerts} alerts; {@code console} gets each received message's lines as it
     * arrives.
     *
     * @return the bodies the webhook received, in arrival order
     */
    public static List<String> deliver(
            String kafka, long alerts, Consumer<String> console, Duration timeout)
            throws IOException, InterruptedException, TimeoutException {
        try (WebhookSink sink = WebhookSink.start(body -> consoleLines(body).forEach(console))) {
            NotifySettings settings =
                    NotifySettings.builder(
                                    kafka,
                                    List.of(
                                            Destination.of(
                                                    "demo-webhook",
                                                    ChatFormat.GENERIC,
                                                    sink.uri())))
                            .groupId("tandem-demo-notify")
                            .quietPeriod(Duration.ZERO)
                            .rateLimitPerMinute(6_000)
                            .build();
            try (AlertNotifier notifier = AlertNotifier.start(settings)) {
                long deadline = System.nanoTime() + timeout.toNanos();
                while (notifier.stats().delivered() < alerts) {
                    if (notifier.failure() != null) {
                        throw new IllegalStateException(
                                "the notifier failed: " + notifier.failure(), notifier.failure());
                    }
                    if (System.nanoTime() > deadline) {
                        throw new TimeoutException(
                                "the notifier delivered "
                                        + notifier.stats().delivered()
                                        + " of "
                                        + alerts
                                        + " alerts in "
                                        + timeout.toSeconds()
                                        + " s");
                    }
                    Thread.sleep(100);
                }
            }
            return sink.bodies();
        }
    }

    /** A generic-format message for the console: its text, the first line marked. */
    static List<String> consoleLines(String body) {
        String text;
        try {
            text = JSON.readTree(body).path("text").asText(body);
        } catch (IOException e) {
            text = body;
        }
        List<String> lines = new ArrayList<>();
        String[] parts = text.split("\n");
        lines.add("webhook <- " + parts[0]);
        for (int i = 1; i < parts.length; i++) {
            lines.add("           " + parts[i]);
        }
        return lines;
    }
}
