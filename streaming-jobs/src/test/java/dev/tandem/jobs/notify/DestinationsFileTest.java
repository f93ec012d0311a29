package dev.tandem.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several destinations from one file, each with its own filters. */
class DestinationsFileTest {
    @TempDir Path dir;

    @Test
    void readsEachDestinationWithItsFormatFiltersAndUrl() throws IOException {
        Files.writeString(dir.resolve("slack.url"), "https://hooks.slack.com/services/T/B/x\n");
        Path file =
                Files.writeString(
                        dir.resolve("destinations.json"),
                        "{\"destinations\": ["
                                + "{\"name\": \"ops\", \"format\": \"slack\", \"urlFile\": \"slack.url\", \"minSeverity\": \"high\"},"
                                + "{\"name\": \"payments\", \"format\": \"Teams\", \"urlEnv\": \"PAY\", \"namespaces\": [\"payments\"]}"
                                + "]}");
        List<Destination> destinations =
                DestinationsFile.read(
                        file, Map.of("PAY", "https://example.webhook.office.com/x")::get);
        assertThat(destinations)
                .extracting(Destination::toString)
                .containsExactly(
                        "Destination[ops slack min=high]",
                        "Destination[payments teams min=low namespaces=[payments]]");
        assertThat(destinations.get(1).namespaces()).isEqualTo(Set.of("payments"));
        assertThat(destinations.get(0).webhookUrl().reveal())
                .isEqualTo("https://hooks.slack.com/services/T/B/x");
    }

    @Test
    void mistakesNameTheEntryAndNeverAcceptAnInlineUrl() throws IOException {
        assertThatThrownBy(
                        () ->
                                read(
                                        "{\"destinations\": [{\"name\": \"a\", \"format\": \"slack\", \"url\": \"https://x\"}]}"))
                .hasMessageEndingWith(
                        "entry 1: put the webhook URL in a file (urlFile) or a variable (urlEnv)")
                .message()
                .doesNotContain("https://x");
        assertThatThrownBy(
                        () ->
                                read(
                                        "{\"destinations\": [{\"name\": \"a\", \"format\": \"slack\", \"urlEnv\": \"A\", \"minSeverty\": \"high\"}]}"))
                .hasMessageContaining("entry 1: unknown key 'minSeverty'");
        assertThatThrownBy(
                        () ->
                                read(
                                        "{\"destinations\": [{\"name\": \"a\", \"format\": \"irc\", \"urlEnv\": \"A\"}]}"))
                .hasMessageContaining("entry 1: unknown chat format 'irc'");
        assertThatThrownBy(
                        () ->
                                read(
                                        "{\"destinations\": [{\"name\": \"a\", \"format\": \"slack\"}]}"))
                .hasMessageContaining("entry 1: give exactly one of urlFile and urlEnv");
        assertThatThrownBy(() -> read("{\"destinations\": []}"))
                .hasMessageContaining("at least one entry");
        assertThatThrownBy(() -> read("{\"destinations\": ["))
                .hasMessageContaining("is not valid JSON");
    }

    private List<Destination> read(String json) throws IOException {
        return DestinationsFile.read(
                Files.writeString(dir.resolve("d.json"), json), Map.<String, String>of()::get);
    }
}
