package dev.zklab.cli.client;

import dev.zklab.cli.BadInputException;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A zklab service's address and a typed client of its API. A call that cannot reach the service throws
 * {@link UnreachableException} naming the service and the address; an error answer throws {@link ApiException}.
 */
public record Endpoint(String service, String option, URI uri) {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** A request answers within this; a run's events stream for as long as the run lasts. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private static final Duration STREAM_TIMEOUT = Duration.ofDays(1);

    /** The endpoint at {@code url}; a URL that is not http(s)://host[:port] is bad input, named with {@code option}. */
    public static Endpoint of(String service, String option, String url) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(option + " '" + url + "' is not a URL; give one such as http://127.0.0.1:8080");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new BadInputException(option + " '" + url
                    + "' is not an http(s) URL with a host; give one such as http://127.0.0.1:8080");
        }
        return new Endpoint(service, option, uri);
    }

    /** A client for requests that answer at once. */
    public <T> T client(Class<T> api) {
        return wrap(api, build(api, READ_TIMEOUT));
    }

    /** A client for streams (Server-Sent Events) that last as long as a run. */
    public <T> T streaming(Class<T> api) {
        return build(api, STREAM_TIMEOUT);
    }

    private <T> T build(Class<T> api, Duration readTimeout) {
        QuarkusRestClientBuilder builder = QuarkusRestClientBuilder.newBuilder()
                .baseUri(uri)
                .connectTimeout(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
        Trust.fromEnvironment().ifPresent(builder::trustStore);
        Credentials.fromEnvironment()
                .ifPresent(token -> builder.register((ClientRequestFilter)
                        request -> request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + token)));
        return builder.build(api);
    }

    /** Every call of the client, with a failure to reach the service said as one. */
    private <T> T wrap(Class<T> api, T client) {
        return api.cast(Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api}, (proxy, method, args) -> {
            try {
                return method.invoke(client, args);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof ProcessingException unreachable) {
                    throw new UnreachableException(this, unreachable);
                }
                throw e.getCause();
            }
        }));
    }
}
