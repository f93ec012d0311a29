package dev.tandem.jobs.correlate.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.ingest.model.Labels;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

    @Test
    void labelSetsOfTheSameBytesSplitDifferentlyAreDifferentSets() throws IOException {
        Labels ab = Labels.of(Map.of("ab", "c"));
        Labels a = Labels.of(Map.of("a", "bc"));
        DataOutputSerializer out = new DataOutputSerializer(64);
        writer.writeLabels(ab, out);
        writer.writeLabels(a, out);
        writer.writeLabels(ab, out);

        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());

        assertThat(reader.readLabels(in)).isEqualTo(ab);
        assertThat(reader.readLabels(in)).isEqualTo(a);
        assertThat(reader.readLabels(in)).isEqualTo(ab);
    }

    @Test
    void labelSetsWithNonAsciiEmptyAndNullValuesAtAndBeyondTheCachedSizeReadBackEqual()
            throws IOException {
        TreeMap<String, String> odd = new TreeMap<>();
        odd.put("", "");
        odd.put("tier", "wéb");
        odd.put("名前", "例え");
        odd.put("no-value", null);
        List<Labels> written = new ArrayList<>();
        written.add(Labels.of(odd));
        for (int size : new int[] {15, 16, 17, 300}) {
            TreeMap<String, String> map = new TreeMap<>();
            for (int i = 0; i < size; i++) {
                map.put("key-" + i, i % 2 == 0 ? "value-ü-" + i : "");
            }
            written.add(Labels.of(map));
        }
        DataOutputSerializer out = new DataOutputSerializer(1024);
        for (int round = 0; round < 2; round++) {
            for (Labels labels : written) {
                writer.writeLabels(labels, out);
            }
        }

        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        List<Labels> read = new ArrayList<>();
        for (int i = 0; i < 2 * written.size(); i++) {
            read.add(reader.readLabels(in));
        }

        List<Labels> twice = new ArrayList<>(written);
        twice.addAll(written);
        assertThat(read).isEqualTo(twice);
        assertThat(read.get(0).get("no-value")).isNull();
        assertThat(read.get(0).asMap()).containsKey("no-value");
        assertThat(in.available()).isZero();
    }

    @Test
    void aLabelWithoutAKeyFailsWithAReasonInTheCachedAndTheLargePath() throws IOException {
        for (int size : new int[] {1, 17}) {
            DataOutputSerializer out = new DataOutputSerializer(64);
            Wire.writeVarint(size, out);
            for (int i = 0; i < size; i++) {
                writer.writeString(i == size - 1 ? null : "key-" + i, out);
                writer.writeString("value", out);
            }
            DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());

            assertThatThrownBy(() -> reader.readLabels(in))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("null key");
        }
    }

    @Test
    void labelsCutShortOrTooManyFailInsteadOfReadingOn() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        writer.writeLabels(Labels.of(Map.of("app", "reviews", "version", "v1")), out);
        byte[] bytes = out.getCopyOfBuffer();
        DataInputDeserializer cut =
                new DataInputDeserializer(Arrays.copyOf(bytes, bytes.length - 2));
        DataOutputSerializer tooMany = new DataOutputSerializer(8);
        Wire.writeVarint(Wire.MAX_LIST + 1, tooMany);
        DataInputDeserializer many = new DataInputDeserializer(tooMany.getCopyOfBuffer());

        assertThatThrownBy(() -> reader.readLabels(cut)).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> reader.readLabels(many))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("corrupt length");
    }

    @Test
    void aSetWrittenAgainAsTheSameOrAnEqualInstanceIsTheSameBytesAsAFreshWriter()
            throws IOException {
        Labels reviews = Labels.of(Map.of("app", "reviews", "version", "v1"));
        Labels equal = Labels.of(Map.of("version", "v1", "app", "reviews"));
        DataOutputSerializer fresh = new DataOutputSerializer(64);
        new Wire().writeLabels(reviews, fresh);
        byte[] expected = fresh.getCopyOfBuffer();

        // Thousands of other sets in between: some share the set's pair of slots and push it out.
        for (int round = 0; round < 3; round++) {
            for (Labels labels : List.of(reviews, equal)) {
                DataOutputSerializer out = new DataOutputSerializer(64);
                writer.writeLabels(labels, out);
                assertThat(out.getCopyOfBuffer()).isEqualTo(expected);
            }
            DataOutputSerializer others = new DataOutputSerializer(1 << 16);
            for (int i = 0; i < 20_000; i++) {
                writer.writeLabels(Labels.of(Map.of("app", "app-" + i)), others);
            }
        }
    }
}
