package io.quoterelay.sender;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Combined-stream URLs for bookTicker subscriptions. */
final class BinanceEndpoints {
    /** Spot combined streams; the market-data-only host {@code data-stream.binance.vision} serves the same. */
    public static final String SPOT_BASE = "wss://stream.binance.com:9443/stream?streams=";
    /** USD-M futures: bookTicker moved to the routed {@code /public} path in 2026; the old un-routed URLs are retired. */
    public static final String USDM_BASE = "wss://fstream.binance.com/public/stream?streams=";
    /** Binance's limit per connection. */
    public static final int MAX_STREAMS = 1024;
    private static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9_-]{1,40}");

    private BinanceEndpoints() {
    }

    /** The spot ({@code usdm=false}) or USD-M combined-stream URL for the symbols' bookTicker streams. */
    public static URI bookTicker(boolean usdm, List<String> symbols) {
        if (symbols == null || symbols.isEmpty()) {
            throw new IllegalArgumentException("no symbols to subscribe to");
        }
        if (symbols.size() > MAX_STREAMS) {
            throw new IllegalArgumentException(symbols.size() + " symbols exceed Binance's " + MAX_STREAMS + " streams per connection");
        }
        StringBuilder b = new StringBuilder(usdm ? USDM_BASE : SPOT_BASE);
        for (int i = 0; i < symbols.size(); i++) {
            String s = symbols.get(i);
            if (s == null || !SYMBOL.matcher(s).matches()) {
                throw new IllegalArgumentException("symbol '" + s + "' is not a Binance symbol (letters, digits, '_' or '-')");
            }
            if (i > 0) {
                b.append('/');
            }
            b.append(s.toLowerCase(Locale.ROOT)).append("@bookTicker");
        }
        return URI.create(b.toString());
    }
}
