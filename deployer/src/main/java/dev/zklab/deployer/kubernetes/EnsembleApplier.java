package dev.zklab.deployer.kubernetes;

import dev.zklab.contracts.ensemble.ImageProfile;
import dev.zklab.contracts.run.FieldError;
import dev.zklab.deployer.model.EnsembleModel;
import dev.zklab.deployer.model.InvalidEnsembleException;
import dev.zklab.members.SuperUser;
import dev.zklab.support.kubernetes.EnsembleNames;
import dev.zklab.support.kubernetes.EnsembleOwnership;
import dev.zklab.support.kubernetes.RunNamespace;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Puts an ensemble's desired objects into a cluster: checks what only the cluster can tell (the
 * StorageClass), creates the namespace only when it is missing, keeps the super user's Secret (made once,
 * never overwritten), and server-side applies every object with zklab's one field manager. It is called only
 * once the step has secured the ensemble ({@link EnsembleOwnership#secure}): every object it then finds
 * carries the run's mark, so taking over fields another manager set ({@code forceConflicts}) touches only
 * what zklab made.
 */
public final class EnsembleApplier {

    private final KubernetesClient client;

    public EnsembleApplier(KubernetesClient client) {
        this.client = client;
    }

    /** Refuses, before anything is applied, a StorageClass the cluster does not have. */
    public void checkStorageClass(EnsembleModel model) {
        if (client.storage()
                        .v1()
                        .storageClasses()
                        .withName(model.storageClass())
                        .get()
                == null) {
            List<String> available = client.storage().v1().storageClasses().list().getItems().stream()
                    .map(StorageClass::getMetadata)
                    .map(m -> m.getName())
                    .sorted()
                    .toList();
            throw new InvalidEnsembleException(List.of(new FieldError(
                    "ensemble.storageClass",
                    "StorageClass '"
                            + model.storageClass()
                            + "' not found in the cluster; create it (the setup-storage step does) or set"
                            + " ensemble.storageClass to one of " + available)));
        }
    }

    /**
     * Applies every object of the model (the Secret first, for the {@code current} profile); returns what was
     * applied. An ensemble without its budget loses one an earlier deploy left, so the cluster is as the spec says.
     */
    public List<HasMetadata> apply(EnsembleModel model) {
        List<HasMetadata> objects = model.objects();
        List<HasMetadata> applied = new ArrayList<>();
        // A namespace that exists is used as it is, never labelled as zklab's; one that is missing is the run's.
        if (RunNamespace.ensure(client, model.namespace(), model.runId())) {
            applied.add(objects.get(0));
        }
        if (model.profile() == ImageProfile.CURRENT) {
            ensureSuperUser(model);
        }
        if (!model.withBudget()) {
            client.policy()
                    .v1()
                    .podDisruptionBudget()
                    .inNamespace(model.namespace())
                    .withName(EnsembleNames.PDB)
                    .delete();
        }
        objects.stream().skip(1).forEach(o -> applied.add(serverSideApply(o)));
        return applied;
    }

    /** Applies one object with zklab's field manager, taking over fields another manager set. */
    public HasMetadata serverSideApply(HasMetadata object) {
        return client.resource(object)
                .fieldManager(EnsembleNames.FIELD_MANAGER)
                .forceConflicts()
                .serverSideApply();
    }

    /** The ensemble's super user: from its Secret, which is created with a random password the first time. */
    public SuperUser ensureSuperUser(EnsembleModel model) {
        Optional<SuperUser> existing = superUser(model.namespace());
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        SuperUser user = new SuperUser(Base64.getUrlEncoder().withoutPadding().encodeToString(random));
        try {
            client.resource(model.adminSecret(user.password(), user.digest())).create();
            return user;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                // Created meanwhile by another attempt of this step: use that one.
                return superUser(model.namespace()).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    /** The super user of the ensemble in a namespace, if its Secret exists. */
    public Optional<SuperUser> superUser(String namespace) {
        Secret secret = client.secrets()
                .inNamespace(namespace)
                .withName(EnsembleNames.ADMIN_SECRET)
                .get();
        if (secret == null
                || secret.getData() == null
                || !secret.getData().containsKey(EnsembleNames.SUPER_PASSWORD_KEY)) {
            return Optional.empty();
        }
        return Optional.of(new SuperUser(new String(
                Base64.getDecoder().decode(secret.getData().get(EnsembleNames.SUPER_PASSWORD_KEY)),
                StandardCharsets.UTF_8)));
    }
}
