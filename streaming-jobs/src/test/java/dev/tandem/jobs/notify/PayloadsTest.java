package dev.tandem.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each format's payload, field by field, and the escaping of names from the cluster. */
class PayloadsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final ChatMessage EGRESS =
            AlertMessages.group(
                    List.of(TestAlerts.received(TestAlerts.egressBypass(TestAlerts.T0))));
    private static final ChatMessage HOSTILE =
            AlertMessages.group(
                    List.of(TestAlerts.received(TestAlerts.hostileNames(TestAlerts.T0))));

    @Test
    void theMessageSaysWhatHappenedTheEvidenceAndWhatToDo() {
        assertThat(EGRESS.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(EGRESS.title())
                .isEqualTo(
                        "Sidecar bypass (egress): shop/currencyservice sent traffic to 203.0.113.50"
                                + " (external) on tcp/443; the kernel saw it leave, the source's"
                                + " sidecar never sent it");
        assertThat(EGRESS.lines())
                .containsExactly(
                        "Evidence: kernel 12 flows (12 reported by the source, 0 by the"
                                + " destination), 30 connections, 4096 bytes, 12 allowed, 0 denied;"
                                + " proxy 0 outbound, 0 inbound (0 mTLS, 0 plaintext); window"
                                + " 2026-11-20 10:00-10:05 UTC; confidence 0.90",
                        "Processes: curl",
                        "Why: the kernel saw 12 flows leave currencyservice; its sidecar sent none",
                        "To do: limit egress from shop/currencyservice to its observed destinations"
                                + " in a Calico NetworkPolicy, so only traffic through the sidecar"
                                + " leaves ('tandem recommend' writes it); find what in the pod"
                                + " opened the connection");
        assertThat(EGRESS.alertIds()).hasSize(1);
    }

    @Test
    void slackIsBlockKitPlainTextWithAFallback() throws IOException {
        JsonNode slack = render(ChatFormat.SLACK, EGRESS);
        assertThat(slack.path("mrkdwn").asBoolean(true)).isFalse();
        assertThat(slack.path("text").asText())
                .startsWith("CRITICAL: Sidecar bypass (egress): shop/currencyservice")
                .contains("\nEvidence: kernel 12 flows");
        JsonNode blocks = slack.path("blocks");
        assertThat(blocks).hasSize(3);
        assertThat(blocks.get(0).path("type").asText()).isEqualTo("section");
        assertThat(blocks.get(0).path("text").path("type").asText()).isEqualTo("plain_text");
        assertThat(blocks.get(0).path("text").path("emoji").asBoolean(true)).isFalse();
        assertThat(blocks.get(0).path("text").path("text").asText()).isEqualTo(EGRESS.headline());
        assertThat(blocks.get(1).path("text").path("text").asText())
                .isEqualTo(String.join("\n", EGRESS.lines()));
        assertThat(blocks.get(2).path("type").asText()).isEqualTo("context");
        assertThat(blocks.get(2).path("elements").get(0).path("text").asText())
                .isEqualTo("Tandem \u00b7 alert " + EGRESS.alertIds().get(0));
    }

    @Test
    void teamsIsAnAdaptiveCardOfTextRunsInTheWorkflowsEnvelope() throws IOException {
        JsonNode teams = render(ChatFormat.TEAMS, EGRESS);
        assertThat(teams.path("type").asText()).isEqualTo("message");
        JsonNode attachment = teams.path("attachments").get(0);
        assertThat(attachment.path("contentType").asText())
                .isEqualTo("application/vnd.microsoft.card.adaptive");
        assertThat(attachment.has("contentUrl")).isTrue();
        JsonNode card = attachment.path("content");
        assertThat(card.path("type").asText()).isEqualTo("AdaptiveCard");
        assertThat(card.path("version").asText()).isEqualTo("1.4");
        assertThat(card.path("$schema").asText())
                .isEqualTo("http://adaptivecards.io/schemas/adaptive-card.json");
        JsonNode body = card.path("body");
        assertThat(body).hasSize(EGRESS.lines().size() + 2);
        JsonNode title = body.get(0).path("inlines").get(0);
        assertThat(body.get(0).path("type").asText()).isEqualTo("RichTextBlock");
        assertThat(title.path("type").asText()).isEqualTo("TextRun");
        assertThat(title.path("text").asText()).isEqualTo(EGRESS.headline());
        assertThat(title.path("weight").asText()).isEqualTo("Bolder");
        assertThat(title.path("color").asText()).isEqualTo("Attention");
        assertThat(body.get(1).path("inlines").get(0).path("text").asText())
                .isEqualTo(EGRESS.lines().get(0));
        assertThat(texts(card)).noneMatch(t -> t.equals("TextBlock"));
    }

    @Test
    void mattermostIsOneEscapedMarkdownText() throws IOException {
        JsonNode mattermost = render(ChatFormat.MATTERMOST, EGRESS);
        assertThat(mattermost.size()).isEqualTo(1);
        String text = mattermost.path("text").asText();
        assertThat(text)
                .startsWith("**CRITICAL\\: Sidecar bypass \\(egress\\)\\: shop\\/currencyservice");
        assertThat(text.split("\n")).hasSize(EGRESS.lines().size() + 2);
    }

    @Test
    void genericCarriesTheMessagePartsAndTheAlertIds() throws IOException {
        JsonNode generic = render(ChatFormat.GENERIC, EGRESS);
        assertThat(generic.path("source").asText()).isEqualTo("tandem");
        assertThat(generic.path("title").asText()).isEqualTo(EGRESS.title());
        assertThat(generic.path("severity").asText()).isEqualTo("critical");
        assertThat(generic.path("lines")).hasSize(EGRESS.lines().size());
        assertThat(generic.path("lines").get(3).asText()).isEqualTo(EGRESS.lines().get(3));
        assertThat(generic.path("alertIds").get(0).asText()).isEqualTo(EGRESS.alertIds().get(0));
        assertThat(generic.path("text").asText()).startsWith("CRITICAL: " + EGRESS.title() + "\n");
    }

    @Test
    void slackNeverSeesAControlSequenceFromTheCluster() throws IOException {
        JsonNode slack = render(ChatFormat.SLACK, HOSTILE);
        for (String text : texts(slack)) {
            assertThat(text).doesNotContain("<!", "<@", "<http", "<at>").doesNotContain("\nline");
        }
        assertThat(slack.path("blocks").get(0).path("text").path("text").asText())
                .contains("&lt;!channel&gt; @channel &lt;@U123&gt;")
                .contains("[click](http://evil.example) `code` # head line");
        assertThat(slack.path("text").asText()).contains("&lt;!here&gt;");
    }

    @Test
    void mattermostNeverMentionsLinksOrFormats() throws IOException {
        String text = render(ChatFormat.MATTERMOST, HOSTILE).path("text").asText();
        assertThat(text)
                .contains("\\<\\!channel\\> \\@\u200Bchannel \\<\\@\u200BU123\\>")
                .contains("\\[click\\]\\(http\\:\\/\\/evil\\.example\\) \\`code\\` \\# head line")
                .contains("ns\\-\\*bold\\*\\_x\\_")
                .doesNotContain("@channel", "<!", "](http");
        // Only Tandem's own bold title marker is unescaped Markdown.
        assertThat(text.lines().skip(1)).allSatisfy(line -> assertThat(line).doesNotStartWith("#"));
    }

    @Test
    void teamsKeepsNamesInTextRunsWhichHaveNoMarkdown() throws IOException {
        JsonNode card =
                render(ChatFormat.TEAMS, HOSTILE).path("attachments").get(0).path("content");
        for (JsonNode block : card.path("body")) {
            assertThat(block.path("type").asText()).isEqualTo("RichTextBlock");
            assertThat(block.path("inlines").get(0).path("type").asText()).isEqualTo("TextRun");
            assertThat(block.path("inlines").get(0).path("text").asText()).doesNotContain("\n");
        }
        assertThat(card.has("msteams")).isTrue();
        assertThat(card.path("msteams").has("entities")).isFalse();
    }

    @Test
    void genericIsPlainJsonWithNamesOnOneLine() throws IOException {
        JsonNode generic = render(ChatFormat.GENERIC, HOSTILE);
        assertThat(generic.path("title").asText())
                .contains("ns-*bold*_x_/<!channel> @channel <@U123>")
                .doesNotContain("\n");
    }

    @Test
    void aSummaryHasNoSeverityAndNoAlertIds() throws IOException {
        ChatMessage summary =
                ChatMessage.of("Nightly report", List.of("12 policies", "3 to review"));
        JsonNode generic = render(ChatFormat.GENERIC, summary);
        assertThat(generic.path("severity").isNull()).isTrue();
        assertThat(generic.path("alertIds")).isEmpty();
        assertThat(render(ChatFormat.SLACK, summary).path("text").asText())
                .isEqualTo("Nightly report\n12 policies\n3 to review");
    }

    @Test
    void longMessagesAreBounded() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            lines.add("x".repeat(1000));
        }
        ChatMessage message = ChatMessage.of("t".repeat(1000), lines);
        assertThat(message.title()).hasSize(ChatMessage.MAX_TITLE_CHARS).endsWith("\u2026");
        assertThat(message.lines()).hasSize(ChatMessage.MAX_LINES);
        assertThat(message.lines().get(ChatMessage.MAX_LINES - 1))
                .isEqualTo("(61 more lines left out)");
        assertThat(message.lines().get(0)).hasSize(ChatMessage.MAX_LINE_CHARS);
    }

    private static JsonNode render(ChatFormat format, ChatMessage message) throws IOException {
        return JSON.readTree(Payloads.render(format, message));
    }

    /** Every string value in {@code node}, depth first. */
    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        collect(node, out);
        return out;
    }

    private static void collect(JsonNode node, List<String> out) {
        if (node.isTextual()) {
            out.add(node.asText());
        }
        node.forEach(child -> collect(child, out));
    }
}
