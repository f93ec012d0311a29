package dev.tandem.ingest.goldmane;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tandem.ingest.decode.FlowFieldException;
import dev.tandem.ingest.decode.FlowJson;
import dev.tandem.ingest.decode.ListAccumulator;
import dev.tandem.ingest.model.FlowPolicies;
import dev.tandem.ingest.model.PolicyHit;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Reads Goldmane's {@code PolicyTrace} ({@code enforced_policies}, {@code pending_policies}: lists
 * of structured {@code PolicyHit} objects) into Tandem's {@link FlowPolicies}. Goldmane has no
 * {@code all} or {@code transit} list; those stay empty.
 */
final class GoldmanePolicyReader {
    private final FlowJson json;
    private final GoldmaneEnums enums;

    /**
     * Hits named before, by slot: bounded and lock-free like {@link
     * dev.tandem.ingest.decode.ValueCache} (immutable entries, a lost race costs a miss).
     */
    private final NamedHit[] namedHits = new NamedHit[512];

    GoldmanePolicyReader(FlowJson json, GoldmaneEnums enums) {
        this.json = json;
        this.enums = enums;
    }

    /**
     * The trace whose START_OBJECT (or null) the parser is on. Failures name fields from {@code
     * policies}, the trace's field in {@code FlowKey}.
     */
    FlowPolicies trace(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return FlowPolicies.none();
        }
        if (token != JsonToken.START_OBJECT) {
            throw FlowJson.wrongType(p, "policies", "a PolicyTrace object");
        }
        List<PolicyHit> enforced = null;
        List<PolicyHit> pending = null;
        String name;
        while ((name = p.nextFieldName()) != null) {
            p.nextToken();
            switch (name) {
                case "enforced_policies", "enforcedPolicies" ->
                        enforced = hits(p, "policies.enforced_policies");
                case "pending_policies", "pendingPolicies" ->
                        pending = hits(p, "policies.pending_policies");
                default -> p.skipChildren();
            }
        }
        return new FlowPolicies(null, enforced, pending, null);
    }

    private List<PolicyHit> hits(JsonParser p, String field) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (token != JsonToken.START_ARRAY) {
            throw FlowJson.wrongType(p, field, "an array of PolicyHit objects");
        }
        ListAccumulator<PolicyHit> hits = new ListAccumulator<>(field);
        int index = 0;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_OBJECT) {
                throw FlowJson.wrongType(p, field + "[" + index + "]", "a PolicyHit object");
            }
            try {
                hits.add(named(readHit(p)));
            } catch (FlowFieldException e) {
                throw e.within(field + "[" + index + "]");
            }
            index++;
        }
        return hits.toList();
    }

    /**
     * The model's hit for a raw one, shared with earlier flows that carried the same hit: most
     * flows of an edge repeat their trace, and naming a hit costs a string concatenation.
     */
    private PolicyHit named(RawHit raw) {
        int hash = raw.hashCode();
        int slot = (hash ^ (hash >>> 16)) & (namedHits.length - 1);
        NamedHit cached = namedHits[slot];
        if (cached != null && cached.hash == hash && cached.raw.sameAs(raw)) {
            return cached.hit;
        }
        PolicyHit hit = raw.toPolicyHit();
        namedHits[slot] = new NamedHit(hash, raw, hit);
        return hit;
    }

    // Field names here are relative to the hit; hits() prefixes the path when one fails.
    private RawHit readHit(JsonParser p) throws IOException {
        RawHit hit = new RawHit();
        String name;
        while ((name = p.nextFieldName()) != null) {
            p.nextToken();
            switch (name) {
                case "kind" -> hit.kind = enums.policyKind(p, "kind");
                case "namespace" -> hit.namespace = json.text(p, "namespace");
                case "name" -> hit.name = json.text(p, "name");
                case "tier" -> hit.tier = json.text(p, "tier");
                case "action" -> hit.action = enums.policyAction(p, "action");
                case "policy_index", "policyIndex" -> hit.policyIndex = smallInt(p, "policy_index");
                case "rule_index", "ruleIndex" -> hit.ruleIndex = smallInt(p, "rule_index");
                case "trigger" -> hit.trigger = trigger(p);
                default -> p.skipChildren();
            }
        }
        return hit;
    }

    private RawHit trigger(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_OBJECT) {
            throw FlowJson.wrongType(p, "trigger", "a PolicyHit object");
        }
        try {
            return readHit(p);
        } catch (FlowFieldException e) {
            throw e.within("trigger");
        }
    }

    // proto3 has no presence: an index Go's encoding/json left out (omitempty) is 0.
    private static int smallInt(JsonParser p, String field) throws IOException {
        long value = FlowJson.integer(p, field, 0);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw FlowFieldException.invalid(field, "index out of range: " + value);
        }
        return (int) value;
    }

    /** One PolicyHit object as read, before it is named the way Calico names it. */
    private static final class RawHit {
        GoldmanePolicyKind kind = GoldmanePolicyKind.UNSPECIFIED;
        String namespace;
        String name;
        String tier;
        String action;
        int policyIndex;
        int ruleIndex;
        RawHit trigger;

        @Override
        public int hashCode() {
            int hash = kind.ordinal();
            hash = 31 * hash + (namespace == null ? 0 : namespace.hashCode());
            hash = 31 * hash + (name == null ? 0 : name.hashCode());
            hash = 31 * hash + (tier == null ? 0 : tier.hashCode());
            hash = 31 * hash + (action == null ? 0 : action.hashCode());
            hash = 31 * hash + policyIndex;
            hash = 31 * hash + ruleIndex;
            return 31 * hash + (trigger == null ? 0 : trigger.hashCode());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof RawHit && sameAs((RawHit) other);
        }

        // Strings usually come from the same cache entries, so equals() mostly settles on ==.
        boolean sameAs(RawHit other) {
            return kind == other.kind
                    && policyIndex == other.policyIndex
                    && ruleIndex == other.ruleIndex
                    && Objects.equals(namespace, other.namespace)
                    && Objects.equals(name, other.name)
                    && Objects.equals(tier, other.tier)
                    && Objects.equals(action, other.action)
                    && (trigger == null
                            ? other.trigger == null
                            : other.trigger != null && trigger.sameAs(other.trigger));
        }

        PolicyHit toPolicyHit() {
            // An end-of-tier hit names no policy itself: its trigger is the policy whose
            // selection brought the flow to the end of the tier, and Calico's string names that.
            RawHit named = this;
            if (kind == GoldmanePolicyKind.END_OF_TIER) {
                if (trigger == null) {
                    throw FlowFieldException.invalid(
                            "trigger", "an EndOfTier hit needs a trigger naming the policy");
                }
                named = trigger;
            }
            if (named.name == null) {
                throw FlowFieldException.invalid(
                        named == this ? "name" : "trigger.name",
                        "a policy hit must name its policy");
            }
            String effectiveTier = tier != null ? tier : named.tier;
            return new PolicyHit(
                    policyIndex,
                    named.kind.tier(effectiveTier),
                    named.kind.calicoName(named.namespace, effectiveTier, named.name),
                    action,
                    ruleIndex,
                    named.kind.staged());
        }
    }

    /** A raw hit (never changed after reading) and the model hit named from it. */
    private record NamedHit(int hash, RawHit raw, PolicyHit hit) {}
}
