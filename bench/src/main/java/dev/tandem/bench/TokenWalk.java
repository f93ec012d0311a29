package dev.tandem.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The baseline for JSON decoders: a raw Jackson token walk that reads every value once (strings as
 * {@code String}, numbers as {@code long}/{@code double}) and builds nothing. No decoder can do
 * less than this and still look at every field, so "0.8x the token walk" means "20 % over the parse
 * floor".
 */
final class TokenWalk {
    private final JsonFactory factory;

    TokenWalk(JsonFactory factory) {
        this.factory = factory;
    }

    long walk(byte[] json) {
        try (JsonParser p = factory.createParser(json)) {
            long acc = 0;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case FIELD_NAME:
                        acc += p.currentName().length();
                        break;
                    case VALUE_STRING:
                        acc += p.getText().length();
                        break;
                    case VALUE_NUMBER_INT:
                        acc += p.getLongValue();
                        break;
                    case VALUE_NUMBER_FLOAT:
                        acc += (long) p.getDoubleValue();
                        break;
                    default:
                        acc++;
                }
            }
            return acc;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
