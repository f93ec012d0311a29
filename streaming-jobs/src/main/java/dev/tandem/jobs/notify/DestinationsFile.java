package dev.tandem.jobs.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads several destinations from a small JSON file (the URLs stay in their own files or
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
 * A relative {@code urlFile} is read from the destinations file's folder. Unknown keys are errors,
 * so a typo never silently sends every alert everywhere.
 */
public final class DestinationsFile {
    /** Destination files are hand-written and small. */
    static final long MAX_FILE_BYTES = 256 * 1024;

    private static final Set<String> KEYS =
            Set.of("name", "format", "urlFile", "urlEnv", "minSeverity", "namespaces");
    private static final ObjectMapper JSON = new ObjectMapper();

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
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new NotifyConfigException(
                    "destinations file "
                            + file
                            + " is not valid JSON (line "
                            + e.getLocation().getLineNr()
                            + ")");
        } catch (IOException e) {
            throw new NotifyConfigException(
                    "cannot read destinations file " + file + ": " + e.getClass().getSimpleName());
        }
        JsonNode list = root != null && root.isObject() ? root.path("destinations") : root;
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new NotifyConfigException(
                    "destinations file "
                            + file
                            + " must hold {\"destinations\": [ ... ]} with at least one entry");
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
        Destination destination =
                hasFile
                        ? Destination.fromFile(
                                name, format, folder.resolve(text(entry, "urlFile", where)))
                        : Destination.fromEnv(name, format, text(entry, "urlEnv", where), env);
        Set<String> namespaces = new TreeSet<>();
        JsonNode list = entry.path("namespaces");
        if (!list.isMissingNode() && !list.isArray()) {
            throw new NotifyConfigException(where + ": namespaces must be a list of names");
        }
        list.forEach(n -> namespaces.add(n.asText()));
        return destination.withMinSeverity(minimum).withNamespaces(namespaces);
    }

    private static String text(JsonNode entry, String key, String where) {
        JsonNode value = entry.path(key);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new NotifyConfigException(where + ": '" + key + "' is missing or not text");
        }
        return value.asText();
    }
}
