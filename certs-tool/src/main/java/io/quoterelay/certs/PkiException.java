package io.quoterelay.certs;

/** A certificate or key could not be made or read, for a reason the message names. */
public class PkiException extends RuntimeException {
    public PkiException(String message, Throwable cause) {
        super(message, cause);
    }

    public PkiException(String message) {
        super(message);
    }
}
