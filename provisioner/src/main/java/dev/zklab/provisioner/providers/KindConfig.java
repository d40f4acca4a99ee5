package dev.zklab.provisioner.providers;

/** The kind cluster configuration zklab asks for: one control plane and N workers (pure). */
public final class KindConfig {

    private KindConfig() {}

    public static String of(int workers) {
        StringBuilder yaml = new StringBuilder("""
                # made by zklab's provisioner
                kind: Cluster
                apiVersion: kind.x-k8s.io/v1alpha4
                nodes:
                - role: control-plane
                """);
        for (int i = 0; i < workers; i++) {
            yaml.append("- role: worker\n");
        }
        return yaml.toString();
    }
}
