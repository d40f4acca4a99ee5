package dev.zklab.contracts.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zklab.contracts.run.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void aProblemsTypeIsItsTitleUnderZklabsProblems() {
        assertThat(Problem.of(404, "Run not found", "no run 4f", List.of()).type())
                .isEqualTo("https://zklab.dev/problems/run-not-found");
        assertThat(Problem.typeOf("Idempotency-Key reused"))
                .isEqualTo("https://zklab.dev/problems/idempotency-key-reused");
        assertThat(Problem.typeOf("No ensemble to drill")).isEqualTo("https://zklab.dev/problems/no-ensemble-to-drill");
    }

    @Test
    void aProblemWithoutBadFieldsHasNoErrorsList() {
        assertThat(Problem.of(400, "Invalid run spec", "d", List.of()).errors()).isNull();
        assertThat(Problem.of(
                                400,
                                "Invalid run spec",
                                "d",
                                List.of(new FieldError("ensemble.replicas", "must be 1 to 7")))
                        .errors())
                .hasSize(1);
    }
}
