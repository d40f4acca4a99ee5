package dev.zklab.contracts.evidence;

import java.time.Instant;

/**
 * One change of an ensemble pod as a watch saw it, in the order the API server reported it: the
 * deployer records them, the verifier judges the start order from them.
 *
 * @param what {@link #PRESENT}, {@link #CREATED}, {@link #READY}, {@link #NOT_READY} or {@link #DELETED}
 */
public record PodTransition(String pod, String what, Instant seen) {

    /** The pod existed before the watch began (a step run again, say): when it was created is not known. */
    public static final String PRESENT = "present";

    public static final String CREATED = "created";
    public static final String READY = "ready";
    public static final String NOT_READY = "not-ready";
    public static final String DELETED = "deleted";
}
