package dev.tandem.jobs.archive;

import dev.tandem.ingest.archive.EdgeWindowAvro;
import dev.tandem.ingest.model.EdgeWindow;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Writes edge windows as Parquet files of the archive schema ({@link EdgeWindowAvro#SCHEMA}, Snappy
 * like {@code EdgeArchiveWriter}). The conversion to Avro happens here, in the writer, so the
 * stream carries {@link EdgeWindow}s with the job's own serializer and no Avro type information is
 * needed in Flink.
 */
public final class EdgeWindowParquetWriter implements BulkWriter.Factory<EdgeWindow> {
    private static final long serialVersionUID = 1L;

    // The schema travels as text: Avro's Schema is not serializable.
    private static final String SCHEMA_TEXT = EdgeWindowAvro.SCHEMA.toString();

    private final ParquetWriterFactory<GenericRecord> parquet =
            new ParquetWriterFactory<>(
                    out ->
                            AvroParquetWriter.<GenericRecord>builder(out)
                                    .withSchema(new Schema.Parser().parse(SCHEMA_TEXT))
                                    .withDataModel(GenericData.get())
                                    .withCompressionCodec(CompressionCodecName.SNAPPY)
                                    .build());

    @Override
    public BulkWriter<EdgeWindow> create(FSDataOutputStream out) throws IOException {
        BulkWriter<GenericRecord> records = parquet.create(out);
        return new BulkWriter<>() {
            @Override
            public void addElement(EdgeWindow window) throws IOException {
                records.addElement(EdgeWindowAvro.toRecord(window));
            }

            @Override
            public void flush() throws IOException {
                records.flush();
            }

            @Override
            public void finish() throws IOException {
                records.finish();
            }
        };
    }
}
