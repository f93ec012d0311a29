package dev.tandem.cli;

import dev.tandem.jobs.notify.AlertNotifier;
import dev.tandem.jobs.notify.Destination;
import dev.tandem.jobs.notify.NotifyConfigException;
import dev.tandem.jobs.notify.NotifySettings;
import dev.tandem.jobs.notify.NotifyStats;
import dev.tandem.jobs.notify.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tandem notify}: posts the alerts of {@code tandem.alerts} to chat webhooks. */
@Command(
        name = "notify",
        mixinStandardHelpOptions = true,
        description = {
            "Reads tandem.alerts and posts each alert to chat: Slack (Block Kit), Microsoft Teams"
                    + " (Adaptive Card through a Workflows webhook), Mattermost, or any webhook as"
                    + " generic JSON. Delivery is at least once, de-duplicated by alert id: an"
                    + " offset is committed only after the webhook accepted the alert, so a chat"
                    + " outage delays alerts and loses none. Runs until stopped (Ctrl-C).",
            ""
        },
        footer = {
            "",
            "The webhook URL is a secret: it is read from a file or an environment variable, never"
                    + " from the command line (which ps shows), and never printed.",
            "Severity: bypass is critical (high below confidence 0.8), plaintext high (medium below"
                    + " 0.8), denied low.",
            "429 waits for Retry-After; 5xx and timeouts retry with backoff; other 4xx answers send"
                    + " the alert to tandem.deadletter (reason REJECTED_BY_DESTINATION) with the"
                    + " response.",
            "Exit status 2 when Kafka does not answer at start (within --connect-timeout); once"
                    + " running, a Kafka outage only delays alerts.",
            "",
            "Examples:",
            "  tandem notify --webhook-url-file /etc/tandem/slack.url --format slack",
            "  TEAMS_URL=... tandem notify --webhook-url-env TEAMS_URL --format teams \\",
            "      --min-severity high",
            "  tandem notify --destinations /etc/tandem/destinations.yaml \\",
            "      --state-dir /var/lib/tandem   # several, see docs/notify.md"
        })
final class NotifyCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin KafkaOptions kafkaOptions;

    @Mixin KafkaStartupOptions kafkaStartup;

    @Mixin ChatDestinationOptions chat;

    @Option(
            names = "--min-severity",
            paramLabel = "LEVEL",
            defaultValue = "low",
            description =
                    "With one webhook: send alerts of this severity and above (low, medium, high,"
                            + " critical). Default: ${DEFAULT-VALUE}.")
    String minSeverity;

    @Option(
            names = "--namespaces",
            paramLabel = "NS",
            split = ",",
            description =
                    "With one webhook: only alerts whose source or destination is in one of these"
                            + " namespaces. Default: all.")
    List<String> namespaces;

    @Option(
            names = "--quiet-period",
            paramLabel = "DURATION",
            defaultValue = "5m",
            description =
                    "Further alerts of an edge and verdict within this period after its alert"
                            + " are sent as one message with a count. Default: ${DEFAULT-VALUE}.")
    String quietPeriod;

    @Option(
            names = "--rate-limit",
            paramLabel = "N",
            defaultValue = "20",
            description =
                    "Messages per minute per destination; a burst beyond it is one digest."
                            + " Default: ${DEFAULT-VALUE}.")
    int rateLimit;

    @Option(
            names = "--group-id",
            paramLabel = "ID",
            defaultValue = NotifySettings.DEFAULT_GROUP_ID,
            description =
                    "Kafka consumer group; its committed offsets are where a restart resumes. Default: ${DEFAULT-VALUE}.")
    String groupId;

    @Option(
            names = "--instance-id",
            paramLabel = "ID",
            description =
                    "Kafka static membership id (e.g. the pod name): a restart with the same id"
                            + " resumes at once instead of after the session timeout.")
    String instanceId;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description =
                    "Keep a small journal of which destination accepted which alert in DIR (a"
                            + " volume in a deployment): a restart after a crash then reads again"
                            + " past the last commit but does not post again what a destination"
                            + " already accepted. Default: none (such alerts may be posted twice).")
    Path stateDir;

    @Option(
            names = "--stats-interval",
            paramLabel = "SECONDS",
            defaultValue = "60",
            description =
                    "Print counts every SECONDS (0: only at the end). Default: ${DEFAULT-VALUE}.")
    int statsSeconds;

    @Override
    public Integer call() {
        if (statsSeconds < 0) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--stats-interval must be 0 (never) or more");
        }
        String bootstrapServers = kafkaOptions.bootstrapServers();
        NotifySettings settings;
        try {
            settings =
                    NotifySettings.builder(bootstrapServers, destinations())
                            .quietPeriod(Durations.parse("--quiet-period", quietPeriod))
                            .rateLimitPerMinute(rateLimit)
                            .groupId(groupId)
                            .instanceId(instanceId)
                            .stateDir(stateDir)
                            .build();
        } catch (NotifyConfigException e) {
            throw new UserError(e.getMessage(), e);
        }
        var err = spec.commandLine().getErr();
        // The local check first: it is instant, and Kafka's may take --connect-timeout. (The
        // notifier checks the folder again, and that no other notifier uses it.)
        if (stateDir != null) {
            WritableFolder.require("--state-dir", stateDir);
        }
        // Only at start: once running, the consumer rides out a broker outage by retrying. Not
        // the topics: tandem.alerts may be created after notify starts (by correlate
        // --create-topics or a topic operator), and the consumer waits for it.
        kafkaStartup.requireAnswer(bootstrapServers);
        AlertNotifier notifier;
        try {
            notifier = AlertNotifier.start(settings);
        } catch (NotifyConfigException e) {
            throw new UserError(e.getMessage(), e);
        }
        Thread hook = new Thread(notifier::close, "tandem-notify-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        err.println(
                "notify: posting alerts from tandem.alerts to "
                        + Destination.describe(settings.destinations())
                        + "; stop with Ctrl-C");
        long every = Duration.ofSeconds(Math.max(statsSeconds, 0)).toMillis();
        // 0 means never: the first report time is then out of reach (no overflow to the past).
        long next = statsSeconds <= 0 ? Long.MAX_VALUE : System.currentTimeMillis() + every;
        try {
            while (notifier.isRunning()) {
                Thread.sleep(200);
                if (System.currentTimeMillis() >= next) {
                    err.println("notify: " + describe(notifier.stats()));
                    next += every;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            notifier.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is shutting down: the hook runs (and close() is idempotent).
            }
        }
        err.println("notify: " + describe(notifier.stats()));
        if (notifier.failure() != null) {
            throw new UserError(
                    "notify stopped: " + notifier.failure().getMessage(), notifier.failure());
        }
        return 0;
    }

    private List<Destination> destinations() {
        if (!chat.given()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Missing required option: one of --webhook-url-file, --webhook-url-env or"
                            + " --destinations");
        }
        List<Destination> destinations = chat.destinations(spec);
        if (chat.fromFile()) {
            return destinations;
        }
        Severity minimum;
        try {
            minimum = Severity.parse(minSeverity);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Set<String> names = namespaces == null ? Set.of() : new LinkedHashSet<>(namespaces);
        return List.of(destinations.get(0).withMinSeverity(minimum).withNamespaces(names));
    }

    private static String describe(NotifyStats stats) {
        return stats.received()
                + " alerts read, "
                + stats.delivered()
                + " delivered in "
                + stats.messagesPosted()
                + " messages ("
                + stats.digests()
                + " digests), "
                + stats.grouped()
                + " grouped, "
                + stats.duplicatesDropped()
                + " duplicates dropped, "
                + stats.deadLettered()
                + " dead-lettered, "
                + stats.alreadyDelivered()
                + " already delivered before a restart";
    }
}
