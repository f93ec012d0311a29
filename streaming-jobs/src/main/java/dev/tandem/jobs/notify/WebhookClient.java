package dev.tandem.jobs.notify;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * Posts one JSON body to a destination's webhook with the JDK's {@link HttpClient} and sorts the
 * answer into accepted, retry later, or refused. Nothing it returns or throws names the URL.
 */
final class WebhookClient {
    /** How much of a refusal's body is kept for the dead letter and the log. */
    static final int MAX_RESPONSE_CHARS = 1000;

    private final HttpClient http;
    private final Duration requestTimeout;
    private final Clock clock;

    WebhookClient(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
        this.clock = Clock.systemUTC();
        // HTTP/1.1: every chat webhook speaks it, and a plain-http test sink should not get h2c
        // upgrade attempts. Redirects are not followed: a webhook that moved is a configuration
        // problem to see, not to paper over.
        this.http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(requestTimeout)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
    }

    /** Sends {@code body} to {@code destination} once. */
    PostOutcome post(Destination destination, byte[] body) throws InterruptedException {
        Secret url = destination.webhookUrl();
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(url.reveal()))
                        .timeout(requestTimeout)
                        .header("Content-Type", "application/json; charset=utf-8")
                        .header("User-Agent", "tandem-notify")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            return new PostOutcome.RetryLater(-1, null, "no answer within " + requestTimeout);
        } catch (IOException e) {
            return new PostOutcome.RetryLater(
                    -1, null, "cannot reach the webhook: " + describe(e, url));
        }
        int status = response.statusCode();
        String text;
        try (InputStream in = response.body()) {
            text = readStart(in);
        } catch (IOException e) {
            text = "";
        }
        text = url.redact(ChatText.clip(ChatText.oneLine(text).strip(), MAX_RESPONSE_CHARS));
        if (status >= 200 && status < 300) {
            return new PostOutcome.Accepted(status);
        }
        if (status == 429) {
            return new PostOutcome.RetryLater(
                    status,
                    RetryAfter.parse(
                            response.headers().firstValue("Retry-After").orElse(null),
                            clock.instant()),
                    "HTTP 429 (rate limited)");
        }
        if (status == 408 || status >= 500) {
            return new PostOutcome.RetryLater(
                    status, null, "HTTP " + status + (text.isEmpty() ? "" : ": " + text));
        }
        return new PostOutcome.Refused(status, text);
    }

    private static String readStart(InputStream in) throws IOException {
        byte[] start = in.readNBytes(MAX_RESPONSE_CHARS * 4);
        // Drain a little more so the connection can be reused; a huge body is simply closed.
        in.skip(64 * 1024);
        return new String(start, StandardCharsets.UTF_8);
    }

    /** An I/O failure in words that never include the URL (some JDK messages quote it). */
    private static String describe(IOException e, Secret url) {
        String message = e.getMessage();
        String kind = e.getClass().getSimpleName();
        if (message == null || message.isBlank()) {
            return kind;
        }
        String safe = url.redact(ChatText.oneLine(message));
        return kind + ": " + ChatText.clip(safe, 200);
    }
}
