package dev.tandem.ingest.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded mutations of real input lines for fuzz tests: truncation, flipped bytes, spliced hostile
 * snippets, duplicated slices, and type changes (a digit becomes a quote, a quote a digit). One to
 * four edits per line; the same seed gives the same lines, so a failure replays.
 */
public final class ByteMutator {
    private final Random random;
    private final List<String> inserts;

    /**
     * @param random the seeded source of every choice
     * @param inserts snippets to splice in: structure, escapes, control characters, wrong types
     */
    public ByteMutator(Random random, List<String> inserts) {
        this.random = random;
        this.inserts = List.copyOf(inserts);
    }

    /** A mutated copy of {@code seed}; the seed itself is left alone. */
    public byte[] mutate(byte[] seed) {
        byte[] out = seed.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            switch (random.nextInt(6)) {
                case 0:
                    out = Arrays.copyOf(out, random.nextInt(out.length + 1));
                    break;
                case 1:
                    out = flipByte(out);
                    break;
                case 2:
                    out = insert(out, inserts.get(random.nextInt(inserts.size())));
                    break;
                case 3:
                    out = duplicateSlice(out);
                    break;
                case 4:
                    out = insert(out, "\"" + random.nextInt() + "\"");
                    break;
                default:
                    out = swapDigitAndQuote(out);
            }
        }
        return out;
    }

    private byte[] flipByte(byte[] in) {
        if (in.length == 0) {
            return in;
        }
        byte[] out = in.clone();
        out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        return out;
    }

    private byte[] insert(byte[] in, String text) {
        byte[] piece = text.getBytes(StandardCharsets.UTF_8);
        int at = random.nextInt(in.length + 1);
        byte[] out = new byte[in.length + piece.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(piece, 0, out, at, piece.length);
        System.arraycopy(in, at, out, at + piece.length, in.length - at);
        return out;
    }

    private byte[] duplicateSlice(byte[] in) {
        if (in.length == 0) {
            return in;
        }
        int from = random.nextInt(in.length);
        int to = from + random.nextInt(in.length - from + 1);
        return insert(in, new String(in, from, to - from, StandardCharsets.ISO_8859_1));
    }

    /** Turns a number into a string or a string into a number: a type change. */
    private byte[] swapDigitAndQuote(byte[] in) {
        byte[] out = in.clone();
        for (int i = random.nextInt(out.length + 1); i < out.length; i++) {
            if (out[i] >= '0' && out[i] <= '9') {
                out[i] = '"';
                return out;
            }
            if (out[i] == '"') {
                out[i] = '7';
                return out;
            }
        }
        return out;
    }
}
