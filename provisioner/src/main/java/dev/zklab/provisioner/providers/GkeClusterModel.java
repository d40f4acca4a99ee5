package dev.zklab.provisioner.providers;

import com.google.container.v1.Cluster;
import com.google.container.v1.NodeConfig;
import com.google.container.v1.NodePool;
import java.util.Map;
import java.util.Optional;

/**
 * The GKE cluster zklab asks for (pure): the lab's {@code gcloud container clusters create lab-zookeeper
 * --num-nodes 4 --machine-type n1-standard-2}, one node pool, marked with the run that creates it.
 */
public final class GkeClusterModel {

    /** Resource label carrying the id of the run that created the cluster: how teardown knows it is the run's. */
    public static final String RUN_LABEL = "zklab-run";

    static final String POOL = "default-pool";

    private GkeClusterModel() {}

    public static Cluster of(ClusterOrder order) {
        return Cluster.newBuilder()
                .setName(order.ref().name())
                .setDescription("ZooKeeper lab cluster of zklab run " + order.runId())
                .putAllResourceLabels(Map.of(RUN_LABEL, order.runId(), "managed-by", "zklab"))
                .addNodePools(NodePool.newBuilder()
                        .setName(POOL)
                        .setInitialNodeCount(order.nodes())
                        .setConfig(NodeConfig.newBuilder()
                                .setMachineType(order.machineType())
                                .addOauthScopes("https://www.googleapis.com/auth/cloud-platform")))
                .build();
    }

    /** The run that created the cluster, when zklab did. */
    public static Optional<String> creator(Cluster cluster) {
        return Optional.ofNullable(cluster.getResourceLabelsMap().get(RUN_LABEL));
    }
}
