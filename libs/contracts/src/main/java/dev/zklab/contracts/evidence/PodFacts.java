package dev.zklab.contracts.evidence;

/**
 * What evidence records of one member's pod.
 *
 * @param created  the pod's creationTimestamp
 * @param ready    when its Ready condition last became true (null when not Ready)
 * @param revision the StatefulSet revision the pod runs
 */
public record PodFacts(
        String name,
        int ordinal,
        String uid,
        String node,
        String created,
        String ready,
        String revision,
        int restarts) {}
