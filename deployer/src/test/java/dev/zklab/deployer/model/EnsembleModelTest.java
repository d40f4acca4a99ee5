package dev.zklab.deployer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zklab.contracts.run.EnsembleSpec;
import dev.zklab.contracts.run.FieldError;
import dev.zklab.contracts.run.RunSpec;
import dev.zklab.contracts.run.RunSpecValidator;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure model, field by field: the lab's manifests with its errors corrected. */
class EnsembleModelTest {

    static EnsembleSpec spec(String profile, Map<String, String> zookeeper) {
        return new EnsembleSpec(3, profile, zookeeper, "fast", "10Gi", "zk-lab");
    }

    static EnsembleModel current() {
        return EnsembleModel.of(spec("current", Map.of()));
    }

    @Test
    void headlessServicePublishesNotReadyMembersOnServerAndElectionPorts() {
        Service hs = current().headlessService();
        assertThat(hs.getMetadata().getName()).isEqualTo("zk-hs");
        assertThat(hs.getMetadata().getNamespace()).isEqualTo("zk-lab");
        assertThat(hs.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(hs.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(hs.getSpec().getPorts())
                .extracting(ServicePort::getName, ServicePort::getPort)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("server", 2888),
                        org.assertj.core.groups.Tuple.tuple("leader-election", 3888));
        assertThat(hs.getSpec().getSelector()).isEqualTo(Map.of("app", "zk"));
    }

    @Test
    void clientServiceOn2181() {
        Service cs = current().clientService();
        assertThat(cs.getMetadata().getName()).isEqualTo("zk-cs");
        assertThat(cs.getSpec().getClusterIP()).isNull();
        assertThat(cs.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("client");
            assertThat(p.getPort()).isEqualTo(2181);
        });
    }

    @Test
    void pdbIsPolicyV1WithOneUnavailable() {
        PodDisruptionBudget pdb = current().podDisruptionBudget();
        assertThat(pdb.getApiVersion()).isEqualTo("policy/v1");
        assertThat(pdb.getMetadata().getName()).isEqualTo("zk-pdb");
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(pdb.getSpec().getMinAvailable()).isNull();
        assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of("app", "zk"));
    }

    @Test
    void statefulSetHasTheLabsDefaults() {
        StatefulSet sts = current().statefulSet();
        assertThat(sts.getApiVersion()).isEqualTo("apps/v1");
        assertThat(sts.getMetadata().getName()).isEqualTo("zk");
        assertThat(sts.getSpec().getReplicas()).isEqualTo(3);
        assertThat(sts.getSpec().getServiceName()).isEqualTo("zk-hs");
        assertThat(sts.getSpec().getPodManagementPolicy()).isEqualTo("OrderedReady");
        assertThat(sts.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(sts.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of("app", "zk"));
        assertThat(sts.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("app", "zk");
        assertThat(sts.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted())
                .isEqualTo("Retain");
        assertThat(sts.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled())
                .isEqualTo("Delete");

        PodSpec pod = sts.getSpec().getTemplate().getSpec();
        var term = pod.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        assertThat(term).singleElement().satisfies(t -> {
            assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
            assertThat(t.getLabelSelector().getMatchExpressions())
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.getKey()).isEqualTo("app");
                        assertThat(e.getOperator()).isEqualTo("In");
                        assertThat(e.getValues()).containsExactly("zk");
                    });
        });
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
        assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(1000L);

        Container zk = pod.getContainers().get(0);
        assertThat(zk.getImage()).isEqualTo("docker.io/library/zookeeper:3.9.5");
        assertThat(zk.getResources().getRequests())
                .isEqualTo(Map.of("memory", new Quantity("1Gi"), "cpu", new Quantity("0.5")));
        assertThat(zk.getPorts())
                .extracting(p -> p.getName() + "=" + p.getContainerPort())
                .containsExactly("client=2181", "server=2888", "leader-election=3888", "admin=8080", "metrics=7000");
        assertThat(zk.getVolumeMounts())
                .extracting(m -> m.getName() + "@" + m.getMountPath())
                .containsExactly("datadir@/var/lib/zookeeper", "config@/etc/zklab");
        assertThat(zk.getCommand()).containsExactly("sh", "/etc/zklab/start-zookeeper.sh");
        assertThat(zk.getEnv()).singleElement().satisfies(e -> {
            assertThat(e.getName()).isEqualTo("ZK_SUPER_DIGEST");
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("zk-admin");
        });
        assertThat(pod.getVolumes())
                .singleElement()
                .satisfies(v -> assertThat(v.getConfigMap().getName()).isEqualTo("zk-config"));

        var pvc = sts.getSpec().getVolumeClaimTemplates().get(0);
        assertThat(pvc.getMetadata().getName()).isEqualTo("datadir");
        assertThat(pvc.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(pvc.getSpec().getStorageClassName()).isEqualTo("fast");
        assertThat(pvc.getSpec().getResources().getRequests().get("storage")).isEqualTo(new Quantity("10Gi"));
    }

    @Test
    void currentProbesWorkOnZooKeeper35AndLater() {
        Container zk = current()
                .statefulSet()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        // The AdminServer answers ruok with or without a quorum, like the lab's zookeeper-ready: a readiness
        // that waited for a quorum would stop OrderedReady at zk-0, which has none alone.
        assertThat(zk.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/commands/ruok");
        assertThat(zk.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("admin");
        assertThat(zk.getReadinessProbe().getTimeoutSeconds()).isEqualTo(5);
        assertThat(zk.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/commands/ruok");
        assertThat(zk.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("admin");
        assertThat(current().configData().get("zoo.cfg"))
                .contains("4lw.commands.whitelist=srvr,mntr,ruok,conf\n", "admin.serverPort=8080\n");
    }

    @Test
    void currentMembersServeZooKeepersOwnMetricsForPrometheus() {
        assertThat(current().configData().get("zoo.cfg"))
                .contains(
                        "metricsProvider.className=org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider\n",
                        "metricsProvider.httpPort=7000\n");
        assertThat(EnsembleModel.of(spec("tutorial", Map.of()))
                        .statefulSet()
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getPorts())
                .as("the lab's image has no metrics provider")
                .extracting(p -> p.getName())
                .doesNotContain("metrics");
    }

    @Test
    void configMapCarriesTheLabsSettingsAndTheMembership() {
        Map<String, String> data = current().configMap().getData();
        assertThat(data)
                .containsOnlyKeys("zoo.cfg", "zoo.cfg.dynamic", "java.env", "logback.xml", "start-zookeeper.sh");
        assertThat(data.get("zoo.cfg"))
                .contains(
                        "tickTime=2000\n",
                        "initLimit=10\n",
                        "syncLimit=5\n",
                        "maxClientCnxns=60\n",
                        "autopurge.snapRetainCount=3\n",
                        "autopurge.purgeInterval=12\n",
                        "minSessionTimeout=4000\n",
                        "maxSessionTimeout=40000\n",
                        "reconfigEnabled=true\n",
                        "standaloneEnabled=false\n",
                        "dataDir=/var/lib/zookeeper/data\n");
        assertThat(data.get("zoo.cfg")).doesNotContain("heap", "logLevel", "server.", "clientPort");
        assertThat(data.get("zoo.cfg.dynamic")).isEqualTo("""
                server.1=zk-0.zk-hs.zk-lab.svc.cluster.local:2888:3888:participant;2181
                server.2=zk-1.zk-hs.zk-lab.svc.cluster.local:2888:3888:participant;2181
                server.3=zk-2.zk-hs.zk-lab.svc.cluster.local:2888:3888:participant;2181
                """);
        assertThat(data.get("java.env")).contains("ZK_SERVER_HEAP=512\n", "superDigest=${ZK_SUPER_DIGEST}");
        assertThat(data.get("logback.xml")).contains("<root level=\"INFO\">");
        assertThat(data.get("start-zookeeper.sh"))
                .contains("echo $((ordinal + 1)) > /var/lib/zookeeper/data/myid", "exec zkServer.sh start-foreground");
    }

    @Test
    void everyLabSettingIsOverridable() {
        EnsembleModel model = EnsembleModel.of(spec(
                "current",
                Map.of("tickTime", "3000", "heap", "1G", "logLevel", "WARN", "globalOutstandingLimit", "2000")));
        Map<String, String> data = model.configData();
        assertThat(data.get("zoo.cfg"))
                .contains("tickTime=3000\n", "globalOutstandingLimit=2000\n")
                .doesNotContain("tickTime=2000");
        assertThat(data.get("java.env")).contains("ZK_SERVER_HEAP=1024\n");
        assertThat(data.get("logback.xml")).contains("<root level=\"WARN\">");
        assertThat(model.statefulSet().getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry(
                        "zklab.dev/zookeeper-settings",
                        "{\"globalOutstandingLimit\":\"2000\",\"heap\":\"1G\",\"logLevel\":\"WARN\",\"tickTime\":\"3000\"}");
    }

    @Test
    void configHashFollowsSettingsButNotMembership() {
        String hash = current().configHash();
        assertThat(current().withReplicas(5).configHash()).isEqualTo(hash);
        assertThat(current().withSettings(Map.of("tickTime", "2500")).configHash())
                .isNotEqualTo(hash);
        assertThat(current().withSettings(Map.of()).configHash()).isEqualTo(hash);
        assertThat(current().statefulSet().getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("zklab.dev/config-hash", hash);
    }

    @Test
    void anEnsembleWithoutItsBudgetHasEverythingElse() {
        EnsembleModel without =
                EnsembleModel.of(new EnsembleSpec(3, "current", Map.of(), "fast", "10Gi", "zk-lab", false));
        assertThat(without.withBudget()).isFalse();
        assertThat(current().withBudget()).isTrue();
        assertThat(without.objects())
                .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
                .containsExactly(
                        "Namespace/zk-lab", "ConfigMap/zk-config", "Service/zk-hs", "Service/zk-cs", "StatefulSet/zk");
        assertThat(without.withReplicas(5).withBudget())
                .as("kept through a scale")
                .isFalse();
    }

    @Test
    void tutorialProfileIsTheLabsImageAndFlags() {
        EnsembleModel tutorial = EnsembleModel.of(spec("tutorial", Map.of("maxClientCnxns", "100")));
        assertThat(tutorial.objects())
                .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
                .containsExactly(
                        "Namespace/zk-lab",
                        "Service/zk-hs",
                        "Service/zk-cs",
                        "PodDisruptionBudget/zk-pdb",
                        "StatefulSet/zk");
        Container zk = tutorial.statefulSet()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        assertThat(zk.getName()).isEqualTo("kubernetes-zookeeper");
        assertThat(zk.getImage()).isEqualTo("registry.k8s.io/kubernetes-zookeeper:1.0-3.4.10");
        assertThat(zk.getCommand().get(2))
                .isEqualTo("start-zookeeper --servers=3 --data_dir=/var/lib/zookeeper/data"
                        + " --data_log_dir=/var/lib/zookeeper/data/log --conf_dir=/opt/zookeeper/conf --client_port=2181"
                        + " --election_port=3888 --server_port=2888 --tick_time=2000 --init_limit=10 --sync_limit=5 --heap=512M"
                        + " --max_client_cnxns=100 --snap_retain_count=3 --purge_interval=12 --max_session_timeout=40000"
                        + " --min_session_timeout=4000 --log_level=INFO");
        assertThat(zk.getReadinessProbe().getExec().getCommand()).containsExactly("sh", "-c", "zookeeper-ready 2181");
        assertThat(zk.getLivenessProbe()).isEqualTo(zk.getReadinessProbe());
        assertThat(zk.getEnv()).isEmpty();
    }

    @Test
    void badInputIsRefusedWithEachFieldAndItsFix() {
        assertThatThrownBy(() -> EnsembleModel.of(new EnsembleSpec(
                        0, "latest", Map.of("tickTime", "fast", "dataDir", "/tmp"), "fast", "10 GB", "Zk_Lab")))
                .isInstanceOf(InvalidEnsembleException.class)
                .hasMessageStartingWith("invalid ensemble: ensemble.replicas: must be from 1 to 9 members")
                .satisfies(e -> assertThat(((InvalidEnsembleException) e).problems())
                        .extracting(FieldError::field)
                        .containsExactly(
                                "ensemble.replicas",
                                "ensemble.storageSize",
                                "ensemble.namespace",
                                "ensemble.imageProfile"));
        assertThatThrownBy(() -> current().withSettings(Map.of("dataDir", "/tmp")))
                .isInstanceOf(InvalidEnsembleException.class)
                .hasMessageContaining("ensemble.zookeeper.dataDir: zklab sets 'dataDir' itself");
    }

    /** The deployer refuses exactly what the gateway refuses: one validation (RunSpecValidator) serves both. */
    @Test
    void theModelAcceptsWhatARunSpecMayCarry() {
        List<EnsembleSpec> specs = List.of(
                new EnsembleSpec(null, null, null, null, null, null),
                new EnsembleSpec(5, "tutorial", Map.of("tickTime", "3000"), "standard-rwo", "1Gi", "lab"),
                new EnsembleSpec(3, "current", Map.of("dataDir", "/tmp"), null, null, null),
                new EnsembleSpec(3, "tutorial", Map.of("globalOutstandingLimit", "10"), null, null, null),
                new EnsembleSpec(3, "current", Map.of("minSessionTimeout", "50000"), null, null, null),
                new EnsembleSpec(10, "current", null, "Fast!", "ten", "-x"));
        for (EnsembleSpec ensemble : specs) {
            boolean gatewayAccepts = RunSpecValidator.validate(new RunSpec(null, ensemble, null, null))
                    .isEmpty();
            boolean modelAccepts;
            try {
                EnsembleModel.of(ensemble.withDefaults("run-id"));
                modelAccepts = true;
            } catch (InvalidEnsembleException e) {
                modelAccepts = false;
            }
            assertThat(modelAccepts).as("%s", ensemble).isEqualTo(gatewayAccepts);
        }
    }

    @Test
    void manifestsAreOneYamlStream() {
        String yaml = Manifests.yaml(current().objects(), "zklab dry run");
        assertThat(yaml).startsWith("# zklab dry run\n---\n");
        assertThat(yaml.split("(?m)^---$")).hasSize(7);
        assertThat(yaml)
                .contains("kind: \"StatefulSet\"", "apiVersion: \"policy/v1\"", "publishNotReadyAddresses: true");
    }
}
