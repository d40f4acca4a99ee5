package dev.zklab.contracts.evidence;

/**
 * What {@code setup-storage} records: the StorageClass the ensemble's volumes come from, and the proof
 * that it really provisions — a throwaway claim that bound (with a pod, when binding waits for the
 * first consumer), then removed.
 *
 * @param storageClass     its name (the lab's {@code fast})
 * @param provisioner      who provisions its volumes (e.g. {@code pd.csi.storage.gke.io})
 * @param parameters       its parameters, as {@code key=value, ...} (e.g. {@code type=pd-ssd})
 * @param bindingMode      {@code Immediate} or {@code WaitForFirstConsumer}
 * @param applied          whether zklab created or updated it ({@code false}: it was there as needed)
 * @param claim            the throwaway claim's name
 * @param volume           the volume the claim was bound to
 * @param withConsumerPod  whether a pod had to use the claim before it bound
 * @param bindMillis       from the claim's creation to its binding
 */
public record StorageEvidence(
        String storageClass,
        String provisioner,
        String parameters,
        String bindingMode,
        boolean applied,
        String claim,
        String volume,
        boolean withConsumerPod,
        long bindMillis) {}
