package dev.zklab.cli.commands;

import dev.zklab.cli.BadInputException;
import dev.zklab.cli.ExitCodes;
import dev.zklab.cli.client.GatewayApi;
import dev.zklab.cli.client.ServiceOptions;
import dev.zklab.cli.output.Table;
import dev.zklab.cli.output.Terminal;
import dev.zklab.contracts.api.PreflightRequest;
import dev.zklab.contracts.api.RunView;
import dev.zklab.contracts.cluster.ClusterRef;
import dev.zklab.contracts.evidence.DrainEvidence;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code zklab preflight}: the drainer's prediction, through the gateway, of what each drain of a drill would do, touching nothing. */
@Command(
        name = "preflight",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Predict a drill without touching anything: for each drain, every pod on the node and its fate: moves"
                        + " (where to), stays Pending (why), blocked by its PodDisruptionBudget, skipped or refused: as the drainer"
                        + " works it out from the cluster. The ensemble is a run's (--run) or given by --cluster and --namespace.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  zklab preflight --run 4faec62f   # the lab's drill on that run's ensemble",
            "  zklab preflight --cluster local/lab --namespace zk-4faec62f \\",
            "    --plan 'drain zk-0, drain zk-1'",
            "  zklab preflight --run 4faec62f --param force=true -o json"
        })
public class PreflightCommand implements Callable<Integer> {

    @Mixin
    ServiceOptions services;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static class Target {
        @Option(
                names = "--run",
                paramLabel = "RUN",
                required = true,
                description = "The ensemble of this run (its id or a" + " unique prefix): its cluster and namespace.")
        String run;

        @ArgGroup(exclusive = false)
        Ensemble ensemble;
    }

    static class Ensemble {
        @Option(
                names = "--cluster",
                paramLabel = "PROVIDER/NAME",
                required = true,
                description =
                        "The cluster, as a run names it: local/lab, existing/prod-eu, kind/dev, gke/zk (with --location).")
        String cluster;

        @Option(names = "--location", paramLabel = "ZONE", description = "The GKE cluster's zone or region.")
        String location;

        @Option(
                names = "--namespace",
                paramLabel = "NAMESPACE",
                required = true,
                description = "The ensemble's namespace.")
        String namespace;
    }

    @Option(
            names = "--plan",
            paramLabel = "PLAN",
            description = "The drill's plan, e.g. 'drain zk-0, drain worker-3';" + " without one, the lab's drill.")
    String plan;

    @Option(
            names = "--param",
            paramLabel = "KEY=VALUE",
            description = "Another parameter of the drain step (force=true, ...).")
    Map<String, String> params = new LinkedHashMap<>();

    @Mixin
    TableOutput output;

    @Override
    public Integer call() {
        GatewayApi api = services.api();
        ClusterRef cluster;
        String namespace;
        if (target.run != null) {
            RunView run = api.get(RunIds.resolve(api, target.run));
            cluster = run.spec().cluster().ref();
            namespace = run.spec().ensemble().namespace();
        } else {
            cluster = cluster(target.ensemble.cluster, target.ensemble.location);
            namespace = target.ensemble.namespace;
        }
        Map<String, String> all = new LinkedHashMap<>(params);
        if (plan != null) {
            all.put("plan", plan);
        }
        DrainEvidence prediction = api.preflight(new PreflightRequest(cluster, namespace, all));
        if (output.printed(prediction)) {
            return ExitCodes.OK;
        }
        System.out.println("preflight of " + (plan == null ? "the lab's drill" : "'" + plan + "'") + " on " + namespace
                + " in " + cluster.provider() + "/" + cluster.name() + " (nothing was touched)");
        Table table = new Table("DRAIN", "NODE", "POD", "FATE", "WHY");
        for (DrainEvidence.DrainForecast drain : prediction.preflight()) {
            if (drain.pods().isEmpty()) {
                table.row(drain.action(), drain.node(), "", "", "no pods to evict");
            }
            for (DrainEvidence.PodForecast pod : drain.pods()) {
                table.row(drain.action(), drain.node(), pod.pod(), pod.fate().name(), pod.reason());
            }
        }
        System.out.print(table.renderFor(Terminal.Stream.OUT, -1));
        return ExitCodes.OK;
    }

    private static ClusterRef cluster(String given, String location) {
        int slash = given.indexOf('/');
        if (slash <= 0 || slash == given.length() - 1) {
            throw new BadInputException("--cluster " + given + ": give provider/name, e.g. local/lab");
        }
        return new ClusterRef(
                given.substring(0, slash), given.substring(slash + 1), location == null ? "" : location, null);
    }
}
