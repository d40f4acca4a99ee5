package dev.zklab.contracts.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which parts of a run spec need the admin role (plain JUnit): keeping a cluster and forcing a drill, named by field. */
class RunPrivilegesTest {

    @Test
    void keepingAClusterAForcedDrillAndEvictingOthersPodsNeedAnAdminAndAreNamed() {
        RunSpec spec = new RunSpec(
                null,
                null,
                List.of(
                        StepSpec.of("deploy"),
                        new StepSpec("drain", Map.of("force", "TRUE")),
                        new StepSpec("drain", Map.of("evictOthers", "true"))),
                new RunOptions(true, null, null, null));

        assertThat(RunPrivileges.adminOnly(spec))
                .extracting(FieldError::field)
                .containsExactly("options.keepCluster", "steps[1].params.force", "steps[2].params.evictOthers");
    }

    @Test
    void theLabAsItIsNeedsNoAdmin() {
        assertThat(RunPrivileges.adminOnly(new RunSpec(null, null, null, null))).isEmpty();
        assertThat(RunPrivileges.adminOnly(new RunSpec(
                        null,
                        null,
                        List.of(new StepSpec("drain", Map.of("force", "false"))),
                        new RunOptions(false, null, null, null))))
                .isEmpty();
    }
}
