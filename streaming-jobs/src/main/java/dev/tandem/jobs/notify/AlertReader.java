package dev.tandem.jobs.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.model.Verdict;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one {@code tandem.alerts} record. A record that is not a readable alert is not an error of
 * the notifier: it becomes a dead letter, and the stream goes on.
 */
final class AlertReader {
    /** Alerts are about 1 KB; anything near Kafka's default record limit is not an alert. */
    static final int MAX_RECORD_BYTES = 1 << 20;

    /** Process names kept per alert; the message shows a few. */
    private static final int MAX_PROCESS_NAMES = 5;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An alert, or why the record is not one. */
    record Result(ReceivedAlert alert, DeadLetterReason reason, String detail) {
        boolean ok() {
            return alert != null;
        }
    }

    private AlertReader() {}

    static Result read(byte[] value) {
        if (value == null || value.length == 0) {
            return failed(DeadLetterReason.EMPTY, "an empty record on the alerts topic");
        }
        if (value.length > MAX_RECORD_BYTES) {
            return failed(
                    DeadLetterReason.TOO_LARGE,
                    "an alert record of "
                            + value.length
                            + " bytes (limit "
                            + MAX_RECORD_BYTES
                            + ")");
        }
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (IOException e) {
            return failed(DeadLetterReason.MALFORMED_JSON, "an alert record that is not JSON");
        }
        if (root == null || !root.isObject()) {
            return failed(DeadLetterReason.MALFORMED_JSON, "an alert record that is not an object");
        }
        try {
            return new Result(alert(root), null, null);
        } catch (MissingField e) {
            return failed(DeadLetterReason.MISSING_FIELD, e.getMessage());
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return failed(
                    DeadLetterReason.INVALID_FIELD,
                    "an alert record with an invalid field: " + ChatText.clip(e.getMessage(), 200));
        }
    }

    private static ReceivedAlert alert(JsonNode root) {
        String id = text(root, "alertId");
        Verdict verdict = Verdict.valueOf(text(root, "verdict"));
        double confidence = root.path("confidence").asDouble(0);
        JsonNode evidence = root.path("evidence");
        JsonNode kernel = evidence.path("kernel");
        JsonNode proxy = evidence.path("proxy");
        List<String> processes = new ArrayList<>();
        for (JsonNode name : kernel.path("processNames")) {
            if (processes.size() < MAX_PROCESS_NAMES) {
                processes.add(name.asText());
            }
        }
        JsonNode recommendation = root.path("recommendation");
        return new ReceivedAlert(
                id,
                verdict,
                peer(root, "source"),
                peer(root, "destination"),
                root.path("port").asInt(0),
                root.path("protocol").asText("tcp"),
                Instant.parse(text(root, "windowStart")),
                Instant.parse(text(root, "windowEnd")),
                confidence,
                Severity.of(verdict, confidence),
                evidence.path("reason").isTextual() ? evidence.path("reason").asText() : null,
                new ReceivedAlert.Kernel(
                        kernel.path("sourceReportedFlows").asLong(0),
                        kernel.path("destinationReportedFlows").asLong(0),
                        kernel.path("connectionsStarted").asLong(0),
                        kernel.path("bytes").asLong(0),
                        kernel.path("allowedFlows").asLong(0),
                        kernel.path("deniedFlows").asLong(0),
                        List.copyOf(processes)),
                new ReceivedAlert.Proxy(
                        proxy.path("outboundRequests").asLong(0),
                        proxy.path("inboundRequests").asLong(0),
                        proxy.path("mutualTlsRequests").asLong(0),
                        proxy.path("plaintextRequests").asLong(0)),
                recommendation.isTextual() ? recommendation.asText() : null);
    }

    private static ReceivedAlert.Peer peer(JsonNode root, String field) {
        JsonNode node = root.path(field);
        if (!node.isObject()) {
            throw new MissingField("an alert record without its " + field);
        }
        JsonNode namespace = node.path("namespace");
        return new ReceivedAlert.Peer(
                namespace.isTextual() ? namespace.asText() : null,
                text(node, "workload"),
                node.path("kind").asText("workload"),
                node.path("meshed").asBoolean(false));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new MissingField("an alert record without " + field);
        }
        return value.asText();
    }

    private static Result failed(DeadLetterReason reason, String detail) {
        return new Result(null, reason, detail);
    }

    /** A required field is absent; its message names the field. */
    private static final class MissingField extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MissingField(String message) {
            super(message, null, false, false);
        }
    }
}
