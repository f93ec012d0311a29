package dev.tandem.flinkjob;

import dev.tandem.ingest.text.DurationText;
import dev.tandem.jobs.correlate.CorrelateSettings;
import dev.tandem.jobs.kafka.KafkaCorrelateSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The job jar's program arguments, checked up front: a Flink cluster reports an exception from
 * {@code main} as the submission's error, so every message here names the option and what it
 * expects, in one line.
 *
 * <p>The same options and defaults as {@code tandem correlate} where they mean the same thing;
 * {@code --idleness} and {@code --checkpoint-interval} are here because a cluster job has no other
 * way to set them, and {@code --parallelism} is not, because the submission sets it.
 *
 * @param kafka the brokers, consumer group, transactional ids, re-alert period and archive
 * @param correlate windows, slack, idleness and the maximum hold of open connections
 * @param checkpointInterval how often to checkpoint: also how often edges are committed to Kafka
 *     and archive files completed
 */
public record CorrelateJobArguments(
        KafkaCorrelateSettings kafka, CorrelateSettings correlate, Duration checkpointInterval) {
    /** Every option with its default; {@code null} means "not set". Sorted for the usage line. */
    private static final Map<String, String> DEFAULTS = defaults();

    public CorrelateJobArguments {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(correlate, "correlate");
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        if (checkpointInterval.toMillis() < 10) {
            throw new IllegalArgumentException(
                    "--checkpoint-interval must be at least 10ms, was " + checkpointInterval);
        }
    }

    /**
     * Reads {@code --name value} pairs.
     *
     * @throws IllegalArgumentException naming the first unknown, repeated, valueless or invalid
     *     option
     */
    public static CorrelateJobArguments parse(String... args) {
        Map<String, String> given = new TreeMap<>();
        List<String> list = Arrays.asList(args);
        for (int i = 0; i < list.size(); i += 2) {
            String name = list.get(i);
            if (!DEFAULTS.containsKey(name)) {
                throw new IllegalArgumentException(
                        "unknown option '"
                                + name
                                + "'; known: "
                                + String.join(" ", DEFAULTS.keySet()));
            }
            if (i + 1 >= list.size() || list.get(i + 1).startsWith("--")) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            if (given.put(name, list.get(i + 1)) != null) {
                throw new IllegalArgumentException(name + " is given twice");
            }
        }
        Map<String, String> options = new TreeMap<>(DEFAULTS);
        options.putAll(given);

        Duration window = duration(options, "--window");
        Duration slack = duration(options, "--slack");
        Duration idleness = duration(options, "--idleness");
        Duration maxHold = duration(options, "--max-hold");
        Duration realert = duration(options, "--realert");
        Duration checkpointInterval = duration(options, "--checkpoint-interval");
        String groupId = options.get("--group-id");
        KafkaCorrelateSettings kafka;
        CorrelateSettings correlate;
        try {
            kafka =
                    new KafkaCorrelateSettings(
                            options.get("--bootstrap-servers"),
                            groupId,
                            groupId,
                            realert,
                            options.get("--archive"),
                            false);
            correlate =
                    new CorrelateSettings(
                            window,
                            slack,
                            CorrelateSettings.defaults().outOfOrderness(),
                            idleness,
                            maxHold);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid arguments: " + e.getMessage(), e);
        }
        return new CorrelateJobArguments(kafka, correlate, checkpointInterval);
    }

    /**
     * Durations as people write them: {@code 500ms}, {@code 90s}, {@code 5m}, {@code 1h}, {@code
     * PT5M}.
     */
    static Duration duration(Map<String, String> options, String name) {
        try {
            return DurationText.parse(options.get(name));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> defaults() {
        Map<String, String> defaults = new TreeMap<>();
        defaults.put("--archive", null);
        defaults.put("--bootstrap-servers", "127.0.0.1:9092");
        defaults.put("--checkpoint-interval", "10s");
        defaults.put("--group-id", "tandem-correlate");
        defaults.put("--idleness", "1m");
        defaults.put("--max-hold", "30m");
        defaults.put("--realert", "1h");
        defaults.put("--slack", "2m");
        defaults.put("--window", "5m");
        return defaults;
    }
}
