package dev.zklab.gateway.health;

import dev.zklab.gateway.orchestration.RunCoordinator;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The gateway is ready once it has rebuilt the run history from the events topic: before that it
 * would show runs as they were part-way through the replay.
 */
@Readiness
@ApplicationScoped
public class RunHistoryReadiness implements HealthCheck {

    private final RunCoordinator coordinator;

    public RunHistoryReadiness(RunCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("run-history")
                .status(coordinator.caughtUp())
                .build();
    }
}
