package dev.zklab.gateway.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zklab.gateway.runs.StepView;

/** Renders a run report as a self-contained HTML page for people. */
public final class ReportPage {

    private ReportPage() {
    }

    public static String render(RunReport report) {
        StringBuilder html = new StringBuilder();
        html.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>zklab run ")
                .append(esc(report.run().id())).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}")
                .append("table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}")
                .append(".SUCCEEDED{color:#166534}.FAILED{color:#b91c1c}.CANCELLED,.SKIPPED{color:#92400e}")
                .append("pre{margin:0;white-space:pre-wrap;font-size:.8rem}</style></head><body>")
                .append("<h1>zklab run <code>").append(esc(report.run().id())).append("</code></h1>")
                .append("<p class=\"").append(report.run().state()).append("\"><strong>").append(report.run().state())
                .append("</strong> — ").append(esc(report.summary().verdict())).append("</p>")
                .append("<p>Cluster: ").append(esc(report.run().spec().cluster().provider())).append("/")
                .append(esc(report.run().spec().cluster().name())).append(" · Ensemble: ")
                .append(report.run().spec().ensemble().replicas()).append(" members, profile ")
                .append(esc(report.run().spec().ensemble().imageProfile())).append(", namespace ")
                .append(esc(report.run().spec().ensemble().namespace())).append(" · Started ")
                .append(report.run().createdAt()).append(report.summary().durationSeconds() == null ? ""
                        : " · Took " + report.summary().durationSeconds() + " s")
                .append("</p><table><tr><th>step</th><th>service</th><th>status</th><th>attempts</th><th>started</th>")
                .append("<th>ended</th><th>evidence or reason</th></tr>");
        for (StepView step : report.run().steps()) {
            html.append("<tr><td>").append(esc(step.id())).append(step.cleanup() ? " (cleanup)" : "").append("</td><td>")
                    .append(esc(step.service())).append("</td><td class=\"").append(step.status()).append("\">")
                    .append(step.status()).append("</td><td>").append(step.attempts()).append("</td><td>")
                    .append(step.startedAt() == null ? "" : step.startedAt()).append("</td><td>")
                    .append(step.endedAt() == null ? "" : step.endedAt()).append("</td><td>");
            if (step.reason() != null) {
                html.append("<p>").append(esc(step.reason())).append("</p>");
            }
            if (step.evidence() != null && step.evidence().path(ReportText.CHECKS).isArray()) {
                html.append(checks(step.evidence().get(ReportText.CHECKS)));
            }
            if (step.evidence() != null) {
                html.append("<pre>").append(esc(step.evidence().toPrettyString())).append("</pre>");
            }
            html.append("</td></tr>");
        }
        html.append("</table><p><a href=\"report\">JSON</a> · ").append(report.events().size())
                .append(" events</p></body></html>");
        return html.toString();
    }

    private static String checks(JsonNode checks) {
        StringBuilder html = new StringBuilder("<table><tr><th>check</th><th>expected</th><th>observed</th><th>why it failed</th></tr>");
        for (JsonNode check : checks) {
            String outcome = check.path("passed").asBoolean() ? "SUCCEEDED" : "FAILED";
            html.append("<tr><td class=\"").append(outcome).append("\">").append(esc(check.path("name").asText()))
                    .append("</td><td>").append(esc(check.path("expected").asText())).append("</td><td>")
                    .append(esc(check.path("observed").asText())).append("</td><td>")
                    .append(esc(check.path("message").asText(""))).append("</td></tr>");
        }
        return html.append("</table>").toString();
    }

    private static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
