package dev.tandem.ingest.envoy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.model.HostPort;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fast address reader agrees with HostPort.parse, or leaves the value to it. */
class AddressesTest {

    private static HostPort fromChars(String text) {
        char[] chars = ("<" + text + ">").toCharArray();
        return Addresses.simple(chars, 1, chars.length - 1);
    }

    private static HostPort fromBytes(String text) {
        byte[] bytes = ("<" + text + ">").getBytes(StandardCharsets.UTF_8);
        return Addresses.simple(bytes, 1, bytes.length - 1);
    }

    @Test
    void theSimpleFormReadsAsHostPortParseReadsIt() {
        for (String text :
                List.of(
                        "10.124.0.13:43612",
                        "127.0.0.6:0",
                        "reviews:9080",
                        "-:80",
                        "a]:1",
                        "10.0.0.1:08080",
                        "höst:8080")) {
            HostPort expected = HostPort.parse(text);

            assertThat(fromChars(text)).as(text).isEqualTo(expected);
            assertThat(fromBytes(text)).as(text).isEqualTo(expected);
        }
    }

    @Test
    void everyOtherFormIsLeftToHostPortParse() {
        for (String text :
                List.of(
                        "[2a02:cf40::4e36]:5000",
                        "2a02:cf40::4e36",
                        "10.0.0.1",
                        ":80",
                        "10.0.0.1:",
                        "10.0.0.1:65536",
                        "10.0.0.1:123456",
                        "10.0.0.1:http",
                        "10.0.0.1:-1",
                        "-",
                        "")) {
            assertThat(fromChars(text)).as(text).isNull();
            assertThat(fromBytes(text)).as(text).isNull();
        }
    }
}
