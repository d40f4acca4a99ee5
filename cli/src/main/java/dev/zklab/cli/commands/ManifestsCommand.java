package dev.zklab.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zklab.cli.ExitCodes;
import dev.zklab.cli.client.ServiceOptions;
import dev.zklab.cli.input.SpecInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code zklab manifests}: the deployer's dry run, through the gateway: the manifests a run's ensemble renders to, applying nothing. */
@Command(
        name = "manifests",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "The manifests a run's ensemble renders to, exactly as the deploy step applies them (Services,"
                + " PodDisruptionBudget, ConfigMap, StatefulSet), as YAML; nothing is applied. Takes the same spec as"
                + " zklab run (its ensemble part).",
        footerHeading = "%nExamples:%n",
        footer = {
            "  zklab manifests",
            "  zklab manifests --set ensemble.replicas=5 > zk.yaml",
            "  zklab manifests -f spec.yaml | kubectl apply --dry-run=server -f -"
        })
public class ManifestsCommand implements Callable<Integer> {

    @Mixin
    ServiceOptions services;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            description = "A run spec, JSON or YAML ('-': standard input).")
    Path file;

    @Option(
            names = "--set",
            paramLabel = "PATH=VALUE",
            description = "Set a field of the spec, as zklab run does:" + " --set ensemble.replicas=5.")
    List<String> sets = new ArrayList<>();

    @Override
    public Integer call() {
        ObjectNode spec = SpecInput.read(file, System.in, sets);
        JsonNode ensemble =
                spec.path("ensemble").isObject() ? spec.get("ensemble") : JsonNodeFactory.instance.objectNode();
        System.out.print(services.api().manifests(ensemble));
        return ExitCodes.OK;
    }
}
