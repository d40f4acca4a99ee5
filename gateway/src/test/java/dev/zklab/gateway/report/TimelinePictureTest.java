package dev.zklab.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zklab.contracts.api.RunStatus;
import dev.zklab.contracts.api.RunView;
import dev.zklab.contracts.api.StepStatus;
import dev.zklab.contracts.api.StepView;
import dev.zklab.contracts.events.EventCodec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The run's picture from its evidence: well-formed SVG with a bar per started step, each member's pods,
 * the drill's evictions, cordons and 429s, and the probe's phases — an outage band only where no write
 * was acknowledged for 10 s or more (a lost quorum), not for an election's short gap.
 */
class TimelinePictureTest {

    static final Instant T0 = Instant.parse("2026-12-02T12:00:00Z");

    @Test
    void everyStepIsABarAndTheDrillIsDrawnFromItsEvidence() throws Exception {
        Document svg = parse(TimelinePicture.svg(run(drill(3_200))));

        assertThat(elements(svg, "rect", "step"))
                .extracting(e -> e.getAttribute("data-step"))
                .containsExactly("01-deploy", "02-drain", "03-verify");
        assertThat(elements(svg, "rect", "step"))
                .extracting(e -> e.getAttribute("class"))
                .containsExactly("step SUCCEEDED", "step SUCCEEDED", "step FAILED");
        // Three deployed pods, and zk-0's replacement: starting from its evicted pod's end, Ready when its drain ended.
        assertThat(elements(svg, "rect", "ready"))
                .extracting(Element::getTextContent)
                .containsExactly("zk-0 Ready", "zk-0 Ready", "zk-1 Ready", "zk-2 Ready");
        assertThat(elements(svg, "rect", "starting"))
                .extracting(Element::getTextContent)
                .containsExactly(
                        "zk-0 starting (11.0 s)",
                        "zk-0 starting (18.0 s)",
                        "zk-1 starting (11.0 s)",
                        "zk-2 starting (12.0 s)");
        assertThat(elements(svg, "text", "eviction")).hasSize(1);
        assertThat(elements(svg, "rect", "cordon")).hasSize(2);
        assertThat(elements(svg, "text", "refusal"))
                .singleElement()
                .extracting(Element::getTextContent)
                .asString()
                .contains("429 zk-1: The disruption budget zk-pdb needs 2 healthy pods and has 2 currently");
        assertThat(elements(svg, "rect", "probe")).hasSize(3);
        assertThat(elements(svg, "rect", "outage"))
                .as("a 3.2 s gap is a member moving, not an outage")
                .isEmpty();
    }

    @Test
    void aLostQuorumIsAnOutageBand() throws Exception {
        Document svg = parse(TimelinePicture.svg(run(drill(41_000))));

        assertThat(elements(svg, "rect", "outage"))
                .singleElement()
                .extracting(e -> e.getTextContent())
                .asString()
                .contains("longest time without a write 41.0 s");
    }

    @Test
    void everyPodOfAMemberIsDrawnInItsLaneFromTheDurabilityAndScaleSteps() throws Exception {
        RunView run = run(drill(3_200));
        List<StepView> steps = new ArrayList<>(run.steps());
        steps.set(
                1,
                step(
                        "02-durability",
                        "durability",
                        StepStatus.SUCCEEDED,
                        T0.plusSeconds(36),
                        T0.plusSeconds(70),
                        EventCodec.mapper().readTree("""
                        {"sameClaims": true, "pods": [
                          {"name": "zk-0", "ordinal": 0, "created": "2026-12-02T12:00:38Z", "ready": "2026-12-02T12:00:49Z"},
                          {"name": "zk-1", "ordinal": 1, "created": "2026-12-02T12:00:49Z", "ready": "2026-12-02T12:01:00Z"},
                          {"name": "zk-2", "ordinal": 2, "created": "2026-12-02T12:01:00Z", "ready": null}]}""")));
        steps.set(
                2,
                step(
                        "03-scale",
                        "scale",
                        StepStatus.SUCCEEDED,
                        T0.plusSeconds(70),
                        T0.plusSeconds(90),
                        EventCodec.mapper().readTree("""
                        {"from": 3, "to": 4, "pods": [
                          {"name": "zk-0", "created": "2026-12-02T12:00:38Z", "ready": "2026-12-02T12:00:49Z"},
                          {"name": "zk-1", "created": "2026-12-02T12:00:49Z", "ready": "2026-12-02T12:01:00Z"},
                          {"name": "zk-2", "created": "2026-12-02T12:01:00Z", "ready": "2026-12-02T12:01:11Z"},
                          {"name": "zk-3", "created": "2026-12-02T12:01:12Z", "ready": "2026-12-02T12:01:23Z"}]}""")));
        steps.set(
                3,
                step(
                        "04-scale",
                        "scale",
                        StepStatus.SUCCEEDED,
                        T0.plusSeconds(90),
                        T0.plusSeconds(95),
                        EventCodec.mapper().readTree("""
                        {"from": 4, "to": 3, "pods": [
                          {"name": "zk-0", "created": "2026-12-02T12:00:38Z", "ready": "2026-12-02T12:00:49Z"},
                          {"name": "zk-1", "created": "2026-12-02T12:00:49Z", "ready": "2026-12-02T12:01:00Z"},
                          {"name": "zk-2", "created": "2026-12-02T12:01:00Z", "ready": "2026-12-02T12:01:11Z"},
                          {"name": "zk-3", "created": "not a time"}]}""")));

        Document svg = parse(TimelinePicture.svg(
                new RunView("r", RunStatus.SUCCEEDED, null, T0, T0, T0.plusSeconds(95), null, steps, null, null)));

        // zk-0 and zk-1: deployed, then made again by durability; zk-2 likewise (its new pod not Ready when durability
        // recorded it: starting only); zk-3 made by the scale up, removed by the scale down.
        assertThat(elements(svg, "rect", "starting"))
                .extracting(e -> e.getTextContent().replaceAll(" \\(.*", ""))
                .containsExactly(
                        "zk-0 starting",
                        "zk-0 starting",
                        "zk-1 starting",
                        "zk-1 starting",
                        "zk-2 starting",
                        "zk-2 starting",
                        "zk-3 starting");
        assertThat(elements(svg, "rect", "ready"))
                .extracting(Element::getTextContent)
                .containsExactly("zk-0 Ready", "zk-0 Ready", "zk-1 Ready", "zk-1 Ready", "zk-2 Ready", "zk-3 Ready");
    }

    @Test
    void evidenceOfAnotherShapeDrawsNothingRatherThanBreakThePage() throws Exception {
        RunView odd = new RunView(
                "r",
                RunStatus.SUCCEEDED,
                null,
                T0,
                T0,
                T0.plusSeconds(2),
                null,
                List.of(
                        step(
                                "01-deploy",
                                "deploy",
                                StepStatus.SUCCEEDED,
                                T0,
                                T0.plusSeconds(1),
                                EventCodec.mapper().readTree("{\"timeline\": 7}")),
                        step(
                                "02-drain",
                                "drain",
                                StepStatus.SUCCEEDED,
                                T0.plusSeconds(1),
                                T0.plusSeconds(2),
                                EventCodec.mapper().readTree("{\"step\": \"drain\"}"))),
                null,
                null);

        Document svg = parse(TimelinePicture.svg(odd));

        assertThat(elements(svg, "rect", "step")).hasSize(2);
        assertThat(elements(svg, "rect", "pod")).isEmpty();
    }

    @Test
    void aRunThatHasNotStartedHasNoPicture() {
        RunView waiting = new RunView(
                "r",
                RunStatus.RUNNING,
                null,
                T0,
                T0,
                null,
                null,
                List.of(step("01-deploy", "deploy", StepStatus.PENDING, null, null, null)),
                null,
                null);

        assertThat(TimelinePicture.svg(waiting)).isEmpty();
    }

    private static RunView run(JsonNode drill) throws Exception {
        JsonNode deploy = EventCodec.mapper().readTree("""
                {"namespace": "zk", "pods": [
                  {"name": "zk-0", "ordinal": 0, "created": "2026-12-02T12:00:01Z", "ready": "2026-12-02T12:00:12Z"},
                  {"name": "zk-1", "ordinal": 1, "created": "2026-12-02T12:00:12Z", "ready": "2026-12-02T12:00:23Z"},
                  {"name": "zk-2", "ordinal": 2, "created": "2026-12-02T12:00:23Z", "ready": "2026-12-02T12:00:35Z"}]}""");
        List<StepView> steps = new ArrayList<>();
        steps.add(step("01-deploy", "deploy", StepStatus.SUCCEEDED, T0, T0.plusSeconds(36), deploy));
        steps.add(step("02-drain", "drain", StepStatus.SUCCEEDED, T0.plusSeconds(40), T0.plusSeconds(100), drill));
        steps.add(step("03-verify", "verify", StepStatus.FAILED, T0.plusSeconds(100), T0.plusSeconds(102), null));
        steps.add(step("04-teardown", "teardown", StepStatus.SKIPPED, null, null, null));
        return new RunView(
                "r",
                RunStatus.FAILED,
                null,
                T0,
                T0.plusSeconds(102),
                T0.plusSeconds(102),
                "step 03-verify failed",
                steps,
                null,
                null);
    }

    /** A drill of two drains: zk-0 evicted, zk-1 refused once by the budget; the probe's longest write gap as given. */
    private static JsonNode drill(long longestGapMs) throws Exception {
        return EventCodec.mapper().readTree("""
                {"namespace": "zk", "plan": ["drain zk-0", "drain zk-1"], "dryRun": false,
                 "actions": [
                  {"action": "drain zk-0", "node": "worker-1", "started": "2026-12-02T12:00:41Z", "ended": "2026-12-02T12:01:00Z",
                   "pods": [{"pod": "zk-0", "observed": "MOVES"}], "refusals": [],
                   "evictions": [{"pod": "zk-0", "uid": "u", "evicted": "2026-12-02T12:00:41.200Z", "gone": "2026-12-02T12:00:42Z", "forced": false}]},
                  {"action": "drain zk-1", "node": "worker-2", "started": "2026-12-02T12:01:00Z", "ended": "2026-12-02T12:01:30Z", "pods": [],
                   "refusals": [{"at": "2026-12-02T12:01:00.300Z", "pod": "zk-1", "budget": "zk-pdb",
                                 "message": "The disruption budget zk-pdb needs 2 healthy pods and has 2 currently"}], "evictions": []},
                  {"action": "uncordon", "node": "worker-1, worker-2", "started": "2026-12-02T12:01:30Z", "ended": "2026-12-02T12:01:31Z",
                   "pods": [], "refusals": [], "evictions": []}],
                 "probe": {"ratePerSecond": 20, "via": "test", "phases": [
                   {"name": "before the drill", "startedMs": 0, "endedMs": 1000, "operations": 20, "ok": 20, "failed": 0, "unknown": 0,
                    "availabilityPercent": 100.0, "longestWriteGapMs": 100},
                   {"name": "drain zk-0 (worker-1)", "startedMs": 1000, "endedMs": 20000, "operations": 380, "ok": 300, "failed": 0, "unknown": 80,
                    "availabilityPercent": 78.9, "longestWriteGapMs": %d},
                   {"name": "drain zk-1 (worker-2)", "startedMs": 20000, "endedMs": 50000, "operations": 600, "ok": 600, "failed": 0,
                    "unknown": 0, "availabilityPercent": 100.0, "longestWriteGapMs": 120}],
                  "overall": null, "set": null}}""".formatted(longestGapMs));
    }

    private static StepView step(
            String id, String name, StepStatus status, Instant started, Instant ended, JsonNode evidence) {
        return new StepView(
                id,
                name,
                "svc",
                false,
                Map.of(),
                status,
                started == null ? 0 : 1,
                started,
                ended,
                evidence,
                null,
                List.of());
    }

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> elements(Document svg, String tag, String cssClass) {
        NodeList all = svg.getElementsByTagName(tag);
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (List.of(e.getAttribute("class").split(" ")).contains(cssClass)) {
                found.add(e);
            }
        }
        return found;
    }
}
