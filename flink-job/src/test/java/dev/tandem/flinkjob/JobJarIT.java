package dev.tandem.flinkjob;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The packaged job jar ({@code target/tandem-flink-job.jar}, built before failsafe runs) holds the
 * job and what the cluster lacks, and none of what every Flink cluster already has: a second copy
 * of Flink's runtime or of the logging would clash with the cluster's own.
 */
class JobJarIT {
    private static final Path JAR = Path.of("target", "tandem-flink-job.jar");

    @Test
    void startsCorrelateJobMainAndCarriesTheConnectorsParquetAndTandem() throws IOException {
        assertThat(JAR).exists();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(CorrelateJobMain.class.getName());
            assertThat(jar.getEntry("dev/tandem/flinkjob/CorrelateJobMain.class")).isNotNull();
            assertThat(jar.getEntry("dev/tandem/jobs/kafka/KafkaCorrelation.class")).isNotNull();
            assertThat(jar.getEntry("dev/tandem/ingest/kafka/Topics.class")).isNotNull();
            assertThat(jar.getEntry("org/apache/flink/connector/kafka/source/KafkaSource.class"))
                    .isNotNull();
            assertThat(
                            jar.getEntry(
                                    "org/apache/flink/formats/parquet/avro/AvroParquetWriters.class"))
                    .isNotNull();
            assertThat(jar.getEntry("org/apache/kafka/clients/producer/KafkaProducer.class"))
                    .isNotNull();
            assertThat(jar.getEntry("org/apache/hadoop/conf/Configuration.class")).isNotNull();
            // Factories are found through META-INF/services: merged, not one overwriting another.
            ZipEntry factories =
                    jar.getEntry("META-INF/services/org.apache.flink.table.factories.Factory");
            assertThat(factories).isNotNull();
            String services;
            try (var in = jar.getInputStream(factories)) {
                services = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertThat(services)
                    .contains("org.apache.flink.formats.parquet.ParquetFileFormatFactory")
                    .contains(
                            "org.apache.flink.streaming.connectors.kafka.table.KafkaDynamicTableFactory");
        }
    }

    @Test
    void leavesOutFlinkItselfLoggingSignaturesAndModuleDescriptors() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> names = jar.stream().map(ZipEntry::getName).toList();
            assertThat(names)
                    .noneMatch(n -> n.startsWith("org/apache/flink/runtime/"))
                    .noneMatch(n -> n.startsWith("org/apache/flink/streaming/api/"))
                    .noneMatch(n -> n.startsWith("org/apache/flink/api/common/"))
                    .noneMatch(n -> n.startsWith("org/apache/flink/connector/file/src/"))
                    .noneMatch(n -> n.startsWith("org/slf4j/"))
                    .noneMatch(n -> n.startsWith("org/apache/logging/log4j/"))
                    .noneMatch(n -> n.matches("META-INF/[^/]+\\.(SF|DSA|RSA)"))
                    .noneMatch(n -> n.endsWith("module-info.class"));
        }
        assertThat(Files.size(JAR)).as("bytes").isLessThan(64L * 1024 * 1024);
    }
}
