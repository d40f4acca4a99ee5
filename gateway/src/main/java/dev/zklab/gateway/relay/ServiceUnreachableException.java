package dev.zklab.gateway.relay;

/** The gateway could not reach a step service it relays a request to. */
public class ServiceUnreachableException extends RuntimeException {

    public ServiceUnreachableException(String service, String url, String setting, Throwable cause) {
        super(
                "the gateway could not reach " + service + " at " + url + " (" + cause.getMessage()
                        + "); start it (./zklab up" + " starts all five services) or point the gateway at it with "
                        + setting,
                cause);
    }
}
