package dev.tandem.cli;

import dev.tandem.jobs.correlate.CorrelateSettings;
import picocli.CommandLine.Option;

/**
 * The edge-window options that {@code analyze} and {@code correlate} share: one job graph, one set.
 */
final class WindowOptions {
    @Option(
            names = "--window",
            paramLabel = "DURATION",
            defaultValue = "5m",
            description =
                    "Edge window length, the flow-log flush interval. Default: ${DEFAULT-VALUE}.")
    String window;

    @Option(
            names = "--slack",
            paramLabel = "DURATION",
            defaultValue = "2m",
            description =
                    "How long a window waits for late lines before a bypass is called. Default:"
                            + " ${DEFAULT-VALUE}.")
    String slack;

    @Option(
            names = "--max-hold",
            paramLabel = "DURATION",
            defaultValue = "30m",
            description =
                    "How long a window of a connection that is still open (a long gRPC stream,"
                            + " logged by the sidecar only when it ends) waits for its access lines"
                            + " before it is judged; 0 judges every window at once. Default:"
                            + " ${DEFAULT-VALUE}.")
    String maxHold;

    /**
     * The correlation settings these options give, the rest at their defaults.
     *
     * @throws IllegalArgumentException when the durations do not make a valid setting
     */
    CorrelateSettings settings() {
        CorrelateSettings defaults = CorrelateSettings.defaults();
        return new CorrelateSettings(
                Durations.parse("--window", window),
                Durations.parse("--slack", slack),
                defaults.outOfOrderness(),
                defaults.idleness(),
                Durations.parse("--max-hold", maxHold));
    }
}
