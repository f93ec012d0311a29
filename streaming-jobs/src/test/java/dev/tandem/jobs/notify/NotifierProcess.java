package dev.tandem.jobs.notify;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A notifier in a JVM of its own, for {@link NotifierKillIT} to kill with SIGKILL. Arguments:
 * bootstrap servers, alerts topic, dead-letter topic, group id, webhook URL.
 */
public final class NotifierProcess {
    private NotifierProcess() {}

    public static void main(String[] args) throws InterruptedException {
        NotifySettings settings =
                NotifySettings.builder(
                                args[0],
                                List.of(
                                        Destination.of(
                                                "sink", ChatFormat.GENERIC, URI.create(args[4]))))
                        .topics(args[1], args[2])
                        .groupId(args[3])
                        .quietPeriod(Duration.ZERO)
                        .rateLimitPerMinute(100_000)
                        .pollTimeout(Duration.ofMillis(50))
                        .sessionTimeout(Duration.ofSeconds(6))
                        .instanceId("notify-0")
                        .build();
        AlertNotifier.start(settings);
        Thread.sleep(Long.MAX_VALUE);
    }
}
