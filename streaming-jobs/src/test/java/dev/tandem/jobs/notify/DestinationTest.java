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

/** Webhook URLs come from files or the environment and never show. */
class DestinationTest {
    private static final String URL = "https://hooks.slack.com/services/T000/B000/XXXXsecretXXXX";

    @TempDir Path dir;

    @Test
    void theUrlComesFromAFileAndNeverShows() throws IOException {
        Path file = Files.writeString(dir.resolve("slack.url"), "\n  " + URL + "  \n");
        Destination destination = Destination.fromFile("ops", ChatFormat.SLACK, file);
        assertThat(destination.webhookUrl().reveal()).isEqualTo(URL);
        assertThat(destination.toString())
                .isEqualTo("Destination[ops slack min=low]")
                .doesNotContain("secret");
        assertThat(destination.webhookUrl().toString()).isEqualTo("<secret>");
        assertThat(destination.webhookUrl().redact("failed: " + URL)).isEqualTo("failed: <secret>");
        assertThat(
                        destination
                                .webhookUrl()
                                .redact("no route for /services/T000/B000/XXXXsecretXXXX"))
                .isEqualTo("no route for <secret>");
    }

    @Test
    void theUrlComesFromAnEnvironmentVariable() {
        Destination destination =
                Destination.fromEnv("ops", ChatFormat.TEAMS, "HOOK", Map.of("HOOK", URL)::get);
        assertThat(destination.webhookUrl().reveal()).isEqualTo(URL);
        assertThatThrownBy(
                        () ->
                                Destination.fromEnv(
                                        "ops",
                                        ChatFormat.TEAMS,
                                        "NOPE",
                                        Map.<String, String>of()::get))
                .isInstanceOf(NotifyConfigException.class)
                .hasMessage("environment variable NOPE (the webhook URL) is not set");
    }

    @Test
    void aBadUrlFileIsOneLineThatNeverQuotesItsContent() throws IOException {
        Path notUrl = Files.writeString(dir.resolve("bad.url"), "ftp://example.com/secret-path");
        assertThatThrownBy(() -> Destination.fromFile("ops", ChatFormat.SLACK, notUrl))
                .isInstanceOf(NotifyConfigException.class)
                .hasMessage(
                        "the webhook URL in file "
                                + notUrl
                                + " must be an absolute http:// or https:// URL")
                .message()
                .doesNotContain("secret-path");
        Path missing = dir.resolve("missing.url");
        assertThatThrownBy(() -> Destination.fromFile("ops", ChatFormat.SLACK, missing))
                .hasMessage("webhook URL file " + missing + " does not exist or is not a file");
    }

    @Test
    void severityAndNamespacesFilterWhatADestinationWants() {
        Destination payments =
                Destination.of("payments", ChatFormat.GENERIC, java.net.URI.create(URL))
                        .withMinSeverity(Severity.HIGH)
                        .withNamespaces(Set.of("payments"));
        assertThat(payments.wants(Severity.CRITICAL, "shop", "payments")).isTrue();
        assertThat(payments.wants(Severity.CRITICAL, "shop", null)).isFalse();
        assertThat(payments.wants(Severity.MEDIUM, "payments", "payments")).isFalse();
        assertThat(payments.toString())
                .isEqualTo("Destination[payments generic min=high namespaces=[payments]]");
    }

    @Test
    void formatsAndSeveritiesParseInAnyCase() {
        assertThat(ChatFormat.parse("Teams")).isEqualTo(ChatFormat.TEAMS);
        assertThat(Severity.parse("HIGH")).isEqualTo(Severity.HIGH);
        assertThatThrownBy(() -> ChatFormat.parse("irc"))
                .hasMessage(
                        "unknown chat format 'irc' (expected slack, teams, mattermost or generic)");
    }

    /** What notify's banner and log say: the name and what it gets, never the URL. */
    @Test
    void describesItselfForAPersonWithoutTheUrl() {
        Destination chat =
                Destination.of("chat", ChatFormat.SLACK, java.net.URI.create(URL + "?secret=1"));
        Destination payments =
                Destination.of("payments", ChatFormat.TEAMS, java.net.URI.create(URL))
                        .withMinSeverity(Severity.HIGH)
                        .withNamespaces(Set.of("payments", "billing"));

        assertThat(Destination.describe(List.of(chat, payments)))
                .isEqualTo(
                        "chat (slack); payments (teams, high and up, namespaces billing, payments)")
                .doesNotContain("secret");
    }
}
