package dev.tandem.ingest.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {

    @Test
    void readsIpv4AndBracketedIpv6() {
        assertThat(HostPort.parse("10.124.1.5:9080")).isEqualTo(new HostPort("10.124.1.5", 9080));
        assertThat(HostPort.parse("[2a02:cf40::4e36]:5000"))
                .isEqualTo(new HostPort("2a02:cf40::4e36", 5000));
        assertThat(HostPort.parse("[::1]")).isEqualTo(new HostPort("::1", -1));
        assertThat(HostPort.parse("fe80::1")).isEqualTo(new HostPort("fe80::1", -1));
        assertThat(HostPort.parse("10.0.0.1")).isEqualTo(new HostPort("10.0.0.1", -1));
    }

    @Test
    void absentValuesAreNull() {
        assertThat(HostPort.parse(null)).isNull();
        assertThat(HostPort.parse("")).isNull();
        assertThat(HostPort.parse("-")).isNull();
    }

    @Test
    void printsBackTheWayEnvoyWritesIt() {
        assertThat(HostPort.parse("[2a02:cf40::4e36]:5000").toString())
                .isEqualTo("[2a02:cf40::4e36]:5000");
        assertThat(HostPort.parse("10.0.0.1:80").toString()).isEqualTo("10.0.0.1:80");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "10.0.0.1:",
                "10.0.0.1:http",
                "10.0.0.1:99999",
                "[::1",
                "[::1]80",
                "1.2.3.4:123456"
            })
    void rejectsBrokenAddresses(String text) {
        assertThatThrownBy(() -> HostPort.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text);
    }
}
