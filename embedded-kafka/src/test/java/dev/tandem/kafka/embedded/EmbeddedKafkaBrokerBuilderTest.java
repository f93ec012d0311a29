package dev.tandem.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder refuses settings that would break loopback-only or restart-in-place, up front. */
class EmbeddedKafkaBrokerBuilderTest {

    @Test
    void rejectsOverridingTheListeners() {
        assertThatThrownBy(
                        () ->
                                EmbeddedKafkaBroker.builder()
                                        .brokerProperty("listeners", "PLAINTEXT://0.0.0.0:9092"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'listeners'")
                .hasMessageContaining("cannot be overridden");
    }

    @Test
    void acceptsOrdinaryBrokerProperties() {
        assertThatCode(
                        () ->
                                EmbeddedKafkaBroker.builder()
                                        .brokerProperty("log.retention.ms", "60000")
                                        .build())
                .doesNotThrowAnyException();
    }

    @Test
    void rejectsPortsOutOfRange() {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().brokerPort(70_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("70000");
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().controllerPort(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsTheSamePortForBrokerAndController() {
        assertThatThrownBy(
                        () ->
                                EmbeddedKafkaBroker.builder()
                                        .brokerPort(19_092)
                                        .controllerPort(19_092)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must differ");
    }

    @Test
    void rejectsANonPositiveStartupTimeout() {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().startupTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hasNoAddressBeforeTheFirstStart() {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().build().bootstrapServers())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("start()");
    }
}
