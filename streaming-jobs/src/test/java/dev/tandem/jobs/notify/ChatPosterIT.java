package dev.tandem.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One message to one real local webhook, with the notifier's retry rules and a bounded patience.
 */
class ChatPosterIT {
    private static final ChatMessage SUMMARY =
            ChatMessage.of(
                    "Nightly policy report", List.of("12 policies", "3 need review <!here>"));
    private static final ChatPoster POSTER =
            ChatPoster.create(
                    RetryPolicy.defaults()
                            .withBackoff(Duration.ofMillis(10), Duration.ofMillis(50))
                            .withRequestTimeout(Duration.ofSeconds(2))
                            .withMaxAttempts(3));

    private final WebhookSink sink = new WebhookSink();

    @AfterEach
    void stopSink() {
        sink.close();
    }

    @Test
    void postsAfterA503AndEscapesForTheFormat() throws Exception {
        sink.answerNext(503, Map.of(), "busy");
        POSTER.post(Destination.of("ops", ChatFormat.SLACK, sink.url()), SUMMARY);

        assertThat(sink.received()).hasSize(2);
        assertThat(sink.received().get(1).json().path("text").asText())
                .isEqualTo("Nightly policy report\n12 policies\n3 need review &lt;!here&gt;");
    }

    @Test
    void aRefusalFailsAtOnceWithTheAnswerButNotTheUrl() {
        sink.answerNext(404, Map.of(), "no_service " + WebhookSink.PATH);
        assertThatThrownBy(
                        () ->
                                POSTER.post(
                                        Destination.of("ops", ChatFormat.SLACK, sink.url()),
                                        SUMMARY))
                .isInstanceOf(ChatDeliveryException.class)
                .hasMessage("ops (slack) refused the message: HTTP 404: no_service <secret>")
                .satisfies(e -> assertThat(((ChatDeliveryException) e).status()).isEqualTo(404));
        assertThat(sink.received()).hasSize(1);
    }

    @Test
    void anUnreachableWebhookGivesUpAfterItsAttemptsWithoutNamingTheUrl() {
        sink.stop();
        URI url = sink.url();
        assertThatThrownBy(() -> POSTER.post(Destination.of("ops", ChatFormat.TEAMS, url), SUMMARY))
                .isInstanceOf(ChatDeliveryException.class)
                .hasMessageStartingWith(
                        "ops (teams) did not accept the message after 3 attempts; last: ")
                .message()
                .doesNotContain("s3cr3t-token");
    }
}
