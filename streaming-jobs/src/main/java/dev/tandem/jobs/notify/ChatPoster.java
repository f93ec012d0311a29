package dev.tandem.jobs.notify;

import java.util.Objects;
import java.util.Random;

/**
 * Posts one message to one destination, with the notifier's escaping and retry rules: 429 waits for
 * {@code Retry-After}, 5xx and timeouts back off with jitter, anything else outside 2xx fails at
 * once. For messages that are not alerts, such as the recommender's nightly summary; alerts go
 * through {@link AlertNotifier}, which never gives up on an outage.
 *
 * <pre>{@code
 * ChatPoster poster = ChatPoster.create();
 * poster.post(Destination.fromEnv("ops", ChatFormat.SLACK, "TANDEM_WEBHOOK"),
 *         ChatMessage.of("Nightly policy report", List.of("12 policies, 3 need review")));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class ChatPoster {
    private final RetryPolicy policy;
    private final WebhookClient client;
    private final Random random = new Random();

    private ChatPoster(RetryPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.client = new WebhookClient(policy.requestTimeout());
    }

    /** A poster with {@link RetryPolicy#defaults()}. */
    public static ChatPoster create() {
        return new ChatPoster(RetryPolicy.defaults());
    }

    /** A poster with {@code policy}; it tries at most {@code policy.maxAttempts()} times. */
    public static ChatPoster create(RetryPolicy policy) {
        return new ChatPoster(policy);
    }

    /**
     * Sends {@code message}, retrying what is worth retrying, and returns once the webhook accepted
     * it.
     *
     * @throws ChatDeliveryException when the webhook refused it or the attempts ran out
     * @throws InterruptedException when interrupted while waiting to retry
     */
    public void post(Destination destination, ChatMessage message)
            throws ChatDeliveryException, InterruptedException {
        byte[] body = Payloads.render(destination.format(), message);
        Backoff backoff;
        synchronized (random) {
            backoff = new Backoff(policy, new Random(random.nextLong()));
        }
        PostOutcome.RetryLater last = null;
        for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
            PostOutcome outcome = client.post(destination, body);
            if (outcome instanceof PostOutcome.Accepted) {
                return;
            }
            if (outcome instanceof PostOutcome.Refused) {
                PostOutcome.Refused refused = (PostOutcome.Refused) outcome;
                throw new ChatDeliveryException(
                        destination.label()
                                + " refused the message: HTTP "
                                + refused.status()
                                + (refused.response().isEmpty() ? "" : ": " + refused.response()),
                        refused.status());
            }
            PostOutcome.RetryLater retry = (PostOutcome.RetryLater) outcome;
            last = retry;
            if (attempt < policy.maxAttempts()) {
                Thread.sleep(backoff.before(retry, attempt).toMillis());
            }
        }
        throw new ChatDeliveryException(
                destination.label()
                        + " did not accept the message after "
                        + policy.maxAttempts()
                        + " attempts; last: "
                        + last.reason(),
                last.status());
    }
}
