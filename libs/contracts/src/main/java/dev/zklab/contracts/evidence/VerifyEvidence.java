package dev.zklab.contracts.evidence;

import java.util.List;

/**
 * What the verify step records, passed or failed: every check with expected and observed values, and
 * where the time went.
 *
 * @param after the step the verification follows, or null
 */
public record VerifyEvidence(
        String namespace,
        int replicas,
        String after,
        String via,
        int passed,
        int failed,
        long tookMillis,
        Timings timings,
        List<Check> checks) {

    /** The Kubernetes part (and how many snapshot reads it took to settle) and the ZooKeeper part. */
    public record Timings(long kubernetesMillis, int snapshotReads, long zookeeperMillis) {}
}
