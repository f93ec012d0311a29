package dev.tandem.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoNotifierTest {
    @Test
    void printsTheGenericPayloadsTextWithItsFirstLineMarked() {
        String body =
                "{\"source\":\"tandem\",\"title\":\"t\",\"text\":\"CRITICAL: Sidecar bypass\\n"
                        + "Evidence: kernel 2 flows\\nWhy: curl\"}";

        assertThat(DemoNotifier.consoleLines(body))
                .containsExactly(
                        "webhook <- CRITICAL: Sidecar bypass",
                        "           Evidence: kernel 2 flows",
                        "           Why: curl");
    }

    @Test
    void aBodyThatIsNotJsonIsPrintedAsItIs() {
        assertThat(DemoNotifier.consoleLines("plain words"))
                .containsExactly("webhook <- plain words");
    }
}
