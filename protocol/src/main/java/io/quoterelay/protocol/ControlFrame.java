package io.quoterelay.protocol;

/**
 * Frames that are not quotes. Each carries {@code type} and never {@code ts}, so the Python
 * receiver, which treats every map with {@code ts} as a quote, ignores them. They are rare (a
 * few per second), so they are plain immutable records.
 */
public sealed interface ControlFrame {

    /** First frame on a connection, both ways. The sender's session id numbers its quotes; the receiver sends 0. */
    record Hello(Role role, long sessionId, int version, long nextSeq) implements ControlFrame {
    }

    /** Keeps an idle link provably alive; a peer that sent {@link Hello} and then goes silent is dead. */
    record Heartbeat(long sentNs) implements ControlFrame {
    }

    /** Receiver to sender: t1 is the receiver's clock when sent. */
    record ClockPing(long t1) implements ControlFrame {
    }

    /** Sender to receiver: echoes t1 with t2 (sender clock at receipt of the ping) and t3 (at send of this pong). */
    record ClockPong(long t1, long t2, long t3) implements ControlFrame {
    }

    /**
     * Sender to receiver: cumulative counts for the session at the moment of sending, so the
     * receiver can show {@code upstream = delivered + gaps + conflated} without asking the sender.
     * {@code highestSeq} is the last sequence number assigned before this frame was written.
     */
    record SessionReport(long upstream, long conflated, long repeats, long highestSeq) implements ControlFrame {
    }

    /** A control frame of a type this version does not know: counted and skipped. */
    record Unknown(String type) implements ControlFrame {
    }

    enum Role {
        SENDER("sender"), RECEIVER("receiver");

        private final String wireName;

        Role(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        static Role fromWire(String s) {
            for (Role r : values()) {
                if (r.wireName.equals(s)) {
                    return r;
                }
            }
            throw new MalformedFrameException("unknown role '" + s + "' in hello");
        }
    }
}
