package dev.tandem.jobs.notify;

/**
 * What a notifier has done since it started.
 *
 * @param received alert records read from Kafka
 * @param delivered alerts a destination accepted (one per alert and destination, whether alone, in
 *     a group or in a digest)
 * @param grouped alerts folded into a group message because their edge and verdict had alerted
 *     within the quiet period
 * @param duplicatesDropped records whose alert id was already seen within the de-duplication window
 * @param deadLettered alerts written to the dead-letter topic: a destination refused them for good,
 *     or the record was not a readable alert
 * @param messagesPosted HTTP requests a webhook accepted
 * @param digests of those, digests sent because a burst exceeded a destination's rate limit
 * @param alreadyDelivered deliveries skipped because the delivery journal shows the destination
 *     accepted (or refused for good) the alert before a restart; always 0 without a state folder
 */
public record NotifyStats(
        long received,
        long delivered,
        long grouped,
        long duplicatesDropped,
        long deadLettered,
        long messagesPosted,
        long digests,
        long alreadyDelivered) {}
