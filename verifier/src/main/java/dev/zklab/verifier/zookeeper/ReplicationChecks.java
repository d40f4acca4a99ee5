package dev.zklab.verifier.zookeeper;

import dev.zklab.contracts.evidence.Check;
import dev.zklab.members.EnsembleConnection;
import dev.zklab.members.MemberAccess;
import dev.zklab.members.MemberAnswer;
import dev.zklab.members.MemberAnswers;
import dev.zklab.members.ZooKeeperTimeouts;
import dev.zklab.support.kubernetes.EnsembleNames;
import dev.zklab.support.wait.Deadline;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * The checks that write and read through chosen members: all members apply a write (in sync), and
 * the lab's sanity test ({@code /hello} = {@code world} written through zk-0 only, read through zk-1
 * only; after the durability step read through zk-2 only). Every connection is closed, every call bounded.
 */
public final class ReplicationChecks {

    public static final String IN_SYNC = "in-sync";
    public static final String HELLO_REPLICATED = "hello-replicated";
    public static final String HELLO_DURABLE = "hello-durable";

    public static final String HELLO_PATH = "/hello";
    public static final String HELLO_VALUE = "world";
    /** The znode the sync probe writes; it holds which verification wrote it last. */
    public static final String PROBE_PATH = "/zklab/verify";

    private final MemberAccess access;
    private final ZooKeeperTimeouts timeouts;

    public ReplicationChecks(MemberAccess access, ZooKeeperTimeouts timeouts) {
        this.access = access;
        this.timeouts = timeouts;
    }

    /**
     * Writes the probe through the serving members, then asks every member until each has applied
     * it (its zxid is at least the write's), until {@code settle} passes.
     */
    public Check inSync(List<Integer> members, List<Integer> serving, String probe, Deadline settle) {
        String expected = "every member has applied the verifier's write to " + PROBE_PATH + " (zxid >= the write's)";
        if (serving.isEmpty()) {
            return Check.fail(IN_SYNC, expected, "no member serves", "no member serves requests: see members-serving");
        }
        long written;
        try (EnsembleConnection zk = EnsembleConnection.open(access, serving, Optional.empty(), timeouts)) {
            zk.client()
                    .create()
                    .orSetData()
                    .creatingParentsIfNeeded()
                    .forPath(PROBE_PATH, probe.getBytes(StandardCharsets.UTF_8));
            written = zk.client().checkExists().forPath(PROBE_PATH).getMzxid();
        } catch (Exception e) {
            return Check.fail(
                    IN_SYNC,
                    expected,
                    "the write failed",
                    "writing " + PROBE_PATH + " through " + pods(serving) + " failed: " + MemberAnswers.rootMessage(e));
        }
        Instant wrote = Instant.now();
        List<MemberAnswer> answers = settle.settle(
                "every member to apply write " + hex(written),
                Duration.ofMillis(100),
                () -> MemberAnswers.status(access, members, timeouts.operation()),
                all -> all.stream()
                        .allMatch(a -> a.status().map(s -> s.zxid() >= written).orElse(false)));
        String observed = answers.stream()
                        .map(a -> a.pod() + " "
                                + a.status().map(s -> hex(s.zxid())).orElse("no answer"))
                        .collect(Collectors.joining(", "))
                + " (write " + hex(written) + ")";
        List<String> lagging = answers.stream()
                .filter(a -> !a.status().map(s -> s.zxid() >= written).orElse(false))
                .map(a -> a.pod() + " is at "
                        + a.status()
                                .map(s -> hex(s.zxid()))
                                .orElse("no answer (" + a.error().orElse("") + ")"))
                .toList();
        return Check.of(
                IN_SYNC,
                expected,
                observed,
                lagging.isEmpty()
                        ? List.of()
                        : List.of(String.join(", ", lagging) + " "
                                + Duration.between(wrote, Instant.now()).toSeconds() + " s after write "
                                + hex(written)),
                "a member that does not catch up is cut off from the leader; see its log");
    }

    /** The lab's sanity test: {@code /hello} written through one member only, read through another only. */
    public Check helloReplicated(int writer, int reader) {
        String expected = HELLO_PATH + " = " + HELLO_VALUE + " written through " + pod(writer)
                + " only, the same write read through " + pod(reader) + " only";
        long written;
        try (EnsembleConnection zk = EnsembleConnection.open(access, List.of(writer), Optional.empty(), timeouts)) {
            zk.client().create().orSetData().forPath(HELLO_PATH, HELLO_VALUE.getBytes(StandardCharsets.UTF_8));
            written = zk.client().checkExists().forPath(HELLO_PATH).getMzxid();
        } catch (Exception e) {
            return Check.fail(
                    HELLO_REPLICATED,
                    expected,
                    "the write failed",
                    "writing " + HELLO_PATH + " through " + pod(writer) + " failed: " + MemberAnswers.rootMessage(e));
        }
        Read read = read(reader);
        String observed = "written through " + pod(writer) + " at " + hex(written) + "; " + read.describe(reader);
        if (read.error != null) {
            return Check.fail(
                    HELLO_REPLICATED,
                    expected,
                    observed,
                    "reading " + HELLO_PATH + " through " + pod(reader) + " failed: " + read.error);
        }
        if (read.value == null) {
            return Check.fail(
                    HELLO_REPLICATED,
                    expected,
                    observed,
                    HELLO_PATH + " written through " + pod(writer)
                            + " does not exist through " + pod(reader) + ": " + pod(reader) + " is not in "
                            + pod(writer)
                            + "'s quorum (see members-serving and same-configuration)");
        }
        if (!HELLO_VALUE.equals(read.value) || read.mzxid != written) {
            return Check.fail(
                    HELLO_REPLICATED,
                    expected,
                    observed,
                    pod(reader) + " serves another " + HELLO_PATH + " than the one written through " + pod(writer)
                            + " (" + hex(read.mzxid) + " vs " + hex(written)
                            + "): the two members are not one ensemble");
        }
        return Check.pass(HELLO_REPLICATED, expected, observed);
    }

    /** After the durability step: {@code /hello}, written before it, read through one member only. */
    public Check helloDurable(int reader, String durabilityStep) {
        String expected = HELLO_PATH + " = " + HELLO_VALUE + " (written before " + durabilityStep + ") read through "
                + pod(reader) + " only";
        Read read = read(reader);
        String observed = read.describe(reader);
        if (read.error != null) {
            return Check.fail(
                    HELLO_DURABLE,
                    expected,
                    observed,
                    "reading " + HELLO_PATH + " through " + pod(reader) + " failed: " + read.error);
        }
        if (read.value == null) {
            return Check.fail(
                    HELLO_DURABLE,
                    expected,
                    observed,
                    HELLO_PATH + " does not exist after " + durabilityStep
                            + ": either the data did not survive the StatefulSet's deletion or it was never written; a verify step before"
                            + " the durability step writes it (the lab's order: deploy, verify, durability, verify)");
        }
        if (!HELLO_VALUE.equals(read.value)) {
            return Check.fail(
                    HELLO_DURABLE,
                    expected,
                    observed,
                    HELLO_PATH + " holds '" + read.value + "', not '" + HELLO_VALUE + "'");
        }
        return Check.pass(HELLO_DURABLE, expected, observed);
    }

    private record Read(String value, long mzxid, String error) {

        String describe(int reader) {
            if (error != null) {
                return "no read through " + pod(reader);
            }
            return value == null
                    ? "no " + HELLO_PATH + " through " + pod(reader)
                    : "read '" + value + "' through " + pod(reader) + " (written at " + hex(mzxid) + ")";
        }
    }

    private Read read(int reader) {
        try (EnsembleConnection zk = EnsembleConnection.open(access, List.of(reader), Optional.empty(), timeouts)) {
            // sync: the member catches up with the leader first, as a read after a write through another member must.
            zk.client().sync().forPath(HELLO_PATH);
            Stat stat = new Stat();
            byte[] data = zk.client().getData().storingStatIn(stat).forPath(HELLO_PATH);
            return new Read(new String(data, StandardCharsets.UTF_8), stat.getMzxid(), null);
        } catch (KeeperException.NoNodeException e) {
            return new Read(null, -1, null);
        } catch (Exception e) {
            return new Read(null, -1, MemberAnswers.rootMessage(e));
        }
    }

    private static String pod(int ordinal) {
        return EnsembleNames.podName(ordinal);
    }

    private static String pods(List<Integer> ordinals) {
        return ordinals.stream().map(ReplicationChecks::pod).collect(Collectors.joining(", "));
    }

    static String hex(long zxid) {
        return "0x" + Long.toHexString(zxid);
    }
}
