package dev.tandem.ingest.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.HostPort;
import dev.tandem.ingest.model.Labels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON form of Tandem's canonical records, for files ({@code decode}, {@code deadletter.jsonl})
 * and Kafka values: timestamps as RFC 3339 text, labels as a sorted object, addresses as {@code
 * host:port}, absent values left out. Properties keep the records' declaration order, so the output
 * is stable across runs.
 *
 * <p>Reading back ({@link #fromJson}) is for records that cross a process boundary, such as the
 * inventory topic's values. Unknown properties are ignored: a reader built before a record grew a
 * field must still read the newer records.
 */
public final class CanonicalJson {
    private static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .addModule(new JavaTimeModule())
                    .addModule(tandemModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .enable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
                    // Only record components are data; derived helpers like isTcp() are not.
                    .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
                    .serializationInclusion(JsonInclude.Include.NON_NULL)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .build();

    private CanonicalJson() {}

    /** The shared mapper. Thread-safe; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** One record as one line of JSON (no line break). */
    public static String toJsonLine(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Reads one record written by {@link #toJsonLine}.
     *
     * @throws IOException when the bytes are not JSON of that record
     */
    public static <T> T fromJson(byte[] json, Class<T> type) throws IOException {
        return MAPPER.readValue(json, type);
    }

    private static SimpleModule tandemModule() {
        SimpleModule module = new SimpleModule("tandem-canonical");
        module.addSerializer(Labels.class, new LabelsSerializer());
        module.addDeserializer(Labels.class, new LabelsDeserializer());
        module.addSerializer(HostPort.class, new HostPortSerializer());
        module.addSerializer(DeadLetter.class, new DeadLetterSerializer());
        module.addSerializer(EndpointKind.class, new EndpointKindSerializer());
        module.addDeserializer(EndpointKind.class, new EndpointKindDeserializer());
        return module;
    }

    private static final class LabelsSerializer extends StdSerializer<Labels> {
        LabelsSerializer() {
            super(Labels.class);
        }

        @Override
        public void serialize(Labels labels, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            gen.writeStartObject();
            for (Map.Entry<String, String> e : labels.asMap().entrySet()) {
                gen.writeStringField(e.getKey(), e.getValue());
            }
            gen.writeEndObject();
        }
    }

    /** Endpoint kinds are lower case in findings, as DESIGN.md shows them. */
    private static final class EndpointKindSerializer extends StdSerializer<EndpointKind> {
        EndpointKindSerializer() {
            super(EndpointKind.class);
        }

        @Override
        public void serialize(EndpointKind value, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            gen.writeString(value.jsonName());
        }
    }

    private static final class EndpointKindDeserializer extends StdDeserializer<EndpointKind> {
        EndpointKindDeserializer() {
            super(EndpointKind.class);
        }

        @Override
        public EndpointKind deserialize(JsonParser p, DeserializationContext context)
                throws IOException {
            String text = p.getValueAsString();
            for (EndpointKind kind : EndpointKind.values()) {
                if (kind.jsonName().equalsIgnoreCase(text)) {
                    return kind;
                }
            }
            return (EndpointKind)
                    context.handleWeirdStringValue(
                            EndpointKind.class, text, "not an endpoint kind");
        }
    }

    /** Labels are a flat object of strings; anything else is not labels and fails the read. */
    private static final class LabelsDeserializer extends StdDeserializer<Labels> {
        LabelsDeserializer() {
            super(Labels.class);
        }

        @Override
        public Labels deserialize(JsonParser p, DeserializationContext context) throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                return (Labels) context.handleUnexpectedToken(Labels.class, p);
            }
            TreeMap<String, String> entries = new TreeMap<>();
            for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
                if (p.nextToken() != JsonToken.VALUE_STRING) {
                    return (Labels)
                            context.reportInputMismatch(
                                    Labels.class, "label " + key + " must be a string");
                }
                entries.put(key, p.getText());
            }
            return Labels.of(entries);
        }

        @Override
        public Labels getNullValue(DeserializationContext context) {
            return Labels.empty();
        }
    }

    private static final class HostPortSerializer extends StdSerializer<HostPort> {
        HostPortSerializer() {
            super(HostPort.class);
        }

        @Override
        public void serialize(HostPort value, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            gen.writeString(value.toString());
        }
    }

    /**
     * A dead letter keeps its original bytes exactly: as text when they are valid UTF-8 (readable
     * in a file), as base64 otherwise (so that a replay gets the very same bytes back).
     */
    private static final class DeadLetterSerializer extends StdSerializer<DeadLetter> {
        DeadLetterSerializer() {
            super(DeadLetter.class);
        }

        @Override
        public void serialize(DeadLetter letter, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            gen.writeStartObject();
            gen.writeStringField("source", letter.source());
            gen.writeNumberField("position", letter.position());
            gen.writeStringField("reason", letter.reason().name());
            gen.writeStringField("detail", letter.detail());
            byte[] original = letter.original();
            String text = strictUtf8(original);
            if (text != null) {
                gen.writeStringField("original", text);
            } else {
                gen.writeStringField(
                        "originalBase64", Base64.getEncoder().encodeToString(original));
            }
            gen.writeEndObject();
        }

        private static String strictUtf8(byte[] bytes) {
            try {
                return StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
            } catch (CharacterCodingException e) {
                return null;
            }
        }
    }
}
