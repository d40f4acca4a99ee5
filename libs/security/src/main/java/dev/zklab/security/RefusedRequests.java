package dev.zklab.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.security.spi.runtime.AuthenticationFailureEvent;
import io.quarkus.security.spi.runtime.AuthorizationFailureEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Counts the requests a service refused, by why ({@code zklab_http_requests_refused_total{reason}}), from the
 * security events Quarkus fires: someone guessing tokens shows on a dashboard, and no token is ever logged.
 */
@ApplicationScoped
@Startup // its counters exist from the start, at 0, so dashboards and alerts see a series before the first refusal
public class RefusedRequests {

    public static final String METRIC = "zklab.http.requests.refused";

    /** Why a request was refused. */
    public enum Reason {
        /** No bearer token where one is needed (401). */
        NO_TOKEN,
        /** A bearer token that is neither a zklab API token of the tokens file nor a JWT that verifies (401). */
        BAD_TOKEN,
        /** A valid token whose roles do not allow the request (403). */
        FORBIDDEN;

        public String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Map<Reason, Counter> counters = new EnumMap<>(Reason.class);

    public RefusedRequests(MeterRegistry registry) {
        for (Reason reason : Reason.values()) {
            counters.put(
                    reason,
                    Counter.builder(METRIC)
                            .description("HTTP requests refused: no token, a bad token, or a role" + " that may not")
                            .tag("reason", reason.tag())
                            .register(registry));
        }
    }

    void authenticationFailed(@Observes AuthenticationFailureEvent event) {
        count(Reason.BAD_TOKEN);
    }

    void authorizationFailed(@Observes AuthorizationFailureEvent event) {
        boolean anonymous = event.getSecurityIdentity() == null
                || event.getSecurityIdentity().isAnonymous();
        count(anonymous ? Reason.NO_TOKEN : Reason.FORBIDDEN);
    }

    /** A refusal zklab decided itself (a run spec asking for more than the caller's role). */
    public void count(Reason reason) {
        counters.get(reason).increment();
    }
}
