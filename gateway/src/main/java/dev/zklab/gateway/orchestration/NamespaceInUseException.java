package dev.zklab.gateway.orchestration;

/** A run was asked for an ensemble's namespace that a run still in flight uses on the same cluster. */
public class NamespaceInUseException extends RuntimeException {
    public NamespaceInUseException(String namespace, String cluster, String runId) {
        super(
                "namespace " + namespace + " of cluster " + cluster + " is used by run " + runId
                        + ", which has not ended;"
                        + " two runs must not share an ensemble: wait for it to end (or cancel it), or choose another ensemble.namespace");
    }
}
