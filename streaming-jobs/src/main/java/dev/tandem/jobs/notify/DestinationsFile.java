package dev.tandem.jobs.notify;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads several destinations from a small JSON or YAML file (the URLs stay in their own files or
 * environment variables):
 *
 * <pre>{@code
 * {"destinations": [
 *   {"name": "ops", "format": "slack", "urlFile": "slack.url", "minSeverity": "high"},
 *   {"name": "payments", "format": "teams", "urlEnv": "PAYMENTS_TEAMS_URL",
 *    "namespaces": ["payments"]}
 * ]}
 * }</pre>
 *
 * or, in a file named {@code .yaml} or {@code .yml}:
 *
 * <pre>{@code
 * destinations:
 *   - name: ops
 *     format: slack
 *     urlFile: slack.url
 *     minSeverity: high
 *   - {name: payments, format: teams, urlEnv: PAYMENTS_TEAMS_URL, namespaces: [payments]}
 * }</pre>
 *
 * A relative {@code urlFile} is read from the destinations file's folder. Unknown keys and repeated
 * keys are errors, so a typo never silently sends every alert everywhere. YAML anchors, aliases and
 * tags are refused: the parser would read an alias as its anchor's name, silently.
 */
public final class DestinationsFile {
    /** Destination files are hand-written and small. */
    static final long MAX_FILE_BYTES = 256 * 1024;

    private static final Set<String> KEYS =
            Set.of("name", "format", "urlFile", "urlEnv", "minSeverity", "namespaces");
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final YAMLFactory YAML_FACTORY = new YAMLFactory();
    private static final ObjectMapper YAML =
            new ObjectMapper(YAML_FACTORY).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private DestinationsFile() {}

    /**
     * The destinations in {@code file}, in file order.
     *
     * @throws NotifyConfigException naming the file and the entry that is wrong
     */
    public static List<Destination> read(Path file) {
        return read(file, System::getenv);
    }

    static List<Destination> read(Path file, Function<String, String> env) {
        boolean yaml = isYaml(file);
        String syntax = yaml ? "YAML" : "JSON";
        JsonNode root;
        try {
            if (!Files.isRegularFile(file)) {
                throw new NotifyConfigException(
                        "destinations file " + file + " does not exist or is not a file");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new NotifyConfigException(
                        "destinations file "
                                + file
                                + " is larger than "
                                + MAX_FILE_BYTES
                                + " bytes");
            }
            root = yaml ? readYaml(file) : JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            // The parser's message may quote the file, which may hold a pasted secret: only a
            // repeated key's name is passed on.
            String message = e.getOriginalMessage();
            if (message != null && message.startsWith("Duplicate field '")) {
                throw new NotifyConfigException(
                        "destinations file "
                                + file
                                + " repeats the key "
                                + ChatText.clip(
                                        ChatText.oneLine(
                                                message.substring("Duplicate field ".length())
                                                        .strip()),
                                        80)
                                + where(e));
            }
            throw new NotifyConfigException(
                    "destinations file " + file + " is not valid " + syntax + where(e));
        } catch (YamlFeatureException e) {
            throw new NotifyConfigException("destinations file " + file + ": " + e.getMessage());
        } catch (IOException e) {
            throw new NotifyConfigException(
                    "cannot read destinations file " + file + ": " + e.getClass().getSimpleName());
        }
        JsonNode list = root != null && root.isObject() ? root.path("destinations") : root;
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new NotifyConfigException(
                    "destinations file "
                            + file
                            + " must hold a 'destinations' list with at least one entry");
        }
        Path folder = file.toAbsolutePath().getParent();
        List<Destination> destinations = new ArrayList<>();
        int index = 0;
        for (JsonNode entry : list) {
            index++;
            String where = "destinations file " + file + ", entry " + index;
            destinations.add(destination(entry, where, folder, env));
        }
        return destinations;
    }

    private static Destination destination(
            JsonNode entry, String where, Path folder, Function<String, String> env) {
        if (!entry.isObject()) {
            throw new NotifyConfigException(where + " is not an object");
        }
        for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (key.equals("url") || key.equals("webhookUrl")) {
                throw new NotifyConfigException(
                        where + ": put the webhook URL in a file (urlFile) or a variable (urlEnv)");
            }
            if (!KEYS.contains(key)) {
                throw new NotifyConfigException(
                        where
                                + ": unknown key '"
                                + key
                                + "' (expected one of "
                                + new TreeSet<>(KEYS)
                                + ")");
            }
        }
        String name = text(entry, "name", where);
        ChatFormat format;
        Severity minimum;
        try {
            format = ChatFormat.parse(text(entry, "format", where));
            minimum =
                    entry.has("minSeverity")
                            ? Severity.parse(entry.path("minSeverity").asText())
                            : Severity.LOW;
        } catch (IllegalArgumentException e) {
            throw new NotifyConfigException(where + ": " + e.getMessage());
        }
        boolean hasFile = entry.has("urlFile");
        boolean hasEnv = entry.has("urlEnv");
        if (hasFile == hasEnv) {
            throw new NotifyConfigException(where + ": give exactly one of urlFile and urlEnv");
        }
        String urlFile = hasFile ? text(entry, "urlFile", where) : null;
        String urlEnv = hasEnv ? text(entry, "urlEnv", where) : null;
        Destination destination;
        try {
            destination =
                    hasFile
                            ? Destination.fromFile(name, format, folder.resolve(urlFile))
                            : Destination.fromEnv(name, format, urlEnv, env);
        } catch (NotifyConfigException e) {
            // Its message names the URL's file or variable, never the URL.
            throw new NotifyConfigException(where + ": " + e.getMessage());
        }
        Set<String> namespaces = new TreeSet<>();
        JsonNode list = entry.path("namespaces");
        if (!list.isMissingNode() && !list.isArray()) {
            throw new NotifyConfigException(where + ": namespaces must be a list of names");
        }
        for (JsonNode namespace : list) {
            if (!namespace.isTextual() || namespace.asText().isBlank()) {
                throw new NotifyConfigException(where + ": namespaces must be a list of names");
            }
            namespaces.add(namespace.asText());
        }
        return destination.withMinSeverity(minimum).withNamespaces(namespaces);
    }

    /** True for a {@code .yaml} or {@code .yml} file; anything else is read as JSON. */
    static boolean isYaml(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    /** One YAML document, refusing what the tree would misread (aliases) or ignore (tags). */
    private static JsonNode readYaml(Path file) throws IOException {
        try (YAMLParser parser = YAML_FACTORY.createParser(file.toFile());
                JsonParser checked = new PlainYaml(parser)) {
            JsonNode root = YAML.readTree(checked);
            if (checked.nextToken() != null) {
                throw new YamlFeatureException(
                        "holds more than one YAML document" + where(parser.currentLocation()));
            }
            return root;
        }
    }

    private static String where(JsonProcessingException e) {
        return where(e.getLocation());
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1
                ? ""
                : " (line " + location.getLineNr() + ")";
    }

    /** A YAML feature a destinations file does not use. */
    private static final class YamlFeatureException extends IOException {
        private static final long serialVersionUID = 1L;

        YamlFeatureException(String message) {
            super(message);
        }
    }

    /** Fails on an alias or a tag as soon as the parser meets one. */
    private static final class PlainYaml extends JsonParserDelegate {
        private final YAMLParser yaml;

        PlainYaml(YAMLParser yaml) {
            super(yaml);
            this.yaml = yaml;
        }

        @Override
        public JsonToken nextToken() throws IOException {
            JsonToken token = super.nextToken();
            if (yaml.isCurrentAlias()) {
                throw new YamlFeatureException(
                        "YAML aliases are not supported" + where(yaml.currentLocation()));
            }
            if (token != null && yaml.getTypeId() != null) {
                throw new YamlFeatureException(
                        "YAML tags are not supported" + where(yaml.currentLocation()));
            }
            return token;
        }
    }

    private static String text(JsonNode entry, String key, String where) {
        JsonNode value = entry.path(key);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new NotifyConfigException(where + ": '" + key + "' is missing or not text");
        }
        return value.asText();
    }
}
