package dev.tandem.ingest.decode;

import java.util.Objects;

/**
 * The result of decoding one input: either a record or a dead letter. Decoders return this instead
 * of throwing, so that bad input can never take a job down.
 */
public sealed interface Decoded<T> permits Decoded.Ok, Decoded.Failed {

    static <T> Decoded<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Decoded<T> failed(DeadLetter deadLetter) {
        return new Failed<>(deadLetter);
    }

    /** True when decoding produced a record. */
    boolean isOk();

    /** The record; throws {@link IllegalStateException} on a failed result. */
    T value();

    /** The dead letter; throws {@link IllegalStateException} on a successful result. */
    DeadLetter deadLetter();

    /** A decoded record. */
    record Ok<T>(T value) implements Decoded<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean isOk() {
            return true;
        }

        @Override
        public DeadLetter deadLetter() {
            throw new IllegalStateException("decoded successfully; there is no dead letter");
        }
    }

    /** An input that could not be decoded. */
    record Failed<T>(DeadLetter deadLetter) implements Decoded<T> {
        public Failed {
            Objects.requireNonNull(deadLetter, "deadLetter");
        }

        @Override
        public boolean isOk() {
            return false;
        }

        @Override
        public T value() {
            throw new IllegalStateException("decoding failed: " + deadLetter.detail());
        }
    }
}
