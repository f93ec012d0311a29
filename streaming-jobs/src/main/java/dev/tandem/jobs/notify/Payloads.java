package dev.tandem.jobs.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders a {@link ChatMessage} as the JSON body each webhook expects. Every string goes through
 * Jackson (JSON escaping) and, where the format interprets text, through {@link ChatEscaping}.
 */
final class Payloads {
    /** Slack rejects a section text longer than 3,000 characters. */
    static final int SLACK_SECTION_CHARS = 3000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Payloads() {}

    /** The request body for {@code format}, UTF-8 JSON. */
    static byte[] render(ChatFormat format, ChatMessage message) {
        ObjectNode body;
        switch (format) {
            case SLACK:
                body = slack(message);
                break;
            case TEAMS:
                body = teams(message);
                break;
            case MATTERMOST:
                body = mattermost(message);
                break;
            default:
                body = generic(message);
        }
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a chat payload", e);
        }
    }

    /**
     * Block Kit {@code plain_text} sections (no Markdown, no emoji codes), and a {@code text}
     * fallback for notifications and old clients with {@code mrkdwn} off.
     */
    private static ObjectNode slack(ChatMessage message) {
        ObjectNode body = NODES.objectNode();
        body.put("text", ChatEscaping.slack(fallback(message)));
        body.put("mrkdwn", false);
        ArrayNode blocks = body.putArray("blocks");
        blocks.add(slackSection(message.headline()));
        if (!message.lines().isEmpty()) {
            blocks.add(
                    slackSection(
                            ChatText.clip(
                                    String.join("\n", message.lines()), SLACK_SECTION_CHARS)));
        }
        ObjectNode context = blocks.addObject();
        context.put("type", "context");
        context.putArray("elements").add(slackPlainText(footer(message)));
        return body;
    }

    private static ObjectNode slackSection(String text) {
        ObjectNode section = NODES.objectNode();
        section.put("type", "section");
        section.set("text", slackPlainText(text));
        return section;
    }

    private static ObjectNode slackPlainText(String text) {
        ObjectNode plain = NODES.objectNode();
        plain.put("type", "plain_text");
        plain.put("text", ChatEscaping.slack(text));
        plain.put("emoji", false);
        return plain;
    }

    /**
     * An Adaptive Card in the envelope Teams Workflows webhooks take. Text is only ever in {@code
     * TextRun}s: unlike a {@code TextBlock}, a run has no Markdown.
     */
    private static ObjectNode teams(ChatMessage message) {
        ObjectNode card = NODES.objectNode();
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        ArrayNode content = card.putArray("body");
        ObjectNode title = teamsRun(content, message.headline());
        title.put("weight", "Bolder");
        title.put("size", "Medium");
        title.put("wrap", true);
        if (message.severity() != null && message.severity().atLeast(Severity.HIGH)) {
            title.put("color", "Attention");
        }
        for (String line : message.lines()) {
            teamsRun(content, line);
        }
        teamsRun(content, footer(message)).put("isSubtle", true);
        card.putObject("msteams").put("width", "Full");

        ObjectNode body = NODES.objectNode();
        body.put("type", "message");
        ObjectNode attachment = body.putArray("attachments").addObject();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.putNull("contentUrl");
        attachment.set("content", card);
        return body;
    }

    private static ObjectNode teamsRun(ArrayNode content, String text) {
        ObjectNode block = content.addObject();
        block.put("type", "RichTextBlock");
        ObjectNode run = block.putArray("inlines").addObject();
        run.put("type", "TextRun");
        run.put("text", text);
        return run;
    }

    /** Mattermost's Slack-compatible webhook: one Markdown text, every character escaped. */
    private static ObjectNode mattermost(ChatMessage message) {
        StringBuilder text = new StringBuilder();
        text.append("**").append(ChatEscaping.mattermost(message.headline())).append("**");
        for (String line : message.lines()) {
            text.append('\n').append(ChatEscaping.mattermost(line));
        }
        text.append('\n').append(ChatEscaping.mattermost(footer(message)));
        ObjectNode body = NODES.objectNode();
        body.put("text", text.toString());
        return body;
    }

    /** Any endpoint: the message's parts as fields, plus a ready-made plain text. */
    private static ObjectNode generic(ChatMessage message) {
        ObjectNode body = NODES.objectNode();
        body.put("source", "tandem");
        body.put("title", message.title());
        if (message.severity() == null) {
            body.putNull("severity");
        } else {
            body.put("severity", message.severity().lowerName());
        }
        ArrayNode lines = body.putArray("lines");
        message.lines().forEach(lines::add);
        ArrayNode ids = body.putArray("alertIds");
        message.alertIds().forEach(ids::add);
        body.put("text", fallback(message));
        return body;
    }

    private static String fallback(ChatMessage message) {
        StringBuilder text = new StringBuilder(message.headline());
        for (String line : message.lines()) {
            text.append('\n').append(line);
        }
        return text.toString();
    }

    private static String footer(ChatMessage message) {
        int alerts = message.alertIds().size();
        if (alerts == 0) {
            return "Tandem";
        }
        return "Tandem \u00b7 "
                + (alerts == 1 ? "alert " + message.alertIds().get(0) : alerts + " alerts");
    }
}
