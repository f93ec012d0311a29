package dev.tandem.jobs.notify;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A notifier in a JVM of its own, for {@link NotifierKillIT} to kill with SIGKILL. Arguments:
 * bootstrap servers, alerts topic, dead-letter topic, group id, state folder ({@code -} for none),
 * then one webhook URL per destination.
 */
public final class NotifierProcess {
    private NotifierProcess() {}

    public static void main(String[] args) throws InterruptedException {
        List<URI> webhooks = new ArrayList<>();
        for (int i = 5; i < args.length; i++) {
            webhooks.add(URI.create(args[i]));
        }
        Path stateDir = args[4].equals("-") ? null : Path.of(args[4]);
        AlertNotifier.start(settings(args[0], args[1], args[2], args[3], stateDir, webhooks));
        Thread.sleep(Long.MAX_VALUE);
    }

    /**
     * The settings both the killed child and its in-process restart use: generic destinations
     * {@code sink0}, {@code sink1}, ... (the journal knows them by name), no quiet period, no
     * effective rate limit, and one static membership id, so the restart takes the partitions back
     * without waiting for the dead one's session to time out.
     */
    static NotifySettings settings(
            String servers,
            String alerts,
            String deadLetters,
            String group,
            Path stateDir,
            List<URI> webhooks) {
        List<Destination> destinations = new ArrayList<>();
        for (int i = 0; i < webhooks.size(); i++) {
            destinations.add(Destination.of("sink" + i, ChatFormat.GENERIC, webhooks.get(i)));
        }
        return NotifySettings.builder(servers, destinations)
                .topics(alerts, deadLetters)
                .groupId(group)
                .quietPeriod(Duration.ZERO)
                .rateLimitPerMinute(100_000)
                .pollTimeout(Duration.ofMillis(50))
                .sessionTimeout(Duration.ofSeconds(6))
                .instanceId("notify-0")
                .stateDir(stateDir)
                .build();
    }
}
