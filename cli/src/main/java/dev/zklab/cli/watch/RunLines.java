package dev.zklab.cli.watch;

import dev.zklab.cli.output.Style;
import dev.zklab.cli.output.Text;
import dev.zklab.contracts.api.RunView;
import dev.zklab.contracts.api.StepStatus;
import dev.zklab.contracts.api.StepView;
import dev.zklab.support.text.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a followed run looks like, as pure functions of the run (and the time): the live view a terminal
 * redraws in place: a line for the run, then one per step with its status, elapsed time and latest
 * message: and, where the output is not a terminal, the plain lines that say what changed since last time.
 */
public final class RunLines {

    private static final int STATUS = 9;

    private RunLines() {}

    /** The live view: every line at most {@code width} characters (so that none wraps and the redraw stays in place). */
    public static List<String> live(RunView run, Instant now, int width, Style style) {
        List<String> lines = new ArrayList<>();
        int idWidth = run.steps().stream().mapToInt(s -> s.id().length()).max().orElse(0);
        String head = "run " + Text.shortId(run.id()) + "  " + run.state() + "  "
                + Durations.human(elapsed(run.createdAt(), run.endedAt(), now)) + "  " + cluster(run);
        lines.add(style.bold(Text.cut(head, width)));
        for (StepView step : run.steps()) {
            String status = step.status().name();
            String time =
                    step.startedAt() == null ? "" : Durations.human(elapsed(step.startedAt(), step.endedAt(), now));
            String prefix = "  " + pad(step.id(), idWidth) + "  " + pad(status, STATUS) + "  " + pad(time, 12) + "  ";
            String message = Text.cut(message(step), width - prefix.length());
            String plain = (prefix + message).stripTrailing();
            if (plain.length() > width) {
                lines.add(Text.cut(plain, width));
                continue;
            }
            String shown = message.isEmpty()
                    ? ""
                    : step.status() == StepStatus.FAILED ? style.red(message) : style.dim(message);
            lines.add(("  " + pad(step.id(), idWidth) + "  " + style.state(status)
                            + " ".repeat(Math.max(0, STATUS - status.length())) + "  "
                            + (shown.isEmpty() ? time : pad(time, 12) + "  " + shown))
                    .stripTrailing());
        }
        return lines;
    }

    /** What changed from {@code before} (null: nothing seen yet) to {@code after}, a line each, oldest first. */
    public static List<String> changes(RunView before, RunView after, Style style) {
        List<String> lines = new ArrayList<>();
        if (before == null) {
            lines.add("run " + Text.shortId(after.id()) + " "
                    + style.state(after.state().name()) + " (" + cluster(after) + ")");
        }
        int idWidth =
                after.steps().stream().mapToInt(s -> s.id().length()).max().orElse(0);
        for (int i = 0; i < after.steps().size(); i++) {
            StepView now = after.steps().get(i);
            StepView then = before == null || i >= before.steps().size()
                    ? null
                    : before.steps().get(i);
            List<String> seen = then == null || then.progress() == null ? List.of() : then.progress();
            List<String> progress = now.progress() == null ? List.of() : now.progress();
            boolean statusChanged = then == null
                    ? now.status() != StepStatus.PENDING
                    : then.status() != now.status() || then.attempts() != now.attempts();
            // Progress first: a step that reported and ended between two looks reads in the order it happened.
            for (int p = Math.min(seen.size(), progress.size()); p < progress.size(); p++) {
                if (then == null && now.status() == StepStatus.PENDING) {
                    break;
                }
                lines.add("  " + pad(now.id(), idWidth) + "  " + progress.get(p));
            }
            if (statusChanged) {
                lines.add("  " + pad(now.id(), idWidth) + "  "
                        + style.state(now.status().name()) + outcome(now));
            }
        }
        if (after.state().isFinal() && (before == null || !before.state().isFinal())) {
            lines.add("run " + Text.shortId(after.id()) + " "
                    + style.state(after.state().name())
                    + (after.endedAt() == null
                            ? ""
                            : " in " + Durations.human(Duration.between(after.createdAt(), after.endedAt())))
                    + (after.reason() == null ? "" : ": " + after.reason()));
        }
        return lines;
    }

    private static String outcome(StepView step) {
        String attempt = step.attempts() > 1 ? " (attempt " + step.attempts() + ")" : "";
        String took = step.startedAt() != null && step.endedAt() != null
                ? " in " + Durations.human(Duration.between(step.startedAt(), step.endedAt()))
                : "";
        return attempt
                + took
                + (step.reason() == null || step.status() == StepStatus.SUCCEEDED ? "" : ": " + step.reason());
    }

    /** The step's latest word: why it failed (or was skipped, cancelled), else its latest progress message. */
    public static String message(StepView step) {
        if (step.reason() != null && step.status() != StepStatus.SUCCEEDED) {
            return step.reason();
        }
        List<String> progress = Objects.requireNonNullElse(step.progress(), List.of());
        return progress.isEmpty() ? "" : progress.get(progress.size() - 1);
    }

    private static String cluster(RunView run) {
        return run.spec() == null || run.spec().cluster() == null
                ? ""
                : run.spec().cluster().provider() + "/" + run.spec().cluster().name();
    }

    private static Duration elapsed(Instant from, Instant to, Instant now) {
        Duration elapsed = Duration.between(from, to == null ? now : to);
        return elapsed.isNegative() ? Duration.ZERO : elapsed;
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
