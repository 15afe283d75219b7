package io.quoterelay.receiver;

/**
 * Tells a test which thread did the work a stranger can cause: each TLS handshake's end and each
 * connection refused at accept. Off (null) unless a test sets it; never on the quote path.
 */
interface HandshakeProbe {
    void handshakeCompleted(Thread thread, boolean success);

    void refusedAtAccept(Thread thread, String reason);

    /** On the quote thread, once a connection arrived there and its pipeline is final. */
    default void handedOver(io.netty.channel.Channel channel) {
    }
}
