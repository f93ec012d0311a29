package dev.tandem.jobs.analyze;

import dev.tandem.ingest.io.BoundedLineReader;
import dev.tandem.ingest.io.IoProblems;
import dev.tandem.jobs.correlate.RawLine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads log files into raw lines, with the same line cap as {@code tandem decode}. */
final class InputLines {
    private InputLines() {}

    static List<RawLine> read(List<Path> files) throws AnalyzeException {
        List<RawLine> lines = new ArrayList<>();
        for (Path file : files) {
            read(file, lines);
        }
        return lines;
    }

    private static void read(Path file, List<RawLine> lines) throws AnalyzeException {
        try (InputStream in = Files.newInputStream(file)) {
            BoundedLineReader reader = new BoundedLineReader(in);
            for (BoundedLineReader.Line line = reader.next(); line != null; line = reader.next()) {
                lines.add(
                        new RawLine(
                                file.toString(), line.number(), line.copy(), line.fullLength()));
            }
        } catch (IOException e) {
            throw new AnalyzeException("cannot read " + file + ": " + IoProblems.cause(e), e);
        }
    }
}
