package dev.tandem.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The demo's webhook stand-in, over real HTTP on loopback. */
class WebhookSinkIT {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void acceptsPostsHandsEachBodyOnAndRefusesOtherMethodsAndHugeBodies() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (WebhookSink sink = WebhookSink.start(seen::add)) {
            assertThat(sink.uri().getHost()).isEqualTo("127.0.0.1");

            assertThat(post(sink, "{\"text\":\"BYPASS_EGRESS\"}").statusCode()).isEqualTo(200);
            assertThat(post(sink, "x".repeat(WebhookSink.MAX_BODY_BYTES + 1)).statusCode())
                    .isEqualTo(413);
            HttpResponse<String> get =
                    http.send(
                            HttpRequest.newBuilder(sink.uri()).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).isEqualTo(405);

            assertThat(sink.awaitBodies(1, Duration.ofSeconds(5))).isTrue();
            assertThat(sink.bodies()).containsExactly("{\"text\":\"BYPASS_EGRESS\"}");
            assertThat(seen).containsExactly("{\"text\":\"BYPASS_EGRESS\"}");
            assertThat(sink.awaitBodies(2, Duration.ofMillis(100))).isFalse();
        }
    }

    private HttpResponse<String> post(WebhookSink sink, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(sink.uri())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
