package io.quoterelay.sender;

import io.netty.channel.ChannelHandlerContext;

/**
 * What the handlers of one connection's pipeline ({@link LivenessHandler}, {@link LinkSessionHandler})
 * may ask of the {@link ReceiverLink} that dialled it, and the only way they reach it: the link
 * owns the quotes and the session's numbering across connections, a connection's handlers own
 * one session. Event loop only.
 */
interface SessionOwner {
    /** The sender session id this link announces in every hello. */
    long sessionId();

    /** The quotes given to the link and not yet sent, and their numbering. */
    PendingQuotes quotes();

    /**
     * Whether the snapshot repeats already-sent quotes: not to an earlier (Python) receiver, which
     * would count each repeat's older number as a step back.
     */
    boolean repeatsWanted();

    /** The hello and snapshot are written: live quotes may go through {@code session} now. */
    void onSessionStarted(LinkSessionHandler session, int repeats);

    /** A started session ended: whether its receiver answered the hello, and how long it was up. */
    void onSessionVerdict(boolean receiverAnswered, long upNanos);

    /** The connection of {@code session} is gone; quotes wait in {@link #quotes()} for the next. */
    void onSessionEnded(LinkSessionHandler session);

    /** Closes the connection, recording {@code reason} as why the link went down (the first reason wins). */
    void closeWith(ChannelHandlerContext ctx, String reason);

    /** Closes the connection for {@code cause}, worded by the link (a TLS failure names the fix). */
    void closeWith(ChannelHandlerContext ctx, Throwable cause, boolean inHandshake);
}
