package dev.tandem.jobs.correlate.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.model.Labels;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Strings and labels read back equal, label sets whether they come from the cache or not. */
class WireTest {
    private final Wire writer = new Wire();
    private final Wire reader = new Wire();

    @Test
    void asciiUnicodeEmptyNullAndLongStringsReadBackEqual() throws IOException {
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            written.add(i % 7 == 0 ? null : "workload-" + i);
        }
        written.add("päth/ü/" + "x".repeat(1000));
        written.add("");
        DataOutputSerializer out = new DataOutputSerializer(1024);
        for (String value : written) {
            writer.writeString(value, out);
        }

        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        List<String> read = new ArrayList<>();
        for (int i = 0; i < written.size(); i++) {
            read.add(reader.readString(in));
        }

        assertThat(read).isEqualTo(written);
        assertThat(in.available()).isZero();
    }

    @Test
    void labelSetsReadBackEqualAndARepeatedSetIsOneInstance() throws IOException {
        List<Labels> written = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            written.add(Labels.of(Map.of("app", "app-" + i, "pod-template-hash", "h" + i % 13)));
        }
        written.add(Labels.empty());
        written.add(Labels.of(Map.of("app", "")));
        DataOutputSerializer out = new DataOutputSerializer(1024);
        for (Labels labels : written) {
            writer.writeLabels(labels, out);
        }
        Labels reviews = Labels.of(Map.of("app", "reviews", "version", "v1"));
        writer.writeLabels(reviews, out);
        writer.writeLabels(reviews, out);

        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        List<Labels> read = new ArrayList<>();
        for (int i = 0; i < written.size(); i++) {
            read.add(reader.readLabels(in));
        }

        Labels first = reader.readLabels(in);
        Labels second = reader.readLabels(in);

        assertThat(read).isEqualTo(written);
        assertThat(first).isEqualTo(reviews).isSameAs(second);
    }
}
