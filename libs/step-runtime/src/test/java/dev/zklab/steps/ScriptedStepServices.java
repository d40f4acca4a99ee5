package dev.zklab.steps;

import dev.zklab.contracts.events.EventCodec;
import dev.zklab.contracts.events.RunCancelled;
import dev.zklab.contracts.events.RunEvent;
import dev.zklab.contracts.events.StepFailed;
import dev.zklab.contracts.events.StepRequested;
import dev.zklab.contracts.events.StepStarted;
import dev.zklab.contracts.events.StepSucceeded;
import dev.zklab.contracts.evidence.Check;
import dev.zklab.contracts.evidence.VerifyEvidence;
import dev.zklab.contracts.messaging.Service;
import dev.zklab.contracts.messaging.Topics;
import dev.zklab.contracts.run.Step;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plays the four step services over the real Kafka broker, answering at once, so the gateway's
 * orchestration can be driven through every path. What it does with a step is scripted by the
 * step's {@code test.behaviour} parameter: succeed (default), fail, fail-once-retryable, hang,
 * hold (until {@link #release}), duplicate (answers twice), checks (a failed verification whose
 * evidence holds checks, one of them with markup in its message).
 */
public final class ScriptedStepServices implements AutoCloseable {

    public static final String BEHAVIOUR = "test.behaviour";

    private final KafkaTestClient kafka;
    private final EventCodec codec = new EventCodec();
    private final List<RunEvent> commands = new CopyOnWriteArrayList<>();
    private final Set<String> released = ConcurrentHashMap.newKeySet();
    private final List<StepRequested> held = new CopyOnWriteArrayList<>();

    public ScriptedStepServices(String bootstrap) {
        kafka = new KafkaTestClient(bootstrap);
        kafka.listen(
                r -> {
                    RunEvent payload;
                    try {
                        payload = codec.read(r.value()).payload();
                    } catch (RuntimeException e) {
                        return;
                    }
                    commands.add(payload);
                    if (payload instanceof StepRequested command) {
                        answer(command);
                    }
                },
                Topics.PROVISIONER_COMMANDS,
                Topics.DEPLOYER_COMMANDS,
                Topics.VERIFIER_COMMANDS,
                Topics.DRAINER_COMMANDS);
    }

    private void answer(StepRequested command) {
        Service owner = Step.byId(command.step()).orElseThrow().owner();
        String behaviour = command.params().getOrDefault(BEHAVIOUR, "succeed");
        send(owner, new StepStarted(command.runId(), command.stepId(), command.attempt(), owner.id()));
        switch (behaviour) {
            case "fail" ->
                send(
                        owner,
                        new StepFailed(
                                command.runId(), command.stepId(), command.attempt(), "scripted failure", false));
            case "fail-once-retryable" -> {
                if (command.attempt() == 1) {
                    send(
                            owner,
                            new StepFailed(command.runId(), command.stepId(), 1, "scripted transient failure", true));
                } else {
                    succeed(owner, command);
                }
            }
            case "hang" -> {}
            case "hold" -> {
                if (released.contains(command.runId())) {
                    succeed(owner, command);
                } else {
                    held.add(command);
                }
            }
            case "checks" ->
                send(
                        owner,
                        new StepFailed(
                                command.runId(),
                                command.stepId(),
                                command.attempt(),
                                "1 of 2 checks failed: pdb: <b>zk-pdb</b> is missing",
                                false,
                                EventCodec.mapper()
                                        .valueToTree(new VerifyEvidence(
                                                "zk-test",
                                                3,
                                                null,
                                                "scripted",
                                                1,
                                                1,
                                                10,
                                                new VerifyEvidence.Timings(5, 1, 5),
                                                List.of(
                                                        Check.pass(
                                                                "one-leader",
                                                                "exactly one leader",
                                                                "zk-0 leader, zk-1 follower"),
                                                        Check.fail(
                                                                "pdb",
                                                                "zk-pdb: maxUnavailable 1",
                                                                "no PodDisruptionBudget zk-pdb",
                                                                "<b>zk-pdb</b> is missing"))))));
            case "duplicate" -> {
                succeed(owner, command);
                succeed(owner, command);
            }
            default -> succeed(owner, command);
        }
    }

    private void succeed(Service owner, StepRequested command) {
        send(
                owner,
                new StepSucceeded(
                        command.runId(),
                        command.stepId(),
                        command.attempt(),
                        EventCodec.mapper()
                                .createObjectNode()
                                .put("scripted", true)
                                .put("step", command.step())));
    }

    private void send(Service source, RunEvent event) {
        kafka.send(Topics.EVENTS, source, event);
    }

    /** Lets the held steps of a run succeed. */
    public void release(String runId) {
        released.add(runId);
        for (StepRequested command : held) {
            if (command.runId().equals(runId)) {
                held.remove(command);
                succeed(Step.byId(command.step()).orElseThrow().owner(), command);
            }
        }
    }

    /** Commands of a run that reached the services' command topics. */
    public List<StepRequested> commandsOf(String runId) {
        return commands.stream()
                .filter(StepRequested.class::isInstance)
                .map(StepRequested.class::cast)
                .filter(c -> c.runId().equals(runId))
                .toList();
    }

    public List<RunCancelled> cancellationsOf(String runId) {
        return commands.stream()
                .filter(RunCancelled.class::isInstance)
                .map(RunCancelled.class::cast)
                .filter(c -> c.runId().equals(runId))
                .toList();
    }

    public KafkaTestClient kafka() {
        return kafka;
    }

    @Override
    public void close() {
        kafka.close();
    }
}
