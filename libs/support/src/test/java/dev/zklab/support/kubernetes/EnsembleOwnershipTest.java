package dev.zklab.support.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whose an ensemble's objects are, judged from their marks alone (the pure half of {@link EnsembleOwnership}). */
class EnsembleOwnershipTest {

    static final String RUN = "11111111-aaaa-4bbb-8ccc-000000000001";
    static final String ENDED = "22222222-aaaa-4bbb-8ccc-000000000002";

    @Test
    void anObjectWithoutZklabsMarkIsRefusedNamingItsManagerWhateverTheSpecSays() {
        HasMetadata helms = new StatefulSetBuilder()
                .withNewMetadata()
                .withName("zk")
                .withNamespace("payments")
                .withManagedFields(
                        new ManagedFieldsEntryBuilder()
                                .withManager("helm")
                                .withOperation("Update")
                                .build(),
                        // The controller writes only its status: not who made it.
                        new ManagedFieldsEntryBuilder()
                                .withManager("kube-controller-manager")
                                .withSubresource("status")
                                .build())
                .endMetadata()
                .build();
        EnsembleOwnership.Found found = new EnsembleOwnership.Found(namespace(Map.of()), List.of(helms));

        assertThat(EnsembleOwnership.problems(found, RUN, false))
                .containsExactly("StatefulSet zk in namespace payments exists"
                        + " and was not made by zklab (field manager: helm); choose another ensemble.namespace");
        assertThat(EnsembleOwnership.problems(found, RUN, true)).hasSize(1);
        assertThat(EnsembleOwnership.toTakeOver(found, RUN)).isEmpty();
    }

    @Test
    void anotherRunsEnsembleIsRefusedUnlessTakenOverAndThenEveryObjectOfItIsRelabelledButNoForeignNamespace() {
        HasMetadata sts = marked(
                new StatefulSetBuilder()
                        .withNewMetadata()
                        .withName("zk")
                        .withNamespace("lab")
                        .endMetadata()
                        .build(),
                Marks.ofRun(ENDED));
        HasMetadata claim = marked(
                new PersistentVolumeClaimBuilder()
                        .withNewMetadata()
                        .withName("datadir-zk-0")
                        .withNamespace("lab")
                        .endMetadata()
                        .build(),
                Marks.zklab());
        HasMetadata member = marked(
                new PodBuilder()
                        .withNewMetadata()
                        .withName("zk-0")
                        .withNamespace("lab")
                        .endMetadata()
                        .build(),
                Marks.zklab());
        EnsembleOwnership.Found found = new EnsembleOwnership.Found(namespace(Map.of()), List.of(sts, claim, member));

        assertThat(EnsembleOwnership.problems(found, RUN, false))
                .containsExactly(
                        "StatefulSet zk in namespace lab belongs to zklab" + " run " + ENDED
                                + "; set ensemble.takeOver to take over an ended run's ensemble, or choose another ensemble.namespace");
        assertThat(EnsembleOwnership.problems(found, RUN, true)).isEmpty();
        // The claim and the pod name no run: they are the StatefulSet's. The namespace is someone's: never relabelled.
        assertThat(EnsembleOwnership.toTakeOver(found, RUN)).containsExactly(sts);

        EnsembleOwnership.Found inItsNamespace =
                new EnsembleOwnership.Found(namespace(Marks.ofRun(ENDED)), List.of(sts));
        assertThat(EnsembleOwnership.toTakeOver(inItsNamespace, RUN)).containsExactly(inItsNamespace.namespace(), sts);
    }

    @Test
    void theRunsOwnEnsembleAndAnEmptyNamespaceAreTheRunsToChange() {
        HasMetadata sts = marked(
                new StatefulSetBuilder()
                        .withNewMetadata()
                        .withName("zk")
                        .withNamespace("lab")
                        .endMetadata()
                        .build(),
                Marks.ofRun(RUN));
        assertThat(EnsembleOwnership.problems(
                        new EnsembleOwnership.Found(namespace(Marks.ofRun(RUN)), List.of(sts)), RUN, false))
                .isEmpty();
        assertThat(EnsembleOwnership.problems(new EnsembleOwnership.Found(null, List.of()), RUN, false))
                .isEmpty();
        assertThat(EnsembleOwnership.toTakeOver(
                        new EnsembleOwnership.Found(namespace(Marks.ofRun(RUN)), List.of(sts)), RUN))
                .isEmpty();
    }

    @Test
    void aPodThatMerelyCarriesTheLabsSelectorIsSomeoneElses() {
        HasMetadata pod = new PodBuilder()
                .withNewMetadata()
                .withName("zk-tools")
                .withNamespace("lab")
                .addToLabels("app", "zk")
                .withManagedFields(new ManagedFieldsEntryBuilder()
                        .withManager("kubectl-run")
                        .build())
                .endMetadata()
                .build();
        assertThat(EnsembleOwnership.problems(
                        new EnsembleOwnership.Found(namespace(Map.of()), List.of(pod)), RUN, true))
                .containsExactly(
                        "Pod zk-tools in namespace lab exists and was not made by zklab (field manager: kubectl-run);"
                                + " choose another ensemble.namespace");
    }

    static Namespace namespace(Map<String, String> labels) {
        return new NamespaceBuilder()
                .withNewMetadata()
                .withName("lab")
                .withLabels(labels)
                .endMetadata()
                .build();
    }

    static HasMetadata marked(HasMetadata object, Map<String, String> labels) {
        object.getMetadata().setLabels(labels);
        return object;
    }
}
