package dev.tandem.ingest.testing;

import dev.tandem.kafka.embedded.EmbeddedKafkaBroker;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real embedded KRaft broker (loopback only) for the tests of one class, started before the
 * class's {@code @BeforeAll} methods run and closed after its {@code @AfterAll} methods:
 *
 * <pre>
 * &#64;RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();
 * </pre>
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, String> brokerProperties;
    private EmbeddedKafkaBroker broker;

    /** A broker with the embedded defaults. */
    public KafkaBrokerExtension() {
        this(Map.of());
    }

    /** A broker with these server properties on top of the defaults. */
    public KafkaBrokerExtension(Map<String, String> brokerProperties) {
        this.brokerProperties = Map.copyOf(brokerProperties);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = EmbeddedKafkaBroker.builder().brokerProperties(brokerProperties).build().start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** The running broker, for the tests that stop or restart it. */
    public EmbeddedKafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException(
                    "the broker runs only while its test class does: register the extension on a"
                            + " static field with @RegisterExtension");
        }
        return broker;
    }
}
