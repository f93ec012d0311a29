package dev.tandem.ingest.goldmane;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tandem.ingest.decode.FlowFieldException;
import dev.tandem.ingest.decode.FlowJson;
import dev.tandem.ingest.decode.ValueCache;
import dev.tandem.ingest.model.FlowAction;
import dev.tandem.ingest.model.FlowEndpointType;
import dev.tandem.ingest.model.FlowReporter;
import java.io.IOException;
import java.util.Locale;

/**
 * Reads Goldmane's protobuf enums in every JSON spelling they arrive in: numbers (Go's {@code
 * encoding/json}, which Goldmane's emitter uses), value names ({@code Allow}, protojson), and the
 * upper-snake style other protobuf tooling prints ({@code ACTION_ALLOW}). Names are compared
 * without case or underscores, with the enum's own prefix optional; numbers as their decimal text.
 *
 * <p>Numbers follow {@code goldmane/proto/api.proto} in projectcalico/calico. Thread-safe: its one
 * piece of state is a bounded cache of normalised spellings, so that a flow's enums cost no
 * allocation.
 */
final class GoldmaneEnums {
    private final ValueCache<String> spellings = new ValueCache<>(256, GoldmaneEnums::normalise);

    /** The flow's verdict; null for {@code ActionUnspecified} or absent. */
    FlowAction flowAction(JsonParser p, String field) throws IOException {
        String action = policyAction(p, field);
        if (action == null) {
            return null;
        }
        switch (action) {
            case "allow":
                return FlowAction.ALLOW;
            case "deny":
                return FlowAction.DENY;
            default:
                throw FlowFieldException.invalid(
                        field, "a flow's action must be Allow or Deny, found " + action);
        }
    }

    /** A policy rule's action, lower case ({@code allow}, {@code deny}, {@code pass}); or null. */
    String policyAction(JsonParser p, String field) throws IOException {
        String name = spelling(p, field);
        if (name == null) {
            return null;
        }
        switch (withoutPrefix(name, "action")) {
            case "0":
            case "unspecified":
                return null;
            case "1":
            case "allow":
                return "allow";
            case "2":
            case "deny":
                return "deny";
            case "3":
            case "pass":
                return "pass";
            default:
                throw unknown(p, field);
        }
    }

    /** Which end reported the flow; null for {@code ReporterUnspecified} or absent. */
    FlowReporter reporter(JsonParser p, String field) throws IOException {
        String name = spelling(p, field);
        if (name == null) {
            return null;
        }
        switch (withoutPrefix(name, "reporter")) {
            case "0":
            case "unspecified":
                return null;
            case "1":
            case "src":
                return FlowReporter.SRC;
            case "2":
            case "dst":
                return FlowReporter.DST;
            default:
                throw unknown(p, field);
        }
    }

    /**
     * The endpoint type; null for {@code EndpointTypeUnspecified} or absent. Calico's short
     * spellings ({@code wep}) are accepted too.
     */
    FlowEndpointType endpointType(JsonParser p, String field) throws IOException {
        String name = spelling(p, field);
        if (name == null) {
            return null;
        }
        switch (withoutPrefix(name, "endpointtype")) {
            case "0":
            case "unspecified":
                return null;
            case "1":
            case "workloadendpoint":
            case "wep":
                return FlowEndpointType.WEP;
            case "2":
            case "hostendpoint":
            case "hep":
                return FlowEndpointType.HEP;
            case "3":
            case "networkset":
            case "ns":
                return FlowEndpointType.NS;
            case "4":
            case "network":
            case "net":
                return FlowEndpointType.NET;
            default:
                throw unknown(p, field);
        }
    }

    /**
     * The kind of policy behind a hit. Kinds added by newer Calico read as {@link
     * GoldmanePolicyKind#UNSPECIFIED} rather than failing the flow: the hit's own fields still name
     * the policy.
     */
    GoldmanePolicyKind policyKind(JsonParser p, String field) throws IOException {
        String name = spelling(p, field);
        if (name == null) {
            return GoldmanePolicyKind.UNSPECIFIED;
        }
        long number = FlowJson.parseDecimal(name);
        if (number != FlowJson.NO_NUMBER) {
            return GoldmanePolicyKind.fromNumber(number);
        }
        return GoldmanePolicyKind.fromName(withoutPrefix(name, "policykind"));
    }

    /**
     * The value normalised (lower case, no underscores), numbers as their decimal text; null when
     * absent.
     */
    private String spelling(JsonParser p, String field) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING && token != JsonToken.VALUE_NUMBER_INT) {
            throw FlowJson.wrongType(p, field, "an enum name or number");
        }
        int length = p.getTextLength();
        char[] chars = p.getTextCharacters();
        int offset = p.getTextOffset();
        if (length == 0 || (length == 1 && chars[offset] == '-')) {
            return null;
        }
        return spellings.get(chars, offset, length);
    }

    private static String normalise(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '_' && c != ' ') {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    private static String withoutPrefix(String normalised, String prefix) {
        if (normalised.length() > prefix.length() && normalised.startsWith(prefix)) {
            return normalised.substring(prefix.length());
        }
        return normalised;
    }

    // The parser is still on the value, so the detail quotes it as written, not as normalised.
    private static FlowFieldException unknown(JsonParser p, String field) throws IOException {
        return FlowFieldException.invalid(field, "unknown value " + FlowJson.excerpt(p.getText()));
    }
}
