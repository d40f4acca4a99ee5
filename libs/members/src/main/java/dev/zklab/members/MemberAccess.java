package dev.zklab.members;

/**
 * The one way zklab reaches ZooKeeper member N of an ensemble: in-cluster DNS when zklab runs inside
 * the cluster, a port-forward through the API server when it runs outside (see {@link MemberAccesses}).
 * Every route is closed by whoever opened it.
 */
public interface MemberAccess {

    /** An open route to {@code port} of the member with this ordinal (pod {@code zk-<ordinal>}). */
    Route open(int ordinal, int port);

    /** How members are reached, for evidence and error messages (e.g. "port-forward via the API server"). */
    String describe();
}
