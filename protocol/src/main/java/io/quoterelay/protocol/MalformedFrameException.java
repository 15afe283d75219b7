package io.quoterelay.protocol;

/** A frame that is not a valid relay message: the peer is broken or hostile, and its connection is closed. */
public final class MalformedFrameException extends RuntimeException {
    public MalformedFrameException(String message) {
        super(message);
    }

    public MalformedFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
