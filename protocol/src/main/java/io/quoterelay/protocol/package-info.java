/**
 * The wire format, on bytes alone: {@link io.quoterelay.protocol.FrameWriter} encodes quotes and
 * control frames into any {@link io.quoterelay.protocol.FrameSink},
 * {@link io.quoterelay.protocol.FrameReader} decodes a frame body, and
 * {@link io.quoterelay.protocol.QuoteFrame} is the reused, mutable quote both work on. The
 * {@code netty} sub-package adapts them to a pipeline. docs/protocol.md specifies the format, and
 * its section "The quote's path, from exchange text to callback" follows one quote from the
 * exchange's text to the executor's callback, naming each class on the way and each copy of the
 * quote that remains, with what it buys.
 */
package io.quoterelay.protocol;
