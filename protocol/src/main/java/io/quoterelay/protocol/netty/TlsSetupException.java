package io.quoterelay.protocol.netty;

/** TLS cannot be set up as configured; the message names the file or setting and how to fix it. */
public final class TlsSetupException extends RuntimeException {
    public TlsSetupException(String message) {
        super(message);
    }

    public TlsSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
