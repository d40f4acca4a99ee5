package dev.zklab.contracts.evidence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.zklab.contracts.events.EventCodec;
import dev.zklab.contracts.events.MalformedEventException;
import java.util.Optional;

/**
 * Writes a step's evidence record as the JSON it travels as, and reads it back as the record its step writes ({@link DeployEvidence},
 * {@link DurabilityEvidence}, {@link VerifyEvidence}): one step reads another's evidence by type, never
 * by a string key into the JSON. Fields the record does not know are ignored, missing ones are null.
 */
public final class Evidence {

    private Evidence() {}

    /** A step's evidence record as the JSON its event carries (null stays null). */
    public static JsonNode tree(Object record) {
        return record == null ? null : EventCodec.mapper().valueToTree(record);
    }

    /** The evidence as {@code type}; empty when there is none. */
    public static <T> Optional<T> read(JsonNode evidence, Class<T> type) {
        if (evidence == null || evidence.isNull() || evidence.isMissingNode()) {
            return Optional.empty();
        }
        try {
            return Optional.of(EventCodec.mapper().treeToValue(evidence, type));
        } catch (JsonProcessingException e) {
            throw new MalformedEventException(
                    "evidence is not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
