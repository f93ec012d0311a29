package dev.tandem.jobs.notify;

import java.time.Duration;

/** What one webhook request came to. Texts never contain the webhook URL. */
sealed interface PostOutcome {
    /** A 2xx answer: the chat has the message. */
    record Accepted(int status) implements PostOutcome {}

    /**
     * Worth another try: 429, 408, 5xx, a timeout or a connection failure.
     *
     * @param status the HTTP status, or -1 when there was no answer
     * @param retryAfter the server's {@code Retry-After}, or null when it gave none
     * @param reason one line for the log
     */
    record RetryLater(int status, Duration retryAfter, String reason) implements PostOutcome {}

    /**
     * Any other answer: another try would get the same.
     *
     * @param status the HTTP status
     * @param response the start of the response body, one line
     */
    record Refused(int status, String response) implements PostOutcome {}
}
