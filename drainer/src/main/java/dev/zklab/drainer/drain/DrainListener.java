package dev.zklab.drainer.drain;

import dev.zklab.contracts.evidence.DrainEvidence.Eviction;
import dev.zklab.contracts.evidence.DrainEvidence.Refusal;

/** Told about each eviction and each refusal as it happens: metrics and progress events. */
public interface DrainListener {

    void refused(Refusal refusal);

    void evicted(Eviction eviction);

    DrainListener NONE = new DrainListener() {
        @Override
        public void refused(Refusal refusal) {}

        @Override
        public void evicted(Eviction eviction) {}
    };
}
