package dev.tandem.ingest.ship;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.detect.LogKind;
import dev.tandem.ingest.kafka.KafkaStartupCheck;
import dev.tandem.ingest.kafka.Topics;
import dev.tandem.ingest.testing.KafkaBrokerExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The HTTP listener with a real HTTP client and raw sockets against a real broker. */
class HttpIngestIT {
    private static final String TOKEN = "s3cret-token";
    private static final int CAP = 64 * 1024;

    @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();
    private static Shipper shipper;
    private static HttpIngest listener;
    private static URI uri;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        KafkaStartupCheck.requireTopics(
                kafka.bootstrapServers(), Duration.ofSeconds(30), ShipTopics.WRITTEN, true);
        shipper =
                Shipper.start(
                        new ShipSettings(
                                kafka.bootstrapServers(), LogKind.AUTO, "listener", null, null));
        listener =
                shipper.listen(
                        new InetSocketAddress("127.0.0.1", 0),
                        HttpOptions.defaults().withBearerToken(TOKEN).withMaxRequestBytes(CAP));
        uri = URI.create("http://127.0.0.1:" + listener.address().getPort() + "/");
    }

    @AfterAll
    static void stop() {
        listener.close();
        shipper.close();
    }

    @Test
    void aBodyOfRecordsIsAnswered200AfterKafkaHasEveryRecord() throws Exception {
        List<String> lines = ShipperIT.envoyLines("http", 100);
        HttpResponse<String> response = post(String.join("\n", lines) + "\n", TOKEN);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("accepted 100 records\n");
        assertThat(
                        TopicContents.byKey(kafka.bootstrapServers(), Topics.PROXY_RAW.name())
                                .get("http:127.0.0.1"))
                .containsSubsequence(lines);
    }

    @Test
    void aGzipBodyIsDecoded() throws Exception {
        List<String> lines = ShipperIT.envoyLines("gzip", 10);
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<String> response =
                CLIENT.send(
                        authorized()
                                .header("Content-Encoding", "gzip")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(zipped.toByteArray()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("accepted 10 records\n");
    }

    @Test
    void withoutTheRightTokenARequestIsRefused401() throws Exception {
        assertThat(post("x\n", null).statusCode()).isEqualTo(401);
        assertThat(post("x\n", "wrong").statusCode()).isEqualTo(401);
    }

    @Test
    void aMethodOtherThanPostIs405() throws Exception {
        HttpResponse<String> response =
                CLIENT.send(authorized().GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).contains("POST");
    }

    @Test
    void aBodyOverTheCapIs413WhetherDeclaredOrChunked() throws Exception {
        String big = "y".repeat(CAP + 1);
        assertThat(post(big, TOKEN).statusCode()).isEqualTo(413);
        // No Content-Length: the client streams it chunked, and the cap applies while reading.
        HttpResponse<String> chunked =
                CLIENT.send(
                        authorized()
                                .POST(
                                        HttpRequest.BodyPublishers.ofInputStream(
                                                () ->
                                                        new java.io.ByteArrayInputStream(
                                                                big.getBytes(
                                                                        StandardCharsets.UTF_8))))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(post("{}\n", TOKEN).statusCode()).as("still serving").isEqualTo(200);
    }

    @Test
    void aJsonArrayOrBinaryBodyIs400() throws Exception {
        HttpResponse<String> array = post("[{\"log\":\"x\"}]", TOKEN);
        assertThat(array.statusCode()).isEqualTo(400);
        assertThat(array.body()).contains("json_lines");
        assertThat(post("abc\0def\n", TOKEN).statusCode()).isEqualTo(400);
    }

    @Test
    void brokenChunkingAndGarbageRequestsNeverStopTheListener() throws Exception {
        String brokenChunks =
                "POST / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                        + TOKEN
                        + "\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nnot hex\r\n\r\n";
        assertThat(rawStatus(brokenChunks)).isEqualTo("400");
        String garbage = "\u0001\u0002 nonsense \r\n\r\n";
        assertThat(rawStatus(garbage))
                .as("refused, whatever the JDK server chooses")
                .isIn("400", "404", "");
        assertThat(post("{}\n", TOKEN).statusCode()).as("still serving").isEqualTo(200);
    }

    private static HttpRequest.Builder authorized() {
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TOKEN);
    }

    private static HttpResponse<String> post(String body, String token) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends raw bytes and returns the status code of the answer, or "" when the server closed. */
    private static String rawStatus(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", listener.address().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(12);
            String status = new String(head, StandardCharsets.ISO_8859_1);
            return status.startsWith("HTTP/1.1 ") ? status.substring(9, 12) : "";
        }
    }
}
