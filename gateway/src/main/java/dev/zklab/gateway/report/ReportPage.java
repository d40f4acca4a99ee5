package dev.zklab.gateway.report;

import io.quarkus.qute.TemplateInstance;
import java.util.List;

/**
 * Renders a run report as a self-contained HTML page for people, from the Qute template
 * {@code templates/ReportPage/report.html} (checked against these types when the gateway is built;
 * everything it prints is escaped).
 */
public final class ReportPage {

    private ReportPage() {
    }

    /** The page's template and what it is given. */
    record report(RunReport report, List<StepSection> steps, String timeline) implements TemplateInstance {
    }

    public static String render(RunReport report) {
        return new report(report, StepSection.of(report), TimelinePicture.svg(report.run())).render();
    }
}
