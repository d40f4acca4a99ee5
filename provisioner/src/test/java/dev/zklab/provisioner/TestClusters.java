package dev.zklab.provisioner;

import dev.zklab.clusters.gke.FakeClusterManager;
import dev.zklab.localkube.LocalKubeCluster;
import dev.zklab.provisioner.access.RequiredAccess;
import dev.zklab.provisioner.storage.StorageClassModel;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * The clusters the provisioner's tests use, all on the module's localkube cluster: the operator's
 * {@code existing} clusters {@code shared} (its admin kubeconfig) and {@code limited} (a service account
 * whose RBAC lacks two permissions zklab needs), and a stand-in {@code kind} command that records its
 * arguments and hands out the localkube cluster's kubeconfig, with a default StorageClass like kind's,
 * and GKE's ClusterManager faked on a loopback port.
 */
public class TestClusters implements QuarkusTestResourceLifecycleManager {

    /** The permissions the limited user lacks. */
    static final List<String> WITHHELD = List.of("create pods/eviction", "patch nodes");

    static Path dir;
    static Path kindCalls;
    static Path kindState;
    static Path files;
    /** GKE's ClusterManager, faked, served on a loopback port that the service is given as its emulator host. */
    static FakeClusterManager gke;

    @Override
    public Map<String, String> start() {
        LocalKubeCluster cluster = LocalKubeCluster.shared();
        try {
            dir = Files.createTempDirectory("zklab-provisioner-it-");
            files = dir.resolve("clusters");
            kindState = Files.createDirectories(dir.resolve("kind-state"));
            kindCalls = kindState.resolve("calls");
            Path limited = dir.resolve("limited.kubeconfig");
            try (KubernetesClient client = cluster.newClient()) {
                Files.writeString(limited, limitedKubeconfig(client));
                // A kubeconfig is a credential: zklab refuses one that others may read.
                Files.setPosixFilePermissions(limited, PosixFilePermissions.fromString("rw-------"));
                // What kind installs as it creates a cluster: a default class, whose provisioner a kind cluster's
                // 'fast' takes.
                client.resource(new StorageClassBuilder()
                                .withNewMetadata()
                                .withName("standard")
                                .withAnnotations(Map.of("storageclass.kubernetes.io/is-default-class", "true"))
                                .endMetadata()
                                .withProvisioner(StorageClassModel.LOCAL_PROVISIONER)
                                .withVolumeBindingMode("WaitForFirstConsumer")
                                .withReclaimPolicy("Delete")
                                .build())
                        .serverSideApply();
            }
            Path kind = dir.resolve("kind");
            Files.writeString(
                    kind,
                    KIND.replace("__STATE__", kindState.toString())
                            .replace("__KUBECONFIG__", cluster.kubeconfig().toString()));
            Files.setPosixFilePermissions(kind, PosixFilePermissions.fromString("rwx------"));
            gke = new FakeClusterManager();
            return Map.of(
                    "zklab.clusters.gke.project", FakeClusterManager.PROJECT,
                    "zklab.clusters.gke.emulator-host", gke.listen(),
                    "zklab.clusters.existing.shared.kubeconfig",
                            cluster.kubeconfig().toString(),
                    "zklab.clusters.existing.limited.kubeconfig", limited.toString(),
                    "zklab.clusters.files-dir", files.toString(),
                    "zklab.provisioner.kind", kind.toString(),
                    "quarkus.kubernetes-client.devservices.enabled", "false");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A service account bound to every permission zklab needs but {@link #WITHHELD}, and a kubeconfig with its token. */
    private static String limitedKubeconfig(KubernetesClient client) {
        String ns = "zklab-rbac";
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(ns)
                        .endMetadata()
                        .build())
                .serverSideApply();
        client.serviceAccounts()
                .inNamespace(ns)
                .resource(new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName("limited")
                        .endMetadata()
                        .build())
                .serverSideApply();
        List<PolicyRule> rules = RequiredAccess.ALL.stream()
                .filter(p -> !WITHHELD.contains(p.describe()))
                .map(p -> new PolicyRuleBuilder()
                        .withApiGroups(p.group())
                        .withResources(p.resource() + (p.subresource().isEmpty() ? "" : "/" + p.subresource()))
                        .withVerbs(p.verb())
                        .build())
                .toList();
        client.rbac()
                .clusterRoles()
                .resource(new ClusterRoleBuilder()
                        .withNewMetadata()
                        .withName("zklab-limited")
                        .endMetadata()
                        .withRules(rules)
                        .build())
                .serverSideApply();
        client.rbac()
                .clusterRoleBindings()
                .resource(new ClusterRoleBindingBuilder()
                        .withNewMetadata()
                        .withName("zklab-limited")
                        .endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "zklab-limited")
                        .addNewSubject()
                        .withKind("ServiceAccount")
                        .withName("limited")
                        .withNamespace(ns)
                        .endSubject()
                        .build())
                .serverSideApply();
        String token = client.serviceAccounts()
                .inNamespace(ns)
                .withName("limited")
                .tokenRequest(new TokenRequestBuilder()
                        .withNewSpec()
                        .withExpirationSeconds(7200L)
                        .endSpec()
                        .build())
                .getStatus()
                .getToken();
        Config admin = client.getConfiguration();
        String ca = admin.getCaCertData() != null
                ? "certificate-authority-data: " + admin.getCaCertData()
                : "certificate-authority: " + admin.getCaCertFile();
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: localkube
                  cluster:
                    server: %s
                    %s
                contexts:
                - name: limited
                  context: {cluster: localkube, user: limited}
                current-context: limited
                users:
                - name: limited
                  user: {token: %s}
                """.formatted(admin.getMasterUrl(), ca, token);
    }

    /** The stand-in kind: clusters are names in a state file; every call is recorded; the kubeconfig is localkube's. */
    private static final String KIND = """
            #!/usr/bin/env bash
            set -euo pipefail
            state='__STATE__'
            echo "$*" >>"$state/calls"
            name=""; config=""
            args=("$@")
            for ((i = 0; i < ${#args[@]}; i++)); do
              case "${args[$i]}" in
                --name) name="${args[$((i + 1))]}" ;;
                --config) config="${args[$((i + 1))]}" ;;
              esac
            done
            touch "$state/clusters"
            case "$1 ${2:-}" in
              "get clusters") cat "$state/clusters" ;;
              "create cluster")
                grep -qx "$name" "$state/clusters" && { echo "ERROR: node(s) already exist for a cluster with the name \\"$name\\"" >&2; exit 1; }
                echo "Creating cluster \\"$name\\" ..." >&2
                cp "$config" "$state/config-$name.yaml"
                echo "$name" >>"$state/clusters" ;;
              "get kubeconfig")
                grep -qx "$name" "$state/clusters" || { echo "ERROR: could not locate any control plane nodes for cluster named '$name'" >&2; exit 1; }
                cat '__KUBECONFIG__' ;;
              "delete cluster")
                echo "Deleting cluster \\"$name\\" ..." >&2
                grep -vx "$name" "$state/clusters" >"$state/clusters.new" || true
                mv "$state/clusters.new" "$state/clusters" ;;
              *) echo "stand-in kind: unknown command $*" >&2; exit 2 ;;
            esac
            """;

    @Override
    public void stop() {
        // The module's cluster is deleted at the end of the run (LocalKubeCluster); the temp files stay for a look.
        if (gke != null) {
            gke.close();
        }
    }
}
