package dev.zklab.drainer.drill;

import dev.zklab.contracts.evidence.MemberFacts;
import dev.zklab.drainer.preflight.ClusterSnapshot;
import dev.zklab.support.wait.Deadline;
import java.util.List;
import java.util.Optional;

/** The ensemble a drill disrupts, as the engine and the disruptions wait on it ({@link LiveEnsemble} on a cluster). */
public interface DrilledEnsemble {

    /** Its members as deployed now. */
    int replicas();

    /** The cluster's state now, read once. */
    ClusterSnapshot snapshot();

    /** The node the member runs on; empty while it is Pending or does not exist. */
    Optional<String> nodeOf(String member);

    /** Waits until every member is Ready. */
    void awaitReady(Deadline deadline);

    /** Waits (boundedly, without failing) until every member is Ready or confirmed unschedulable; returns the Pending ones. */
    List<String> settle(Deadline deadline);

    /** Waits (boundedly, without failing) until the ensemble's budget counts every Ready member again. */
    void settleBudget(Deadline deadline);

    /** Waits until the member is Ready and serving in the quorum again. */
    void awaitServing(String member, Deadline deadline);

    /** Waits until the node is Ready. */
    void awaitNodeReady(String node, Deadline deadline);

    /** Waits until every member serves in one quorum; returns who leads and who follows. */
    List<MemberFacts> awaitQuorum(Deadline deadline);
}
