package dev.tandem.ingest.calico;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.decode.DecoderLimits;
import dev.tandem.ingest.model.DestinationService;
import dev.tandem.ingest.model.FlowAction;
import dev.tandem.ingest.model.KernelFlow;
import dev.tandem.ingest.model.TcpStats;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a broken or hostile flow log line does to the decoder: it never throws, and says what was
 * wrong in a dead letter that keeps the original bytes.
 */
class CalicoFlowLogDecoderHostileInputTest {
    /** The smallest line that decodes: an action and one named endpoint. */
    private static final String MINIMAL =
            "{\"source_name_aggr\":\"frontend-*\",\"dest_name_aggr\":\"backend-*\",\"action\":\"allow\"";

    private final CalicoFlowLogDecoder decoder = new CalicoFlowLogDecoder();

    @Test
    void minimalLineDecodes() {
        KernelFlow flow = ok(MINIMAL + "}");

        assertThat(flow.action()).isEqualTo(FlowAction.ALLOW);
        assertThat(flow.reporters()).isEmpty();
        assertThat(flow.protocol()).isNull();
        assertThat(flow.destinationPort()).isNull();
        assertThat(flow.tcpStats()).isNull();
    }

    @Test
    void truncatedLineIsMalformedJson() {
        String line = MINIMAL + ",\"bytes_in\":12";
        DeadLetter letter = failed(line, DeadLetterReason.MALFORMED_JSON);
        assertThat(letter.detail()).containsIgnoringCase("end-of-input");
    }

    @Test
    void trailingGarbageAfterTheObjectIsMalformedJson() {
        failed(MINIMAL + "} trailing", DeadLetterReason.MALFORMED_JSON);
        DeadLetter twoObjects =
                failed(MINIMAL + "}" + MINIMAL + "}", DeadLetterReason.MALFORMED_JSON);
        assertThat(twoObjects.detail()).contains("more than one JSON value");
    }

    @Test
    void blankAndWhitespaceOnlyLinesAreEmpty() {
        failed("", DeadLetterReason.EMPTY);
        failed(" \t\r\n", DeadLetterReason.EMPTY);
    }

    @ParameterizedTest(name = "top level {0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "[1,2]; an array",
                "\"a flow\"; a string",
                "42; a number",
                "null; null",
            })
    void aTopLevelValueThatIsNotAnObjectIsNamed(String line, String found) {
        DeadLetter letter = failed(line, DeadLetterReason.INVALID_FIELD);
        assertThat(letter.detail()).contains("expected a JSON object").contains(found);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = ';',
            value = {
                "bytes_in; \"abc\"",
                "bytes_in; -1",
                "bytes_in; 1.5",
                "bytes_in; 123456789012345678901234567890",
                "packets_out; true",
                "num_flows; {}",
                "source_labels; 7",
                "source_labels; \"app=x\"",
                "dest_labels; [1,2]",
                "dest_labels; {\"app\":{\"nested\":1}}",
                "dest_port; 70000",
                "dest_port; \"eighty\"",
                "source_port; -3",
                "proto; true",
                "proto; 300",
                "action; 1",
                "action; \"permit\"",
                "reporter; \"sideways\"",
                "reporter; \"dst,\"",
                "dest_type; \"pod\"",
                "source_name; 12",
                "policies; \"0|default|x|allow|0\"",
                "original_source_ips; {}",
                "original_source_ips; [1]",
                "dest_domains; 5",
                "tcp_mean_smooth_rtt; \"slow\"",
                "start_time; \"yesterday\"",
                "end_time; \"2020-13-01T00:00:00Z\"",
                "end_time; [1597087167]",
                "@timestamp; \"soon\"",
                "dest_service_port_num; \"http\"",
            })
    void aFieldOfTheWrongTypeOrAnImpossibleValueIsInvalidAndNamed(String field, String value) {
        DeadLetter letter =
                failed(
                        MINIMAL + ",\"" + field + "\":" + value + "}",
                        DeadLetterReason.INVALID_FIELD);
        assertThat(letter.detail()).contains("'" + field);
    }

    @Test
    void missingActionIsAMissingField() {
        DeadLetter letter =
                failed(
                        "{\"source_name_aggr\":\"a-*\",\"dest_name_aggr\":\"b-*\",\"bytes_in\":1}",
                        DeadLetterReason.MISSING_FIELD);
        assertThat(letter.detail()).contains("'action'");
    }

    @Test
    void nullOrDashActionIsMissingToo() {
        failed("{\"source_name_aggr\":\"a-*\",\"action\":null}", DeadLetterReason.MISSING_FIELD);
        failed("{\"source_name_aggr\":\"a-*\",\"action\":\"-\"}", DeadLetterReason.MISSING_FIELD);
    }

    @Test
    void aFlowWhoseEndpointsAreBothUnidentifiableIsAMissingField() {
        DeadLetter letter =
                failed(
                        "{\"action\":\"deny\",\"source_name\":\"-\",\"source_ip\":null,"
                                + "\"dest_namespace\":\"shop\",\"dest_labels\":{\"labels\":[\"app=x\"]}}",
                        DeadLetterReason.MISSING_FIELD);
        assertThat(letter.detail()).contains("neither endpoint");
    }

    @Test
    void oneIdentifiableEndpointIsEnough() {
        KernelFlow flow = ok("{\"action\":\"deny\",\"dest_ip\":\"10.0.0.9\"}");
        assertThat(flow.destination().ip()).isEqualTo("10.0.0.9");
        assertThat(flow.source().nameAggregate()).isNull();
    }

    @Test
    void aTenMegabyteLineIsTooLargeAndNeverParsed() {
        byte[] huge = new byte[10 * 1024 * 1024];
        Arrays.fill(huge, (byte) ' ');
        huge[0] = '{';

        Decoded<KernelFlow> result = decoder.decode(huge, 3);

        DeadLetter letter = result.deadLetter();
        assertThat(letter.reason()).isEqualTo(DeadLetterReason.TOO_LARGE);
        assertThat(letter.detail()).contains("10485760 bytes");
        assertThat(letter.original()).hasSize(huge.length);
    }

    @Test
    void aLineJustUnderTheCapIsParsed() {
        StringBuilder line = new StringBuilder(MINIMAL).append(",\"padding\":\"");
        while (line.length() < DecoderLimits.MAX_RECORD_BYTES) {
            line.append("xxxxxxxxxx");
        }
        line.setLength(DecoderLimits.MAX_RECORD_BYTES - 2);
        line.append("\"}");

        byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(bytes).hasSize(DecoderLimits.MAX_RECORD_BYTES);

        Decoded<KernelFlow> result = decoder.decode(bytes, 1);

        assertThat(result.isOk()).as("%s", result).isTrue();
    }

    @Test
    void invalidUtf8InAFieldIsABadEncoding() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((MINIMAL + ",\"dest_name\":\"nginx-").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28}); // a lead byte without continuation
        out.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
        byte[] bytes = out.toByteArray();

        DeadLetter letter = decoder.decode(bytes, 1).deadLetter();

        assertThat(letter.reason()).isEqualTo(DeadLetterReason.BAD_ENCODING);
        assertThat(letter.original()).isEqualTo(bytes);
    }

    @Test
    void deeplyNestedJsonHitsTheDepthLimit() {
        String nested = "[".repeat(1000) + "]".repeat(1000);
        DeadLetter inUnknownField =
                failed(
                        MINIMAL + ",\"future_field\":" + nested + "}",
                        DeadLetterReason.MALFORMED_JSON);
        assertThat(inUnknownField.detail()).contains("limit");

        failed("{\"a\":".repeat(500) + "1" + "}".repeat(500), DeadLetterReason.MALFORMED_JSON);
    }

    @Test
    void labelValuesWithQuotesNewlinesAndYamlSpecialsArriveExactly() {
        KernelFlow flow =
                ok(
                        MINIMAL
                                + ",\"source_labels\":{\"labels\":["
                                + "\"note=say \\\"hi\\\"\\nthen: - [x] & *ref #c\","
                                + "\"yaml=key: value\","
                                + "\"empty=\","
                                + "\"bare\","
                                + "\"eq=a=b\","
                                + "\"unicode=\u00e9\u4e2d\ud83d\ude00\"]}}");

        assertThat(flow.source().labels().asMap())
                .containsExactly(
                        Map.entry("bare", ""),
                        Map.entry("empty", ""),
                        Map.entry("eq", "a=b"),
                        Map.entry("note", "say \"hi\"\nthen: - [x] & *ref #c"),
                        Map.entry("unicode", "\u00e9\u4e2d\ud83d\ude00"),
                        Map.entry("yaml", "key: value"));
    }

    @Test
    void labelsAlsoArriveAsAPlainMapOrAPlainArray() {
        KernelFlow flow =
                ok(
                        MINIMAL
                                + ",\"source_labels\":{\"app\":\"web\",\"labels\":\"a-label-called-labels\"}"
                                + ",\"dest_labels\":[\"app=db\",null,\"tier=data\"]}");

        assertThat(flow.source().labels().asMap())
                .containsExactly(
                        Map.entry("app", "web"), Map.entry("labels", "a-label-called-labels"));
        assertThat(flow.destination().labels().asMap())
                .containsExactly(Map.entry("app", "db"), Map.entry("tier", "data"));
    }

    @Test
    void moreLabelsThanTheBoundIsInvalid() {
        StringBuilder labels = new StringBuilder("[");
        for (int i = 0; i <= DecoderLimits.MAX_LABELS; i++) {
            labels.append(i == 0 ? "" : ",").append("\"k").append(i).append("=v\"");
        }
        labels.append(']');

        DeadLetter letter =
                failed(
                        MINIMAL + ",\"dest_labels\":" + labels + "}",
                        DeadLetterReason.INVALID_FIELD);
        assertThat(letter.detail()).contains("dest_labels").contains("256");
    }

    @ParameterizedTest(name = "start_time {0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "1597086849; 2020-08-10T19:14:09Z",
                "1597086849000; 2020-08-10T19:14:09Z",
                "\"1597086849\"; 2020-08-10T19:14:09Z",
                "\"1597086849000\"; 2020-08-10T19:14:09Z",
                "1597086849.25; 2020-08-10T19:14:09.250Z",
                "\"1597086849.5\"; 2020-08-10T19:14:09.500Z",
                "\"2020-08-10T19:14:09Z\"; 2020-08-10T19:14:09Z",
                "\"2020-08-10T21:14:09.123+02:00\"; 2020-08-10T19:14:09.123Z",
                "\"2020-08-10 19:14:09.000000001Z\"; 2020-08-10T19:14:09.000000001Z",
            })
    void everyTimestampFormIsRead(String json, String expected) {
        KernelFlow flow = ok(MINIMAL + ",\"start_time\":" + json + "}");
        assertThat(flow.start()).isEqualTo(Instant.parse(expected));
    }

    @Test
    void absentTimestampsAreNull() {
        KernelFlow flow = ok(MINIMAL + ",\"start_time\":null,\"end_time\":\"-\"}");
        assertThat(flow.start()).isNull();
        assertThat(flow.end()).isNull();
    }

    @Test
    void elasticsearchTimestampStandsInForAMissingEndTime() {
        KernelFlow withoutEnd = ok(MINIMAL + ",\"@timestamp\":1597087167000}");
        assertThat(withoutEnd.end()).isEqualTo(Instant.ofEpochSecond(1597087167));

        KernelFlow withEnd = ok(MINIMAL + ",\"@timestamp\":1597087167000,\"end_time\":1597087000}");
        assertThat(withEnd.end()).isEqualTo(Instant.ofEpochSecond(1597087000));
    }

    @ParameterizedTest(name = "proto {0} is {1}")
    @CsvSource(
            delimiter = ';',
            value = {
                "\"tcp\"; tcp",
                "\"TCP\"; tcp",
                "6; tcp",
                "17; udp",
                "\"17\"; udp",
                "1; icmp",
                "58; icmp6",
                "132; sctp",
                "99; 99",
                "\"GRE\"; gre",
            })
    void protocolsAreSpelledOneWay(String json, String expected) {
        assertThat(ok(MINIMAL + ",\"proto\":" + json + "}").protocol()).isEqualTo(expected);
    }

    @Test
    void duplicateFieldsLastOneWins() {
        KernelFlow flow = ok(MINIMAL + ",\"bytes_in\":1,\"bytes_in\":2,\"action\":\"deny\"}");
        assertThat(flow.counters().bytesIn()).isEqualTo(2);
        assertThat(flow.action()).isEqualTo(FlowAction.DENY);
    }

    @Test
    void unknownFieldsOfAnyShapeAreSkipped() {
        KernelFlow flow =
                ok(
                        MINIMAL
                                + ",\"nat_outgoing_ports\":[1,2],\"process_args\":[\"-\"],"
                                + "\"future\":{\"deep\":{\"deeper\":[{\"x\":null}]}},\"bytes_out\":7}");
        assertThat(flow.counters().bytesOut()).isEqualTo(7);
    }

    @Test
    void processDomainsAndOriginalSourcesAreLists() {
        KernelFlow flow =
                ok(
                        MINIMAL
                                + ",\"process_name\":\"/usr/bin/curl\",\"process_names\":[\"/usr/bin/curl\","
                                + "\"/bin/wget\",\"-\"],\"num_process_names\":2,"
                                + "\"dest_domains\":\"api.example.com\","
                                + "\"original_source_ips\":[\"203.0.113.7\",\"198.51.100.1\"]}");

        assertThat(flow.processNames()).containsExactly("/usr/bin/curl", "/bin/wget");
        assertThat(flow.destinationDomains()).containsExactly("api.example.com");
        assertThat(flow.originalSourceIps()).containsExactly("203.0.113.7", "198.51.100.1");

        KernelFlow listOfDomains = ok(MINIMAL + ",\"dest_domains\":[\"a.example\",\"b.example\"]}");
        assertThat(listOfDomains.destinationDomains()).containsExactly("a.example", "b.example");
    }

    @Test
    void aggregatedProcessNameIsKeptAsTheStarCalicoWrites() {
        assertThat(ok(MINIMAL + ",\"process_name\":\"*\",\"num_process_names\":3}").processNames())
                .containsExactly("*");
    }

    @Test
    void destinationServiceIsBuiltFromItsParts() {
        KernelFlow flow =
                ok(
                        MINIMAL
                                + ",\"dest_service_namespace\":\"shop\",\"dest_service_name\":\"backend\","
                                + "\"dest_service_port\":\"http\",\"dest_service_port_num\":8080}");
        assertThat(flow.destinationService())
                .isEqualTo(new DestinationService("shop", "backend", "http", 8080));

        KernelFlow numericPort =
                ok(MINIMAL + ",\"dest_service_name\":\"backend\",\"dest_service_port\":9090}");
        assertThat(numericPort.destinationService())
                .isEqualTo(new DestinationService(null, "backend", null, 9090));
    }

    @Test
    void someTcpFieldsGiveTcpStatsWithTheRestZero() {
        KernelFlow flow =
                ok(MINIMAL + ",\"tcp_mean_smooth_rtt\":1200,\"tcp_total_retransmissions\":3}");
        assertThat(flow.tcpStats()).isEqualTo(new TcpStats(0, 0, 1200, 0, 0, 0, 0, 0, 3, 0, 0));

        assertThat(ok(MINIMAL + ",\"tcp_mean_smooth_rtt\":null}").tcpStats()).isNull();
    }

    @Test
    void decodesASliceOfALargerBufferAndKeepsOnlyTheSliceAsOriginal() {
        byte[] good = (MINIMAL + ",\"bytes_in\":5}").getBytes(StandardCharsets.UTF_8);
        byte[] bad = (MINIMAL + ",\"bytes_in\":\"x\"}").getBytes(StandardCharsets.UTF_8);
        byte[] buffer = new byte[good.length + bad.length + 8];
        Arrays.fill(buffer, (byte) '#');
        System.arraycopy(good, 0, buffer, 3, good.length);
        System.arraycopy(bad, 0, buffer, 5 + good.length, bad.length);

        assertThat(decoder.decode(buffer, 3, good.length, 1).value().counters().bytesIn())
                .isEqualTo(5);
        DeadLetter letter = decoder.decode(buffer, 5 + good.length, bad.length, 2).deadLetter();
        assertThat(letter.original()).isEqualTo(bad);
        assertThat(letter.position()).isEqualTo(2);
    }

    private KernelFlow ok(String line) {
        Decoded<KernelFlow> result = decoder.decode(line.getBytes(StandardCharsets.UTF_8), 1);
        assertThat(result.isOk()).as("decoded %s", result).isTrue();
        return result.value();
    }

    private DeadLetter failed(String line, DeadLetterReason reason) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        Decoded<KernelFlow> result = decoder.decode(bytes, 7);
        assertThat(result.isOk()).as("expected a dead letter for %s", line).isFalse();
        DeadLetter letter = result.deadLetter();
        assertThat(letter.reason()).as(letter.detail()).isEqualTo(reason);
        assertThat(letter.detail()).isNotBlank().doesNotContain("\n");
        assertThat(letter.original()).isEqualTo(bytes);
        assertThat(letter.source()).isEqualTo("calico");
        assertThat(letter.position()).isEqualTo(7);
        return letter;
    }
}
