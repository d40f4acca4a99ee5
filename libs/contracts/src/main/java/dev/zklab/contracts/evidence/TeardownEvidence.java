package dev.zklab.contracts.evidence;

import java.util.List;

/**
 * What {@code teardown} records: whether the cluster was deleted (only one the run created), or else what
 * the run had made on it that was removed.
 *
 * @param provider       the cluster's provider
 * @param name           the cluster's name
 * @param clusterDeleted whether the cluster was deleted (false: it was not the run's, or was already gone)
 * @param removed        what else was removed (e.g. {@code namespace zk-1a2b3c4d}); empty when nothing was left
 * @param reason         why this was done, in a sentence
 * @param seconds        how long it took
 */
public record TeardownEvidence(
        String provider, String name, boolean clusterDeleted, List<String> removed, String reason, double seconds) {}
