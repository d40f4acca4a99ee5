package dev.zklab.drainer.drain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The API server's answers to an Eviction, as kube-apiserver words them. */
class EvictionApiTest {

    @Test
    void a429KeepsTheBudgetsCause() {
        EvictionApi.Answer answer = EvictionApi.answer("zk", "zk-2", 429, """
                {"kind":"Status","apiVersion":"v1","status":"Failure","message":"Cannot evict pod as it would violate the pod's disruption budget.",
                 "reason":"TooManyRequests","details":{"causes":[{"reason":"DisruptionBudget",
                 "message":"The disruption budget zk-pdb needs 2 healthy pods and has 2 currently"}]},"code":429}""");
        assertThat(answer)
                .isEqualTo(new EvictionApi.Refused(
                        "zk-pdb", "The disruption budget zk-pdb needs 2 healthy pods and has 2 currently"));
    }

    @Test
    void successGoneAndOtherErrors() {
        assertThat(EvictionApi.answer("zk", "zk-0", 201, "{}")).isInstanceOf(EvictionApi.Evicted.class);
        assertThat(EvictionApi.answer("zk", "zk-0", 404, "{\"message\":\"pods \\\"zk-0\\\" not found\"}"))
                .isInstanceOf(EvictionApi.Gone.class);
        assertThat(EvictionApi.answer(
                        "zk",
                        "zk-0",
                        409,
                        "{\"message\":\"Precondition failed: UID in precondition: a, UID in object meta: b\"}"))
                .isInstanceOf(EvictionApi.Gone.class);
        assertThatThrownBy(
                        () -> EvictionApi.answer(
                                "zk",
                                "zk-0",
                                500,
                                "{\"message\":\"This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.\"}"))
                .hasMessage(
                        "the eviction of zk/zk-0 failed: HTTP 500: This pod has more than one PodDisruptionBudget, which the eviction"
                                + " subresource does not support.");
    }
}
