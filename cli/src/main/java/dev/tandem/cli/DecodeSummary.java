package dev.tandem.cli;

import dev.tandem.ingest.decode.DeadLetterReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/** Counts what {@code tandem decode} read, for its one-paragraph summary. */
final class DecodeSummary {
    private long lines;
    private long blankLines;
    private final Map<String, Long> records = new TreeMap<>();
    private final Map<DeadLetterReason, Long> deadLetters = new EnumMap<>(DeadLetterReason.class);

    void lineRead() {
        lines++;
    }

    void blankLines(long count) {
        blankLines += count;
    }

    void record(String type) {
        records.merge(type, 1L, Long::sum);
    }

    void deadLetter(DeadLetterReason reason) {
        deadLetters.merge(reason, 1L, Long::sum);
    }

    long deadLetterCount() {
        return deadLetters.values().stream().mapToLong(Long::longValue).sum();
    }

    String describe(int files) {
        StringBuilder s = new StringBuilder();
        s.append("read ").append(files).append(files == 1 ? " file" : " files");
        if (lines > 0) {
            s.append(", ").append(lines).append(lines == 1 ? " line" : " lines");
        }
        s.append(": ");
        records.forEach(
                (type, count) -> s.append(count).append(' ').append(type).append(" records, "));
        s.append(deadLetterCount()).append(" dead letters");
        if (!deadLetters.isEmpty()) {
            s.append(" (");
            String sep = "";
            for (Map.Entry<DeadLetterReason, Long> e : deadLetters.entrySet()) {
                s.append(sep).append(e.getKey()).append(' ').append(e.getValue());
                sep = ", ";
            }
            s.append(')');
        }
        if (blankLines > 0) {
            s.append(", ").append(blankLines).append(" blank lines skipped");
        }
        return s.toString();
    }
}
