package dev.tandem.kafka.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/**
 * Formats a KRaft log directory once, the way {@code kafka-storage.sh format} does, but in this
 * JVM: {@link StorageTool#execute} returns an exit code instead of calling {@code System.exit}.
 */
final class StorageFormatter {
    private StorageFormatter() {}

    /** Formats {@code logDirectory} with a fresh cluster id unless it already holds a cluster. */
    static void formatIfNeeded(Path logDirectory, Path configFile, Properties properties) {
        if (Files.exists(logDirectory.resolve("meta.properties"))) {
            return;
        }
        writeConfig(configFile, properties);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            code =
                    StorageTool.execute(
                            new String[] {
                                "format",
                                "--cluster-id",
                                Uuid.randomUuid().toString(),
                                "--config",
                                configFile.toString()
                            },
                            out);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "could not format Kafka storage in " + logDirectory + ": " + e.getMessage(), e);
        }
        if (code != 0) {
            throw new IllegalStateException(
                    "could not format Kafka storage in "
                            + logDirectory
                            + " (kafka-storage exit code "
                            + code
                            + "): "
                            + output.toString(StandardCharsets.UTF_8).strip());
        }
    }

    private static void writeConfig(Path configFile, Properties properties) {
        try (OutputStream out = Files.newOutputStream(configFile)) {
            properties.store(out, "written by EmbeddedKafkaBroker for kafka-storage format");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + configFile, e);
        }
    }
}
