package dev.zklab.gateway.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zklab.common.api.RunStatus;
import dev.zklab.common.api.RunUpdate;
import dev.zklab.common.api.RunView;
import dev.zklab.common.events.CloudEvent;
import dev.zklab.common.events.EventCodec;
import dev.zklab.common.run.ClusterSpec;
import dev.zklab.common.run.RunOptions;
import dev.zklab.common.run.RunSpec;
import dev.zklab.common.run.StepSpec;
import dev.zklab.gateway.eventlog.EventStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's locking, with a scripted event store (no broker): reads are answered while Kafka
 * holds a publish, and an event the gateway publishes is applied once, whichever of the publisher and
 * the events reader gets to it first.
 */
class RunCoordinatorTest {

    /** Bound of a read that must not wait for Kafka; it would wait for ever if the lock were held. */
    private static final long READ_BOUND_SECONDS = 10;

    private final ScriptedStore store = new ScriptedStore();
    private final RunCoordinator coordinator = new RunCoordinator(store, new RunMetrics(new SimpleMeterRegistry()),
            Duration.ofMillis(200));

    @AfterEach
    void close() {
        store.release();
        coordinator.close();
    }

    @Test
    void aReadIsAnsweredWhileKafkaHoldsAPublish() throws Exception {
        coordinator.onCaughtUp();
        RunView run = coordinator.create(spec(), null);
        store.holdNextAppend();
        CompletableFuture<RunView> cancel = CompletableFuture.supplyAsync(() -> coordinator.cancel(run.id(), "test"));
        store.awaitHeld();

        RunView during = CompletableFuture.supplyAsync(() -> coordinator.view(run.id()).orElseThrow())
                .get(READ_BOUND_SECONDS, TimeUnit.SECONDS);
        assertThat(during.state()).isEqualTo(RunStatus.RUNNING);
        assertThat(CompletableFuture.supplyAsync(() -> coordinator.list(Optional.empty(), 0, 10).total())
                .get(READ_BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(cancel).isNotDone();

        store.release();
        assertThat(cancel.get(READ_BOUND_SECONDS, TimeUnit.SECONDS).state()).isIn(RunStatus.CLEANING_UP, RunStatus.CANCELLED);
    }

    @Test
    void anEventTheGatewayPublishesIsAppliedOnceWhoeverSeesItFirst() {
        coordinator.onCaughtUp();
        // The events reader sees each event the moment Kafka takes it, before the publisher applies it...
        store.onAppend(event -> coordinator.onEvent(event, new EventCodec().payload(event)));
        RunView first = coordinator.create(spec(), null);
        // ...or only after it.
        store.onAppend(event -> { });
        RunView second = coordinator.create(spec(), null);
        store.appended.forEach(event -> coordinator.onEvent(event, new EventCodec().payload(event)));

        for (RunView run : List.of(first, second)) {
            await().atMost(Duration.ofSeconds(READ_BOUND_SECONDS)).untilAsserted(() -> assertThat(coordinator.history(run.id()))
                    .extracting(RunUpdate::type).containsOnlyOnce("dev.zklab.run.requested.v1", "dev.zklab.step.requested.v1"));
        }
    }

    private static RunSpec spec() {
        return new RunSpec(new ClusterSpec("local", "c", null, null, null), null, List.of(StepSpec.of("verify")),
                new RunOptions(true, null, null, null));
    }

    /** Takes every event at once, unless told to hold the next one until released. */
    private static final class ScriptedStore implements EventStore {

        final List<CloudEvent> appended = new CopyOnWriteArrayList<>();
        private volatile CountDownLatch hold = new CountDownLatch(0);
        private final CountDownLatch held = new CountDownLatch(1);
        private volatile boolean holdNext;
        private volatile Consumer<CloudEvent> onAppend = event -> { };

        @Override
        public void append(CloudEvent event) {
            if (holdNext) {
                holdNext = false;
                held.countDown();
                try {
                    hold.await(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            appended.add(event);
            onAppend.accept(event);
        }

        @Override
        public void command(String topic, CloudEvent event) {
        }

        void holdNextAppend() {
            hold = new CountDownLatch(1);
            holdNext = true;
        }

        void awaitHeld() throws InterruptedException {
            assertThat(held.await(READ_BOUND_SECONDS, TimeUnit.SECONDS)).as("the publish reached the store").isTrue();
        }

        void release() {
            hold.countDown();
        }

        void onAppend(Consumer<CloudEvent> consumer) {
            onAppend = consumer;
        }
    }
}
