package dev.tandem.jobs.notify;

import java.util.Objects;

/**
 * One alert a destination is done with: it accepted the alert, or refused it for good and the alert
 * is in the dead-letter topic. What {@link DeliveryJournal} remembers across restarts.
 *
 * @param destination the destination's name
 * @param alertId the alert's id
 */
record Delivery(String destination, String alertId) {
    Delivery {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(alertId, "alertId");
    }
}
