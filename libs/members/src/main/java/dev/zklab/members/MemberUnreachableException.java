package dev.zklab.members;

/** A member could not be reached or did not answer in time; the message names the member and what to check. */
public class MemberUnreachableException extends RuntimeException {

    public MemberUnreachableException(String message) {
        super(message);
    }

    public MemberUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
