package dev.zklab.contracts.evidence;

import java.util.List;

/**
 * What the uncordon cleanup step records: the nodes the run's drills had cordoned (found by zklab's
 * annotation, not by earlier evidence, which a failed step may not have) that it made schedulable again.
 */
public record UncordonEvidence(List<String> uncordoned) {}
