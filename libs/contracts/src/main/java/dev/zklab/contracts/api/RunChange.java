package dev.zklab.contracts.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What changed in a run, for someone following it ({@code GET /api/runs/{id}/changes}): the first change of a stream
 * carries the whole run ({@code run}); each after it the run's own fields and only the steps that changed, as they are
 * now. {@link #applyTo} gives the run after the change, so a follower never reads the whole run again.
 */
public record RunChange(
        RunView run,
        RunStatus state,
        Instant updatedAt,
        Instant endedAt,
        String reason,
        String cancelledBy,
        List<StepView> steps) {

    /** The first change of a stream: the run as it is. */
    public static RunChange whole(RunView run) {
        return new RunChange(run, null, null, null, null, null, null);
    }

    /** From {@code before} to {@code after} (the same run): its fields, and the steps whose view differs. */
    public static RunChange between(RunView before, RunView after) {
        Map<String, StepView> was =
                before.steps().stream().collect(Collectors.toMap(StepView::id, Function.identity()));
        List<StepView> changed = after.steps().stream()
                .filter(step -> !step.equals(was.get(step.id())))
                .toList();
        return new RunChange(
                null, after.state(), after.updatedAt(), after.endedAt(), after.reason(), after.cancelledBy(), changed);
    }

    /** The run after this change; {@code before} is ignored for the first change of a stream (it carries the run). */
    public RunView applyTo(RunView before) {
        if (run != null) {
            return run;
        }
        if (before == null) {
            throw new IllegalStateException(
                    "a change without the whole run came first; the stream must begin with the run");
        }
        Map<String, StepView> now = steps.stream().collect(Collectors.toMap(StepView::id, Function.identity()));
        List<StepView> merged = new ArrayList<>(before.steps().size());
        before.steps().forEach(step -> merged.add(now.getOrDefault(step.id(), step)));
        return new RunView(
                before.id(),
                state,
                before.spec(),
                before.createdAt(),
                updatedAt,
                endedAt,
                reason,
                List.copyOf(merged),
                before.requestedBy(),
                cancelledBy);
    }
}
