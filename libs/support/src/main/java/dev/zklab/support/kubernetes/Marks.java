package dev.zklab.support.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * zklab's mark on what it creates in a cluster, in one place: {@value #MANAGED_BY}={@value #ZKLAB} says zklab made
 * the object, {@value #RUN}=&lt;run id&gt; which run owns it. zklab changes and removes only what carries its mark, and
 * a run only what carries its own (or what it took over from an ended run when its spec said so).
 */
public final class Marks {

    /** The well-known label of the tool that manages an object. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

    public static final String ZKLAB = "zklab";
    /** The run that made (or took over) the object. */
    public static final String RUN = "zklab.dev/run";

    private Marks() {}

    /** zklab's mark without a run: for pod and claim templates, which every run of an ensemble shares. */
    public static Map<String, String> zklab() {
        return Map.of(MANAGED_BY, ZKLAB);
    }

    /** The mark of objects the run makes: zklab's, and the run's. */
    public static Map<String, String> ofRun(String runId) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, ZKLAB);
        labels.put(RUN, Objects.requireNonNull(runId, "runId"));
        return Map.copyOf(labels);
    }

    public static boolean isZklabs(HasMetadata object) {
        return ZKLAB.equals(labels(object).get(MANAGED_BY));
    }

    /** The run that owns a zklab object; empty when the object is not zklab's or no run is named on it. */
    public static Optional<String> run(HasMetadata object) {
        return isZklabs(object) ? Optional.ofNullable(labels(object).get(RUN)) : Optional.empty();
    }

    public static boolean ownedBy(HasMetadata object, String runId) {
        return run(object).filter(runId::equals).isPresent();
    }

    /**
     * Who manages an object, from its managed fields (e.g. {@code helm}, {@code kubectl-create}); empty when unknown.
     * Controllers that only write its status (the StatefulSet controller, say) are not who made it.
     */
    public static List<String> managers(HasMetadata object) {
        List<ManagedFieldsEntry> fields = object.getMetadata().getManagedFields();
        return fields == null
                ? List.of()
                : fields.stream()
                        .filter(f ->
                                f.getSubresource() == null || f.getSubresource().isEmpty())
                        .map(ManagedFieldsEntry::getManager)
                        .filter(Objects::nonNull)
                        .distinct()
                        .sorted()
                        .toList();
    }

    /** {@code StatefulSet zk in namespace payments}, {@code Namespace payments}: how messages name an object. */
    public static String describe(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return object.getKind() + " " + object.getMetadata().getName()
                + (namespace == null ? "" : " in namespace " + namespace);
    }

    private static Map<String, String> labels(HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }
}
