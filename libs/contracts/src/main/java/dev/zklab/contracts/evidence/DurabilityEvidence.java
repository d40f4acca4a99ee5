package dev.zklab.contracts.evidence;

import java.util.List;
import java.util.Map;

/**
 * What the durability step records: each member's claim (name to uid) before the StatefulSet was
 * deleted and after it was applied again — the verifier compares the claims it finds with
 * {@code claimsBefore} — and the marker written before and read after.
 *
 * @param podClaims the claim each new pod mounts, by pod
 */
public record DurabilityEvidence(
        Map<String, String> claimsBefore,
        Map<String, String> claimsAfter,
        boolean sameClaims,
        Map<String, String> podClaims,
        List<PodFacts> pods,
        Marker marker) {

    /** The znode written through the ensemble before the deletion and read back after it. */
    public record Marker(String path, String written, String read, boolean equal, String via) {}
}
