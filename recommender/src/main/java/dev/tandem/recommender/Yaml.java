package dev.tandem.recommender;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes Kubernetes objects as multi-document YAML. Every string is double-quoted, so a label value
 * such as {@code yes}, {@code 0x1F}, {@code "a: b # c"} or one with a newline reads back as the
 * same string, never as a boolean, a number, a comment or a new key.
 */
public final class Yaml {
    private static final ObjectMapper MAPPER =
            new ObjectMapper(
                    YAMLFactory.builder()
                            .disable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                            .disable(YAMLGenerator.Feature.SPLIT_LINES)
                            .enable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                            .build());

    private Yaml() {}

    /** The documents, each starting with {@code ---}, in the given order. */
    public static String documents(List<Map<String, Object>> documents) {
        StringBuilder out = new StringBuilder();
        try {
            for (Map<String, Object> document : documents) {
                out.append(MAPPER.writeValueAsString(document));
            }
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** An ordered map from alternating keys and values: objects read in the order written. */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                map.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return map;
    }

    /** The standard object header. */
    static Map<String, Object> object(
            String apiVersion, String kind, String name, String namespace) {
        return map(
                "apiVersion", apiVersion,
                "kind", kind,
                "metadata",
                        map(
                                "name",
                                name,
                                "namespace",
                                namespace,
                                "labels",
                                map("app.kubernetes.io/managed-by", "tandem")));
    }
}
