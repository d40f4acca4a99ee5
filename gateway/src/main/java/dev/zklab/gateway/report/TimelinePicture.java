package dev.zklab.gateway.report;

import dev.zklab.contracts.api.RunView;
import dev.zklab.contracts.api.StepView;
import dev.zklab.contracts.evidence.DrainEvidence;
import dev.zklab.contracts.evidence.ProbeEvidence;
import dev.zklab.support.text.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The run as one picture on one time axis, drawn on the server as SVG (pure: the report in, the
 * markup out; no script needed to read it, and it prints): every step as a bar, each member's pod
 * (starting, then Ready; evictions marked), each drained node's cordon with the budget's 429 refusals,
 * and the probe's availability per phase, with outages — no write acknowledged for
 * {@link ProbeEvidence#OUTAGE} or longer, which is a lost quorum, not an election — marked in red.
 */
public final class TimelinePicture {

    private static final int WIDTH = 1000;
    private static final int LEFT = 170;
    private static final int RIGHT = 20;
    private static final int ROW = 16;
    private static final int GAP = 10;

    private final Instant start;
    private final Instant end;
    private final StringBuilder body = new StringBuilder();
    private int y = 30;

    private TimelinePicture(Instant start, Instant end) {
        this.start = start;
        this.end = end.isAfter(start) ? end : start.plusSeconds(1);
    }

    /** The picture of the run, or an empty string when no step has started yet. */
    public static String svg(RunView run) {
        Instant first = run.steps().stream()
                .map(StepView::startedAt)
                .filter(t -> t != null)
                .min(Instant::compareTo)
                .orElse(null);
        if (first == null) {
            return "";
        }
        Instant last = run.steps().stream()
                .map(s -> s.endedAt() != null ? s.endedAt() : s.startedAt())
                .filter(t -> t != null)
                .max(Instant::compareTo)
                .orElse(first);
        TimelinePicture picture = new TimelinePicture(
                first, run.endedAt() != null && run.endedAt().isAfter(last) ? run.endedAt() : last);
        picture.steps(run.steps());
        picture.pods(run.steps());
        picture.drills(run.steps());
        return picture.render();
    }

    private void steps(List<StepView> steps) {
        heading("steps");
        for (StepView step : steps) {
            if (step.startedAt() != null) {
                Instant ended = step.endedAt() != null ? step.endedAt() : end;
                label(step.id());
                bar(
                        "step " + step.status(),
                        step.startedAt(),
                        ended,
                        step.id() + " " + step.status() + " ("
                                + Durations.seconds(Duration.between(step.startedAt(), ended)) + ")",
                        "data-step=\"" + xml(step.id()) + "\"");
                y += ROW;
            }
        }
        y += GAP;
    }

    /**
     * Each member's pods, one lane per member: every pod it had — those the deploy, durability and scale steps
     * made (their evidence's pods), and a drill's replacements (Ready when the drain that moved it ended; one
     * that stayed Pending, Ready by the drill's end) — starting (created → Ready) then Ready until the member's
     * next pod, a scale step removing it, or a drill evicting it (✕).
     */
    private void pods(List<StepView> steps) {
        PodLives pods = PodLives.of(steps);
        Map<String, TreeMap<Instant, PodLives.Life>> lives = pods.lives();
        Map<String, Instant> removed = pods.removed();
        Map<String, List<DrainEvidence.Eviction>> evictions = pods.evictions();
        if (lives.isEmpty() && evictions.isEmpty()) {
            return;
        }
        heading("pods (starting, Ready; ✕ evicted)");
        for (String pod : union(lives.keySet(), evictions.keySet())) {
            label(pod);
            List<PodLives.Life> life =
                    List.copyOf(lives.getOrDefault(pod, new TreeMap<>()).values());
            for (int i = 0; i < life.size(); i++) {
                PodLives.Life l = life.get(i);
                Instant next = i + 1 < life.size() ? life.get(i + 1).created() : end;
                Instant gone = removed.containsKey(pod)
                                && removed.get(pod).isAfter(l.created())
                                && removed.get(pod).isBefore(next)
                        ? removed.get(pod)
                        : next;
                Instant ready = l.ready() == null || l.ready().isAfter(gone) ? gone : l.ready();
                bar(
                        "pod starting",
                        l.created(),
                        ready,
                        pod + " starting (" + Durations.seconds(Duration.between(l.created(), ready)) + ")",
                        "");
                if (l.ready() != null && ready.isBefore(gone)) {
                    Instant until = evictions.getOrDefault(pod, List.of()).stream()
                            .map(DrainEvidence.Eviction::evicted)
                            .filter(e -> e.isAfter(ready) && e.isBefore(gone))
                            .findFirst()
                            .orElse(gone);
                    bar("pod ready", ready, until, pod + " Ready", "");
                }
            }
            for (DrainEvidence.Eviction e : evictions.getOrDefault(pod, List.of())) {
                mark("eviction", e.evicted(), pod + " evicted" + (e.forced() ? " (forced)" : ""), "✕");
            }
            y += ROW;
        }
        y += GAP;
    }

    /** Each drill's drained nodes (cordoned until the drill restored them, 429s marked) and its probe. */
    private void drills(List<StepView> steps) {
        for (StepView step : steps) {
            DrainEvidence drain = StepEvidence.drain(step).orElse(null);
            if (drain == null || drain.actions() == null || drain.actions().isEmpty()) {
                continue;
            }
            heading(step.id() + ": nodes (cordoned; | 429 refused)");
            Instant restored = drain.actions().stream()
                    .filter(a -> a.action().startsWith("uncordon"))
                    .map(DrainEvidence.DrainAction::ended)
                    .filter(t -> t != null)
                    .max(Instant::compareTo)
                    .orElse(step.endedAt() != null ? step.endedAt() : end);
            Map<String, List<DrainEvidence.DrainAction>> byNode = new LinkedHashMap<>();
            drain.actions().stream()
                    .filter(a -> a.action().startsWith("drain") && a.started() != null)
                    .forEach(a -> byNode.computeIfAbsent(a.node(), n -> new ArrayList<>())
                            .add(a));
            for (Map.Entry<String, List<DrainEvidence.DrainAction>> node : byNode.entrySet()) {
                label(node.getKey());
                DrainEvidence.DrainAction first = node.getValue().get(0);
                bar("cordon", first.started(), restored, node.getKey() + " cordoned by " + first.action(), "");
                for (DrainEvidence.DrainAction action : node.getValue()) {
                    for (DrainEvidence.Refusal refusal :
                            action.refusals() == null ? List.<DrainEvidence.Refusal>of() : action.refusals()) {
                        mark("refusal", refusal.at(), "429 " + refusal.pod() + ": " + refusal.message(), "|");
                    }
                }
                y += ROW;
            }
            y += GAP;
            if (drain.probe() != null) {
                probe(step, drain);
            }
        }
    }

    private void probe(StepView step, DrainEvidence drain) {
        ProbeEvidence probe = drain.probe();
        heading(step.id() + ": probe availability (red: outage)");
        Instant probeStart = probeStart(step, drain);
        for (ProbeEvidence.Phase phase : probe.phases()) {
            label(phase.name());
            Instant from = probeStart.plusMillis(phase.startedMs());
            Instant to = probeStart.plusMillis(phase.endedMs());
            boolean outage = phase.longestWriteGapMs() >= ProbeEvidence.OUTAGE.toMillis();
            String level = outage ? "outage" : phase.availabilityPercent() >= 99.5 ? "available" : "degraded";
            bar(
                    "probe " + level,
                    from,
                    to,
                    String.format(
                            Locale.ROOT,
                            "%s: %.1f %% available, longest time without a write %s%s",
                            phase.name(),
                            phase.availabilityPercent(),
                            Durations.seconds(Duration.ofMillis(phase.longestWriteGapMs())),
                            phase.p99Ms() == null ? "" : String.format(Locale.ROOT, ", p99 %.0f ms", phase.p99Ms())),
                    "");
            text(x(to) + 4, y + ROW - 4, String.format(Locale.ROOT, "%.1f %%", phase.availabilityPercent()), "value");
            y += ROW;
        }
        y += GAP;
    }

    /** The probe counts time from its own start: anchored where its first drain phase meets the first drain's start. */
    private Instant probeStart(StepView step, DrainEvidence drain) {
        List<ProbeEvidence.Phase> phases = drain.probe().phases();
        DrainEvidence.DrainAction first = drain.actions().get(0);
        if (phases.size() > 1 && first.started() != null) {
            return first.started().minusMillis(phases.get(1).startedMs());
        }
        return step.startedAt();
    }

    // -- drawing

    private String render() {
        int height = y + 30;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(height)
                .append("\" width=\"100%\" role=\"img\" aria-label=\"timeline of the run\">\n")
                .append(
                        "<style>text{font:11px system-ui,sans-serif;fill:#1f2937}.heading{font-weight:600}.value{fill:#4b5563}")
                .append(".axis{stroke:#9ca3af;stroke-width:1}.tick{stroke:#e5e7eb}")
                .append(
                        ".SUCCEEDED{fill:#16a34a}.FAILED{fill:#dc2626}.CANCELLED,.SKIPPED{fill:#d97706}.RUNNING,.PENDING{fill:#60a5fa}")
                .append(
                        ".starting{fill:#fcd34d}.ready{fill:#22c55e}.cordon{fill:#9ca3af}.eviction{fill:#b91c1c}.refusal{fill:#7c3aed}")
                .append(".available{fill:#22c55e}.degraded{fill:#f59e0b}.outage{fill:#dc2626}</style>\n");
        axis(svg, height);
        svg.append(body);
        svg.append("</svg>\n");
        return svg.toString();
    }

    private void axis(StringBuilder svg, int height) {
        long total = Duration.between(start, end).toSeconds();
        long step = total <= 60 ? 10 : total <= 300 ? 30 : total <= 900 ? 60 : 300;
        svg.append("<line class=\"axis\" x1=\"")
                .append(LEFT)
                .append("\" y1=\"20\" x2=\"")
                .append(WIDTH - RIGHT)
                .append("\" y2=\"20\"/>\n");
        for (long s = 0; s <= total; s += step) {
            double x = x(start.plusSeconds(s));
            svg.append(String.format(
                            Locale.ROOT,
                            "<line class=\"tick\" x1=\"%.1f\" y1=\"20\" x2=\"%.1f\" y2=\"%d\"/>",
                            x,
                            x,
                            height - 20))
                    .append(String.format(
                            Locale.ROOT, "<text x=\"%.1f\" y=\"14\" text-anchor=\"middle\">%d s</text>%n", x, s));
        }
    }

    private double x(Instant t) {
        double share = (double) Duration.between(start, t).toMillis()
                / Duration.between(start, end).toMillis();
        return LEFT + Math.max(0, Math.min(1, share)) * (WIDTH - LEFT - RIGHT);
    }

    private void heading(String text) {
        text(4, y + ROW - 4, text, "heading");
        y += ROW;
    }

    private void label(String text) {
        text(12, y + ROW - 4, text.length() > 26 ? text.substring(0, 25) + "…" : text, "");
    }

    private void bar(String classes, Instant from, Instant to, String title, String attributes) {
        double x1 = x(from);
        double width = Math.max(1.5, x(to) - x1);
        body.append(String.format(
                Locale.ROOT,
                "<rect class=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"%s><title>%s</title></rect>%n",
                classes,
                x1,
                y + 2,
                width,
                ROW - 4,
                attributes.isEmpty() ? "" : " " + attributes,
                xml(title)));
    }

    private void mark(String kind, Instant at, String title, String symbol) {
        body.append(String.format(
                Locale.ROOT,
                "<text class=\"%s\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s<title>%s</title></text>%n",
                kind,
                x(at),
                y + ROW - 3,
                symbol,
                xml(title)));
    }

    private void text(double x, int baseline, String text, String classes) {
        body.append(String.format(
                Locale.ROOT,
                "<text%s x=\"%.1f\" y=\"%d\">%s</text>%n",
                classes.isEmpty() ? "" : " class=\"" + classes + "\"",
                x,
                baseline,
                xml(text)));
    }

    private static List<String> union(Set<String> a, Set<String> b) {
        TreeSet<String> all = new TreeSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    static String xml(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
