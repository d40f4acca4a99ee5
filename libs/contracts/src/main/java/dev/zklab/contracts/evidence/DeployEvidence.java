package dev.zklab.contracts.evidence;

import java.util.List;

/**
 * What the deploy step records: what it applied, each member's pod, the pods' transitions in the API
 * server's order (the verifier judges the start order from them) and, for the {@code current}
 * profile, each member's own account of itself.
 *
 * @param members empty for the tutorial profile (its ZooKeeper 3.4 is not asked)
 * @param leader  the pod of the member that leads, or null
 * @param via     how the members were reached
 */
public record DeployEvidence(
        String namespace,
        String profile,
        String image,
        int replicas,
        List<String> applied,
        String configHash,
        List<PodFacts> pods,
        List<PodTransition> timeline,
        boolean orderedReady,
        List<MemberFacts> members,
        String leader,
        String via) {}
