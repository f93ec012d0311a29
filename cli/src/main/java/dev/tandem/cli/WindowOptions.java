package dev.tandem.cli;

import dev.tandem.jobs.correlate.CorrelateSettings;
import java.time.Duration;
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
     * @throws UserError naming the option whose duration is not one, or out of range
     */
    CorrelateSettings settings() {
        CorrelateSettings defaults = CorrelateSettings.defaults();
        Duration windowLength = Durations.parse("--window", window);
        Duration slackTime = Durations.parse("--slack", slack);
        Duration hold = Durations.parse("--max-hold", maxHold);
        if (windowLength.isNegative() || windowLength.isZero()) {
            throw new UserError("--window must be positive, was " + window);
        }
        if (slackTime.isNegative()) {
            throw new UserError("--slack must not be negative, was " + slack);
        }
        if (hold.isNegative()) {
            throw new UserError("--max-hold must not be negative, was " + maxHold);
        }
        return new CorrelateSettings(
                windowLength, slackTime, defaults.outOfOrderness(), defaults.idleness(), hold);
    }
}
