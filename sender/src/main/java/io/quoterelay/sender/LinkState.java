package io.quoterelay.sender;

/** Where a receiver link stands. */
public enum LinkState {
    /** Dialling or in the TLS handshake, before the first success or failure. */
    CONNECTING,
    /** Handshake done, hello and snapshot sent, quotes flowing. */
    UP,
    /** Not connected; the last error says why, and reconnects are under way with backoff. */
    DOWN,
    /** The sender was closed. */
    CLOSED
}
