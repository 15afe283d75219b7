package io.quoterelay.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * The request path of a WebSocket handshake, read as Binance does: which streams and whether
 * messages are wrapped ({@code /stream?streams=a/b}: combined) or bare ({@code /ws/a/b}: raw).
 * Both may be opened with no streams and filled later by {@code SUBSCRIBE}.
 *
 * @param combined true when messages are wrapped as {@code {"stream":...,"data":...}}
 * @param streams  stream names in request order, e.g. {@code btcusdt@bookTicker}
 */
record StreamPath(boolean combined, List<String> streams) {
    static final String STREAM_SUFFIX = "@bookTicker";

    /** Why a path was refused; the message is what the client sees. */
    static final class RejectedPathException extends Exception {
        private static final long serialVersionUID = 1L;

        RejectedPathException(String message) {
            super(message);
        }
    }

    static StreamPath parse(String resource, Market market) throws RejectedPathException {
        String path = resource;
        String query = null;
        int q = resource.indexOf('?');
        if (q >= 0) {
            path = resource.substring(0, q);
            query = resource.substring(q + 1);
        }
        if (isCombinedPath(path, market)) {
            List<String> streams = new ArrayList<>();
            if (query != null && !query.isEmpty()) {
                if (!query.startsWith("streams=")) {
                    throw new RejectedPathException("unsupported query '" + query
                        + "'; expected streams=btcusdt@bookTicker/ethusdt@bookTicker");
                }
                addStreams(query.substring("streams=".length()), streams);
            }
            return new StreamPath(true, List.copyOf(streams));
        }
        String rawPrefix = rawPrefix(path, market);
        if (rawPrefix != null) {
            if (query != null) {
                throw new RejectedPathException("raw path takes no query: '" + resource + "'");
            }
            List<String> streams = new ArrayList<>();
            String rest = path.substring(rawPrefix.length());
            if (rest.startsWith("/")) {
                addStreams(rest.substring(1), streams);
            }
            return new StreamPath(false, List.copyOf(streams));
        }
        throw new RejectedPathException("unknown path '" + path + "'; " + market
            + " serves " + market.combinedPath + "?streams=btcusdt@bookTicker and "
            + market.rawPath + "/btcusdt@bookTicker");
    }

    private static boolean isCombinedPath(String path, Market market) {
        return path.equals(market.combinedPath) || path.equals("/stream");
    }

    private static String rawPrefix(String path, Market market) {
        for (String prefix : new String[] {market.rawPath, "/ws"}) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return prefix;
            }
        }
        return null;
    }

    private static void addStreams(String list, List<String> out) throws RejectedPathException {
        for (String stream : list.split("/", -1)) {
            if (!isValidStream(stream)) {
                throw new RejectedPathException("invalid stream '" + stream
                    + "'; expected lower-case symbol + @bookTicker, e.g. btcusdt@bookTicker");
            }
            if (!out.contains(stream)) {
                out.add(stream);
            }
        }
    }

    /** {@code [a-z0-9]+@bookTicker}: Binance stream names are lower-case; this simulator serves only bookTicker. */
    static boolean isValidStream(String stream) {
        int at = stream.length() - STREAM_SUFFIX.length();
        if (at < 1 || !stream.endsWith(STREAM_SUFFIX)) {
            return false;
        }
        for (int i = 0; i < at; i++) {
            char c = stream.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }
}
