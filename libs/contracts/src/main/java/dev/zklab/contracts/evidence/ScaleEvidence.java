package dev.zklab.contracts.evidence;

import java.util.List;
import java.util.Map;

/**
 * What the scale step records: the number of voting members before and after, how they were reached, each change
 * of the configuration (a member added or removed by dynamic reconfiguration) with the servers it left and whether
 * every member then saw them, and the pods at the end.
 */
public record ScaleEvidence(int from, int to, String via, List<Change> changes, List<PodFacts> pods) {

    /**
     * One reconfiguration: {@code add zk-3} or {@code remove zk-3}, the configuration's version (hex, as ZooKeeper
     * writes it), its servers by server id, and by pod whether that member's view of the servers matched.
     */
    public record Change(
            String change, String configVersion, Map<Integer, String> servers, Map<String, Boolean> membersAgree) {}
}
