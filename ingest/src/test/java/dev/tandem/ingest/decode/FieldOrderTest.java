package dev.tandem.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The expected field order speeds reading up but never changes which fields are read. */
class FieldOrderTest {
    private static final FieldOrder ORDER = new FieldOrder("a", "bb", "ccc", "dddd");

    private static List<String> namesWithCursor(String json) throws IOException {
        FieldOrder.Cursor cursor = ORDER.cursor();
        List<String> names = new ArrayList<>();
        try (JsonParser p = JsonSupport.factory().createParser(json)) {
            p.nextToken();
            for (int object = 0; object < 2; object++) {
                cursor.reset();
                String name;
                while ((name = cursor.nextFieldName(p)) != null) {
                    names.add(name + "=" + valueOf(p));
                }
                names.add("|");
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    break;
                }
            }
        }
        return names;
    }

    private static List<String> namesPlain(String json) throws IOException {
        List<String> names = new ArrayList<>();
        try (JsonParser p = JsonSupport.factory().createParser(json)) {
            p.nextToken();
            for (int object = 0; object < 2; object++) {
                String name;
                while ((name = p.nextFieldName()) != null) {
                    names.add(name + "=" + valueOf(p));
                }
                names.add("|");
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    break;
                }
            }
        }
        return names;
    }

    private static String valueOf(JsonParser p) throws IOException {
        JsonToken token = p.nextToken();
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            p.skipChildren();
            return "{}";
        }
        return p.getText();
    }

    @Test
    void fieldsInTheExpectedOrderAreReadAsTheyCome() throws IOException {
        String json = "{\"a\":1,\"bb\":\"x\",\"ccc\":null,\"dddd\":[1]}";

        assertThat(namesWithCursor(json))
                .containsExactly("a=1", "bb=x", "ccc=null", "dddd={}", "|")
                .isEqualTo(namesPlain(json));
    }

    @Test
    void missingUnknownRepeatedAndReorderedFieldsReadAsWithoutAnOrder() throws IOException {
        String json =
                "{\"bb\":2,\"zz\":{\"a\":1},\"a\":1,\"a\":3,\"dddd\":4,\"ccc\":5,\"e\":6}"
                        + "{\"dddd\":1,\"a\":\"bb\",\"bb\":\"\\u0061\"}";

        assertThat(namesWithCursor(json))
                .containsExactly(
                        "bb=2", "zz={}", "a=1", "a=3", "dddd=4", "ccc=5", "e=6", "|", "dddd=1",
                        "a=bb", "bb=a", "|")
                .isEqualTo(namesPlain(json));
    }

    @Test
    void aNameThatOnlyStartsLikeTheExpectedOneIsNotTakenForIt() throws IOException {
        String json = "{\"ab\":1,\"a\":2,\"bbb\":3,\"b\":4,\"bb\":5}";

        assertThat(namesWithCursor(json))
                .containsExactly("ab=1", "a=2", "bbb=3", "b=4", "bb=5", "|")
                .isEqualTo(namesPlain(json));
    }

    @Test
    void anEscapedNameIsTheSameNameAsItsPlainSpelling() throws IOException {
        String json = "{\"\\u0061\":1,\"b\\u0062\":2}";

        assertThat(namesWithCursor(json)).containsExactly("a=1", "bb=2", "|");
    }
}
