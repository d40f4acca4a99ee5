package dev.zklab.gateway.report;

import dev.zklab.contracts.api.RunView;
import io.quarkus.qute.TemplateInstance;
import java.util.List;

/**
 * Renders a run report as a self-contained HTML page for people, from the Qute template
 * {@code templates/ReportPage/report.html} (checked against these types when the gateway is built;
 * everything it prints is escaped).
 */
public final class ReportPage {

    private ReportPage() {}

    /** The page's template and what it is given: the compared run's timeline is empty unless the report compares. */
    record report(RunReport report, List<StepSection> steps, String timeline, String comparedTimeline)
            implements TemplateInstance {}

    /** @param compared the run whose drill the report puts beside its own ({@link RunReport#comparedDrill()}), or null */
    public static String render(RunReport report, RunView compared) {
        return new report(
                        report,
                        StepSection.of(report),
                        TimelinePicture.svg(report.run()),
                        compared == null ? "" : TimelinePicture.svg(compared))
                .render();
    }
}
