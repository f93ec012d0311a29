package dev.tandem.jobs.notify;

import dev.tandem.ingest.model.Verdict;
import java.util.Locale;

/**
 * How urgent an alert is, from its verdict and confidence; a destination receives the alerts at or
 * above its minimum.
 *
 * <ul>
 *   <li>{@code BYPASS_INGRESS}, {@code BYPASS_EGRESS}: {@link #CRITICAL} at confidence 0.8 or more,
 *       else {@link #HIGH}. Traffic went around the L7 layer: its policy did not apply.
 *   <li>{@code PLAINTEXT}: {@link #HIGH} at confidence 0.8 or more, else {@link #MEDIUM}. The
 *       sidecar saw it, but without mTLS the caller's identity is unproven.
 *   <li>{@code DENIED}: {@link #LOW}. The kernel layer did its job; worth knowing, not urgent.
 * </ul>
 */
public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    /** The confidence from which a bypass is critical and plaintext is high. */
    public static final double SURE = 0.8;

    /** The severity of an alert with {@code verdict} and {@code confidence}. */
    public static Severity of(Verdict verdict, double confidence) {
        boolean sure = confidence >= SURE;
        switch (verdict) {
            case BYPASS_INGRESS:
            case BYPASS_EGRESS:
                return sure ? CRITICAL : HIGH;
            case PLAINTEXT:
                return sure ? HIGH : MEDIUM;
            default:
                return LOW;
        }
    }

    /** True when this severity is {@code minimum} or above. */
    public boolean atLeast(Severity minimum) {
        return compareTo(minimum) >= 0;
    }

    /**
     * The severity named {@code text} (any case).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Severity parse(String text) {
        for (Severity severity : values()) {
            if (severity.name().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return severity;
            }
        }
        throw new IllegalArgumentException(
                "unknown severity '" + text + "' (expected low, medium, high or critical)");
    }

    /** The lower-case name, for files and messages. */
    public String lowerName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
