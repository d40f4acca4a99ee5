package dev.zklab.provisioner.access;

import java.util.List;

/**
 * Every permission zklab's steps use on a cluster, with the step that needs it: what the provisioner
 * asks the API server about (SelfSubjectAccessReview) before anything is deployed, so that a missing
 * permission is named up front instead of failing a step half-way.
 */
public final class RequiredAccess {

    /** One permission: {@code verb} on {@code resource} (with subresource) of API {@code group}, in the run's namespace when namespaced. */
    public record Permission(
            String verb, String group, String resource, String subresource, boolean namespaced, String neededBy) {

        /** As RBAC writes it: {@code create pods/eviction}, {@code patch statefulsets.apps}. */
        public String describe() {
            return verb + " " + resource + (subresource.isEmpty() ? "" : "/" + subresource)
                    + (group.isEmpty() ? "" : "." + group);
        }
    }

    private RequiredAccess() {}

    public static final List<Permission> ALL = List.of(
            cluster("create", "", "namespaces", "deploy"),
            cluster("get", "", "namespaces", "deploy"),
            cluster("delete", "", "namespaces", "teardown"),
            cluster("get", "storage.k8s.io", "storageclasses", "setup-storage"),
            cluster("list", "storage.k8s.io", "storageclasses", "setup-storage"),
            cluster("list", "", "nodes", "drain"),
            cluster("patch", "", "nodes", "drain (cordon, uncordon)"),
            cluster("get", "", "persistentvolumes", "verify"),
            ns("patch", "apps", "statefulsets", "deploy, scale"),
            ns("get", "apps", "statefulsets", "verify"),
            ns("watch", "apps", "statefulsets", "deploy"),
            ns("delete", "apps", "statefulsets", "durability"),
            ns("list", "apps", "controllerrevisions", "configure"),
            ns("patch", "", "services", "deploy"),
            ns("patch", "", "configmaps", "deploy"),
            ns("patch", "", "secrets", "deploy"),
            ns("get", "", "secrets", "deploy"),
            ns("patch", "policy", "poddisruptionbudgets", "deploy"),
            ns("get", "policy", "poddisruptionbudgets", "drain"),
            ns("list", "", "pods", "verify, drain"),
            ns("watch", "", "pods", "deploy, drain"),
            ns("delete", "", "pods", "drain (force)"),
            ns("create", "", "pods", "eviction", "drain"),
            ns("create", "", "pods", "portforward", "verify (ZooKeeper checks from outside the cluster)"),
            ns("list", "", "persistentvolumeclaims", "durability, verify"),
            ns("get", "", "persistentvolumeclaims", "setup-storage (binding proof)"),
            ns("create", "", "persistentvolumeclaims", "setup-storage (binding proof)"),
            ns("create", "", "pods", "setup-storage (binding proof, when the class binds for a first consumer)"),
            ns("delete", "", "persistentvolumeclaims", "scale"),
            ns("list", "", "events", "drain, verify"));

    private static Permission cluster(String verb, String group, String resource, String neededBy) {
        return new Permission(verb, group, resource, "", false, neededBy);
    }

    private static Permission ns(String verb, String group, String resource, String neededBy) {
        return new Permission(verb, group, resource, "", true, neededBy);
    }

    private static Permission ns(String verb, String group, String resource, String subresource, String neededBy) {
        return new Permission(verb, group, resource, subresource, true, neededBy);
    }
}
