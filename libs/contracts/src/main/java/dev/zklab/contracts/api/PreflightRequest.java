package dev.zklab.contracts.api;

import dev.zklab.contracts.cluster.ClusterRef;
import java.util.Map;

/**
 * A request for a drill's preflight ({@code POST /api/drain-preflight}, the gateway's and the drainer's): what each
 * drain of the plan would do to the ensemble's pods, touching nothing.
 *
 * @param cluster   which cluster (as in a run: provider and name)
 * @param namespace the ensemble's namespace
 * @param params    the drain step's parameters ({@code plan}, {@code force}, ...); none for the lab's drill
 */
public record PreflightRequest(ClusterRef cluster, String namespace, Map<String, String> params) {}
