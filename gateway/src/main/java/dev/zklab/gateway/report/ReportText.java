package dev.zklab.gateway.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.zklab.contracts.api.StepView;
import dev.zklab.contracts.evidence.Check;
import java.util.List;

/**
 * Renders a run report as plain text for a terminal: each step with its outcome and its evidence as
 * YAML; a verification's checks first, one block each.
 */
public final class ReportText {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private ReportText() {}

    public static String render(RunReport report) {
        var run = report.run();
        StringBuilder text = new StringBuilder();
        text.append("zklab run ")
                .append(run.id())
                .append(": ")
                .append(run.state())
                .append(" — ")
                .append(report.summary().verdict());
        if (report.summary().durationSeconds() != null) {
            text.append(" (").append(report.summary().durationSeconds()).append(" s)");
        }
        text.append('\n')
                .append("cluster ")
                .append(run.spec().cluster().provider())
                .append('/')
                .append(run.spec().cluster().name())
                .append(" · ensemble of ")
                .append(run.spec().ensemble().replicas())
                .append(" members, ")
                .append(run.spec().ensemble().imageProfile())
                .append(" profile, namespace ")
                .append(run.spec().ensemble().namespace())
                .append("\n");
        if (run.requestedBy() != null || run.cancelledBy() != null) {
            text.append(run.requestedBy() == null ? "" : "requested by " + run.requestedBy())
                    .append(run.requestedBy() != null && run.cancelledBy() != null ? " · " : "")
                    .append(run.cancelledBy() == null ? "" : "cancelled by " + run.cancelledBy())
                    .append('\n');
        }
        if (report.comparedDrill() != null) {
            text.append("\ndrill compared with run ")
                    .append(report.comparedDrill().runId())
                    .append('\n')
                    .append(drill("this run", report.summary().drill()))
                    .append(drill("run " + report.comparedDrill().runId(), report.comparedDrill()));
        }
        for (StepSection section : StepSection.of(report)) {
            text.append(step(section));
        }
        return text.toString();
    }

    /** One step: its id, service, status, time and attempts, why it failed, its checks and its evidence. */
    private static String step(StepSection section) {
        StringBuilder text = new StringBuilder();
        StepView step = section.step();
        text.append('\n')
                .append(step.id())
                .append(step.cleanup() ? " (cleanup)" : "")
                .append("  ")
                .append(step.service())
                .append("  ")
                .append(step.status());
        if (section.seconds() != null) {
            text.append("  ").append(section.seconds()).append(" s");
        }
        if (step.attempts() > 1) {
            text.append("  (").append(step.attempts()).append(" attempts)");
        }
        text.append('\n');
        if (step.reason() != null) {
            text.append("  reason: ").append(step.reason()).append('\n');
        }
        text.append(checks(section.checks()));
        if (section.evidence() != null) {
            text.append(indent(yaml(section.evidence())));
        }
        return text.toString();
    }

    private static String drill(String whose, DrillFigures drill) {
        if (drill == null) {
            return "  " + whose + ": no drill\n";
        }
        return "  " + whose + ": " + (drill.budget() ? "with" : "without") + " its PodDisruptionBudget; quorum "
                + (drill.quorumLost() ? "LOST" : "kept") + "; " + drill.drains() + "; " + drill.refusals()
                + " evictions refused;"
                + " availability " + drill.availability() + ", longest time without a write "
                + drill.longestWriteGapSeconds()
                + ", " + drill.lost() + " writes lost\n";
    }

    /** A verification's checks, one block each: the verdict and name, then expected, observed and why it failed. */
    private static String checks(List<Check> checks) {
        StringBuilder text = new StringBuilder();
        for (Check check : checks) {
            text.append("  ")
                    .append(check.passed() ? "[pass] " : "[FAIL] ")
                    .append(check.name())
                    .append('\n')
                    .append("         expected: ")
                    .append(check.expected())
                    .append('\n')
                    .append("         observed: ")
                    .append(check.observed())
                    .append('\n');
            if (!check.passed() && check.message() != null) {
                text.append("         why:      ").append(check.message()).append('\n');
            }
        }
        return text.toString();
    }

    private static String yaml(Object value) {
        try {
            return YAML.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value) + "\n";
        }
    }

    private static String indent(String block) {
        return block.lines().map(l -> "  " + l + "\n").reduce("", String::concat);
    }
}
