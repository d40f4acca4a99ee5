package dev.zklab.localkube;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class against the run's local cluster: test methods and constructors may
 * take a {@link io.fabric8.kubernetes.client.KubernetesClient} or the {@link LocalKubeCluster}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(LocalKubeExtension.class)
public @interface WithLocalKube {}
