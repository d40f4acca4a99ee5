package dev.zklab.provisioner.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The StorageClass each provider needs, field by field, and the differences that make one unusable. */
class StorageClassModelTest {

    @Test
    void gkeUsesThePersistentDiskCsiDriverWithSsdsBoundForTheFirstConsumer() {
        StorageClass fast =
                StorageClassModel.desired("gke", "fast", Optional.empty()).orElseThrow();

        assertThat(fast.getMetadata().getName()).isEqualTo("fast");
        assertThat(fast.getProvisioner()).isEqualTo("pd.csi.storage.gke.io").isNotEqualTo("kubernetes.io/gce-pd");
        assertThat(fast.getParameters()).containsExactly(Map.entry("type", "pd-ssd"));
        assertThat(fast.getVolumeBindingMode()).isEqualTo("WaitForFirstConsumer");
        assertThat(fast.getReclaimPolicy()).isEqualTo("Delete");
        assertThat(fast.getAllowVolumeExpansion()).isTrue();
    }

    @Test
    void localUsesLocalkubesProvisioner() {
        StorageClass fast =
                StorageClassModel.desired("local", "fast", Optional.empty()).orElseThrow();

        assertThat(fast.getProvisioner()).isEqualTo("localkube.zklab.dev/hostpath");
        assertThat(fast.getVolumeBindingMode()).isEqualTo("Immediate");
        assertThat(fast.getParameters()).isNull();
    }

    @Test
    void kindTakesTheProvisionerOfItsDefaultClass() {
        StorageClass standard = new StorageClassBuilder()
                .withNewMetadata()
                .withName("standard")
                .withAnnotations(Map.of("storageclass.kubernetes.io/is-default-class", "true"))
                .endMetadata()
                .withProvisioner("rancher.io/local-path")
                .withVolumeBindingMode("WaitForFirstConsumer")
                .build();

        StorageClass fast =
                StorageClassModel.desired("kind", "fast", Optional.of(standard)).orElseThrow();

        assertThat(StorageClassModel.isDefault(standard)).isTrue();
        assertThat(fast.getProvisioner()).isEqualTo("rancher.io/local-path");
        assertThat(fast.getVolumeBindingMode()).isEqualTo("WaitForFirstConsumer");
        assertThatThrownBy(() -> StorageClassModel.desired("kind", "fast", Optional.empty()))
                .hasMessageContaining("no default StorageClass");
    }

    @Test
    void anExistingClusterGetsNoClassFromZklab() {
        assertThat(StorageClassModel.desired("existing", "fast", Optional.empty()))
                .isEmpty();
    }

    @Test
    void aClassThatCannotBeChangedIntoTheOneNeededIsNamedByWhatDiffers() {
        StorageClass gke =
                StorageClassModel.desired("gke", "fast", Optional.empty()).orElseThrow();
        StorageClass inTree = new StorageClassBuilder(gke)
                .withProvisioner("kubernetes.io/gce-pd")
                .build();
        StorageClass standardDisk = new StorageClassBuilder(gke)
                .withParameters(Map.of("type", "pd-standard"))
                .build();
        StorageClass immediate =
                new StorageClassBuilder(gke).withVolumeBindingMode(null).build();

        assertThat(StorageClassModel.conflict(gke, gke)).isEmpty();
        assertThat(StorageClassModel.conflict(inTree, gke))
                .contains("its provisioner is kubernetes.io/gce-pd, not pd.csi.storage.gke.io");
        assertThat(StorageClassModel.conflict(standardDisk, gke))
                .contains("its parameters are {type=pd-standard}, not {type=pd-ssd}");
        assertThat(StorageClassModel.conflict(immediate, gke))
                .contains("its volumeBindingMode is Immediate, not WaitForFirstConsumer");
    }
}
