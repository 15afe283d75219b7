package io.quoterelay.protocol;

/** Values of the {@code type} key. */
final class ControlTypes {
    static final String HELLO = "hello";
    static final String HEARTBEAT = "heartbeat";
    static final String CLOCK_PING = "clock_ping";
    static final String CLOCK_PONG = "clock_pong";
    static final String SESSION_REPORT = "session_report";

    private ControlTypes() {
    }
}
