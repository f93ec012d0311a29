package dev.tandem.ingest.goldmane;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tandem.ingest.calico.FlowFieldException;
import dev.tandem.ingest.calico.FlowJson;
import dev.tandem.ingest.model.FlowAction;
import dev.tandem.ingest.model.FlowEndpointType;
import dev.tandem.ingest.model.FlowReporter;
import java.io.IOException;
import java.util.Locale;

/**
 * Reads Goldmane's protobuf enums in every JSON spelling they arrive in: numbers (Go's {@code
 * encoding/json}, which Goldmane's emitter uses), value names ({@code Allow}, protojson), and the
 * upper-snake style other protobuf tooling prints ({@code ACTION_ALLOW}). Names are compared
 * without case or underscores, with the enum's own prefix optional.
 *
 * <p>Numbers follow {@code goldmane/proto/api.proto} in projectcalico/calico.
 */
final class GoldmaneEnums {
    private GoldmaneEnums() {}

    /** The flow's verdict; null for {@code ActionUnspecified} or absent. */
    static FlowAction flowAction(JsonParser p, String field) throws IOException {
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
    static String policyAction(JsonParser p, String field) throws IOException {
        Object value = read(p, field);
        if (value == null) {
            return null;
        }
        if (value instanceof Long) {
            switch (((Long) value).intValue()) {
                case 0:
                    return null;
                case 1:
                    return "allow";
                case 2:
                    return "deny";
                case 3:
                    return "pass";
                default:
                    throw unknown(p, field);
            }
        }
        switch (withoutPrefix((String) value, "action")) {
            case "unspecified":
                return null;
            case "allow":
                return "allow";
            case "deny":
                return "deny";
            case "pass":
                return "pass";
            default:
                throw unknown(p, field);
        }
    }

    /** Which end reported the flow; null for {@code ReporterUnspecified} or absent. */
    static FlowReporter reporter(JsonParser p, String field) throws IOException {
        Object value = read(p, field);
        if (value == null) {
            return null;
        }
        if (value instanceof Long) {
            switch (((Long) value).intValue()) {
                case 0:
                    return null;
                case 1:
                    return FlowReporter.SRC;
                case 2:
                    return FlowReporter.DST;
                default:
                    throw unknown(p, field);
            }
        }
        switch (withoutPrefix((String) value, "reporter")) {
            case "unspecified":
                return null;
            case "src":
                return FlowReporter.SRC;
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
    static FlowEndpointType endpointType(JsonParser p, String field) throws IOException {
        Object value = read(p, field);
        if (value == null) {
            return null;
        }
        if (value instanceof Long) {
            switch (((Long) value).intValue()) {
                case 0:
                    return null;
                case 1:
                    return FlowEndpointType.WEP;
                case 2:
                    return FlowEndpointType.HEP;
                case 3:
                    return FlowEndpointType.NS;
                case 4:
                    return FlowEndpointType.NET;
                default:
                    throw unknown(p, field);
            }
        }
        switch (withoutPrefix((String) value, "endpointtype")) {
            case "unspecified":
                return null;
            case "workloadendpoint":
            case "wep":
                return FlowEndpointType.WEP;
            case "hostendpoint":
            case "hep":
                return FlowEndpointType.HEP;
            case "networkset":
            case "ns":
                return FlowEndpointType.NS;
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
    static GoldmanePolicyKind policyKind(JsonParser p, String field) throws IOException {
        Object value = read(p, field);
        if (value == null) {
            return GoldmanePolicyKind.UNSPECIFIED;
        }
        if (value instanceof Long) {
            return GoldmanePolicyKind.fromNumber((Long) value);
        }
        return GoldmanePolicyKind.fromName(withoutPrefix((String) value, "policykind"));
    }

    /** A Long for numbers (and strings of digits), a normalised String for names, or null. */
    private static Object read(JsonParser p, String field) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return FlowJson.integer(p, field);
        }
        String text = FlowJson.text(p, field);
        if (text == null) {
            return null;
        }
        Long number = FlowJson.parseLong(text);
        if (number != null) {
            return number;
        }
        return normalise(text);
    }

    private static String normalise(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '_' && c != '-' && c != ' ') {
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
