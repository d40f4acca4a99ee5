package dev.zklab.verifier.zookeeper;

import dev.zklab.contracts.evidence.Check;
import dev.zklab.members.MemberAccess;
import dev.zklab.members.MemberAnswer;
import dev.zklab.members.MemberAnswers;
import dev.zklab.members.ZooKeeperTimeouts;
import dev.zklab.support.wait.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The ZooKeeper-level checks of an ensemble, in order: what each member says about itself, that all
 * apply a write, and the lab's sanity test (or, after the durability step, its read through zk-2).
 */
public final class ZooKeeperVerification {

    /** The lab's members for the sanity test: write through zk-0, read through zk-1; after durability read through zk-2. */
    static final int WRITER = 0;

    static final int READER = 1;
    static final int DURABLE_READER = 2;

    private final MemberAccess access;
    private final Duration memberTimeout;
    private final Deadline settle;

    /**
     * @param memberTimeout bound of each question to a member and of each connection
     * @param settle        until when members may take to apply the probe write
     */
    public ZooKeeperVerification(MemberAccess access, Duration memberTimeout, Deadline settle) {
        this.access = access;
        this.memberTimeout = memberTimeout;
        this.settle = settle;
    }

    /**
     * @param expectedServers  the server lines the members should hold, by server id
     * @param afterDurability  the durability step this verification follows, if it does
     * @param probe            what the sync probe writes (which verification this is)
     */
    public List<Check> run(
            int replicas, Map<Integer, String> expectedServers, Optional<String> afterDurability, String probe) {
        List<Integer> members = IntStream.range(0, replicas).boxed().toList();
        List<MemberAnswer> answers = MemberAnswers.ask(access, members, memberTimeout);
        List<Check> checks = new ArrayList<>(MemberChecks.evaluate(answers, expectedServers));
        ReplicationChecks replication = new ReplicationChecks(access, timeouts());
        List<Integer> serving = answers.stream()
                .filter(MemberAnswer::serving)
                .map(MemberAnswer::ordinal)
                .toList();
        checks.add(replication.inSync(members, serving, probe, settle));
        if (afterDurability.isPresent()) {
            checks.add(
                    replicas > DURABLE_READER
                            ? replication.helloDurable(DURABLE_READER, afterDurability.get())
                            : Check.fail(
                                    ReplicationChecks.HELLO_DURABLE,
                                    "a read through zk-" + DURABLE_READER,
                                    replicas + " members",
                                    "the ensemble has no zk-" + DURABLE_READER + " to read through"));
        } else {
            checks.add(
                    replicas > READER
                            ? replication.helloReplicated(WRITER, READER)
                            : Check.fail(
                                    ReplicationChecks.HELLO_REPLICATED,
                                    "a read through zk-" + READER,
                                    replicas + " members",
                                    "the ensemble has no zk-" + READER + " to read through"));
        }
        return checks;
    }

    private ZooKeeperTimeouts timeouts() {
        Duration session = memberTimeout.multipliedBy(2);
        return new ZooKeeperTimeouts(memberTimeout, session, memberTimeout);
    }
}
