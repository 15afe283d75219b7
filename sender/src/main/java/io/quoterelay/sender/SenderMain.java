package io.quoterelay.sender;

import io.quoterelay.ops.cli.BadSetting;
import io.quoterelay.ops.cli.DurationConverter;
import io.quoterelay.ops.cli.ServiceCommand;
import io.quoterelay.ops.lifecycle.ShutdownSignalBarrier;
import io.quoterelay.ops.metrics.MetricsSettings;
import io.quoterelay.protocol.netty.IdleStrategy;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The sender as a process. Every flag has an environment-variable equal (a flag given on the
 * command line wins); the Python version's names work as aliases. A bad or missing setting ends
 * start-up with one line naming it and exit code 2 ({@link ServiceCommand}). Ctrl-C or SIGTERM closes the sender
 * before the JVM exits ({@link ShutdownSignalBarrier}).
 */
@Command(name = "sender", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Relays Binance bookTicker quotes to receivers over TLS.")
public final class SenderMain implements Callable<Integer> {
    @Option(names = "--receiver-host", descriptionKey = "RECEIVER_HOST|AMS_HOST", paramLabel = "HOST[,HOST:PORT...]",
        description = "Receiver host(s), comma-separated; each may carry its own :PORT. Env RECEIVER_HOST or AMS_HOST.")
    String receiverHost;

    @Option(names = "--receiver-port", descriptionKey = "RECEIVER_PORT|AMS_PORT", defaultValue = "9001",
        description = "Receiver port for hosts without one (default ${DEFAULT-VALUE}). Env RECEIVER_PORT or AMS_PORT.")
    int receiverPort;

    @Option(names = "--ca-cert", descriptionKey = "CA_CERT", description = "CA certificate (PEM) that signed the receiver's. Env CA_CERT.")
    Path caCert;

    @Option(names = "--client-cert", descriptionKey = "CLIENT_CERT", description = "This sender's certificate (PEM) for mutual TLS. Env CLIENT_CERT.")
    Path clientCert;

    @Option(names = "--client-key", descriptionKey = "CLIENT_KEY", description = "Its private key (PEM). Env CLIENT_KEY.")
    Path clientKey;

    @Option(names = "--symbols", descriptionKey = "SYMBOLS", split = ",",
        description = "Symbols, comma-separated (default BTCUSDT,ETHUSDT). Env SYMBOLS.")
    List<String> symbols;

    @Option(names = "--market", descriptionKey = "MARKET", description = "spot or usdm (default spot). Env MARKET.")
    String market;

    @Option(names = "--binance-url", descriptionKey = "BINANCE_URL",
        description = "Full WebSocket URL instead of symbols and market (e.g. a simulator). Env BINANCE_URL.")
    URI binanceUrl;

    @Option(names = "--stats-interval", descriptionKey = "STATS_INTERVAL", defaultValue = "10s",
        converter = DurationConverter.class, description = "Stats line period, 0s to disable (default ${DEFAULT-VALUE}). Env STATS_INTERVAL.")
    Duration statsInterval;

    @Option(names = "--binance-stall-timeout", descriptionKey = "BINANCE_STALL_TIMEOUT", defaultValue = "30s",
        converter = DurationConverter.class, description = "Redial Binance after this long without data (default ${DEFAULT-VALUE}). Env BINANCE_STALL_TIMEOUT.")
    Duration stallTimeout;

    @Option(names = "--binance-connections", descriptionKey = "BINANCE_CONNECTIONS", defaultValue = "2",
        description = "Hot-hot connections to the same Binance streams; per symbol the first copy of each update is"
            + " forwarded (1-4, default ${DEFAULT-VALUE}; 1 = a single connection). Env BINANCE_CONNECTIONS.")
    int binanceConnections;

    @Option(names = "--binance-local-addresses", descriptionKey = "BINANCE_LOCAL_ADDRESSES", split = ",",
        description = "Source addresses for the Binance connections, comma-separated; connection i binds entry i"
            + " modulo their number (default: the system picks). Env BINANCE_LOCAL_ADDRESSES.")
    List<String> binanceLocalAddresses;

    @Option(names = "--binance-max-frame-bytes", descriptionKey = "BINANCE_MAX_FRAME_BYTES", defaultValue = "65536",
        description = "Largest WebSocket frame or message accepted from Binance; a larger one closes that connection "
            + "and the sender redials (default ${DEFAULT-VALUE}). Env BINANCE_MAX_FRAME_BYTES.")
    int binanceMaxFrameBytes;

    @Option(names = "--warmup-quotes", descriptionKey = "WARMUP_QUOTES", defaultValue = "20000",
        description = "Made-up updates parsed and encoded in memory at start so the first real ones run compiled"
            + " code; nothing is sent (default ${DEFAULT-VALUE}; 0 = off). Env WARMUP_QUOTES.")
    int warmupQuotes;

    @Option(names = "--idle-strategy", descriptionKey = "IDLE_STRATEGY", defaultValue = "SLEEP",
        description = "sleep: the hot-path thread sleeps while no bytes wait; spin: it never sleeps (no wake-up per"
            + " update, one whole core always busy: pin it to a core of its own) (default ${DEFAULT-VALUE}). Env IDLE_STRATEGY.")
    IdleStrategy idleStrategy;

    @Option(names = "--link-idle-timeout", descriptionKey = "LINK_IDLE_TIMEOUT", defaultValue = "2500ms",
        converter = DurationConverter.class, description = "Redial a receiver silent this long (default ${DEFAULT-VALUE}). Env LINK_IDLE_TIMEOUT.")
    Duration linkIdleTimeout;

    @Option(names = "--heartbeat-interval", descriptionKey = "HEARTBEAT_INTERVAL", defaultValue = "1s",
        converter = DurationConverter.class, description = "Heartbeat period (default ${DEFAULT-VALUE}). Env HEARTBEAT_INTERVAL.")
    Duration heartbeatInterval;

    @Option(names = "--metrics-port", descriptionKey = "METRICS_PORT", defaultValue = "9102",
        description = "Port of GET /metrics (Prometheus) and GET /health; 0 turns both off (default ${DEFAULT-VALUE}). Env METRICS_PORT.")
    int metricsPort;

    @Option(names = "--metrics-bind", descriptionKey = "METRICS_BIND_ADDRESS", defaultValue = "0.0.0.0",
        description = "Address of the metrics endpoint (default ${DEFAULT-VALUE}). Env METRICS_BIND_ADDRESS.")
    String metricsBind;

    @Option(names = "--health-max-quote-age", descriptionKey = "HEALTH_MAX_QUOTE_AGE", defaultValue = "30s",
        converter = DurationConverter.class,
        description = "/health answers 503 when no quote arrived from Binance for this long (default ${DEFAULT-VALUE}). Env HEALTH_MAX_QUOTE_AGE.")
    Duration healthMaxQuoteAge;

    @Override
    public Integer call() throws Exception {
        RelaySender.Builder builder = toBuilder();
        ShutdownSignalBarrier.runUntilSignalled("sender", () -> {
            try {
                return builder.start();
            } catch (SenderConfigException e) {
                throw new BadSetting(e.getMessage());
            }
        });
        return 0;
    }

    /** Turns the options into a validated configuration; a missing or bad one throws {@link BadSetting}. */
    SenderConfig toConfig() {
        try {
            return toBuilder().build();
        } catch (SenderConfigException e) {
            throw new BadSetting(e.getMessage());
        }
    }

    /** {@code --binance-local-addresses} as addresses: literal IPs only, so a typo fails at start, not at a DNS lookup. */
    private List<InetAddress> localAddresses() {
        List<InetAddress> out = new ArrayList<>();
        if (binanceLocalAddresses == null) {
            return out;
        }
        for (String a : binanceLocalAddresses) {
            String t = a.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (!t.matches("[0-9.]+|[0-9a-fA-F:]+")) {
                throw new BadSetting("BINANCE_LOCAL_ADDRESSES (--binance-local-addresses): '" + t + "' is not an IP address");
            }
            try {
                out.add(InetAddress.getByName(t));
            } catch (UnknownHostException e) {
                throw new BadSetting("BINANCE_LOCAL_ADDRESSES (--binance-local-addresses): '" + t + "' is not an IP address");
            }
        }
        return out;
    }

    /** The options as a builder, metrics included; obviously missing settings throw {@link BadSetting}. */
    RelaySender.Builder toBuilder() {
        if (receiverHost == null || receiverHost.isBlank()) {
            throw new BadSetting("RECEIVER_HOST (--receiver-host) is not set");
        }
        if (caCert == null) {
            throw new BadSetting("CA_CERT (--ca-cert) is not set");
        }
        RelaySender.Builder b = RelaySender.builder()
            .tls(caCert, clientCert, clientKey)
            .statsInterval(statsInterval)
            .binanceStallTimeout(stallTimeout)
            .binanceMaxFrameBytes(binanceMaxFrameBytes)
            .binanceConnections(binanceConnections)
            .binanceLocalAddresses(localAddresses())
            .warmupQuotes(warmupQuotes)
            .idleStrategy(idleStrategy)
            .linkIdleTimeout(linkIdleTimeout)
            .heartbeatInterval(heartbeatInterval);
        for (String entry : receiverHost.split(",")) {
            addReceiver(b, entry.trim());
        }
        if (binanceUrl != null) {
            b.binanceUrl(binanceUrl);
        } else {
            if (symbols != null) {
                List<String> clean = new ArrayList<>();
                for (String s : symbols) {
                    if (!s.isBlank()) {
                        clean.add(s.trim());
                    }
                }
                b.symbols(clean);
            }
            if (market != null) {
                b.market(switch (market.trim().toLowerCase(Locale.ROOT)) {
                    case "spot" -> Market.SPOT;
                    case "usdm", "usd-m", "futures" -> Market.USDM;
                    default -> throw new BadSetting("MARKET (--market) '" + market + "' is not spot or usdm");
                });
            }
        }
        MetricsSettings metrics = MetricsSettings.ofFlags(metricsPort, metricsBind, healthMaxQuoteAge);
        if (metrics.served()) {
            b.metricsPort(metrics.port()).metricsBindAddress(metrics.bindAddress());
        }
        return b.healthMaxQuoteAge(metrics.healthMaxQuoteAge());
    }

    private void addReceiver(RelaySender.Builder b, String entry) {
        String host = entry;
        int port = receiverPort;
        int colon = entry.lastIndexOf(':');
        // host:port, but not a bare IPv6 literal; [v6]:port is accepted.
        if (colon > 0 && entry.indexOf(':') == colon || entry.startsWith("[") && entry.contains("]:")) {
            host = entry.substring(0, colon).replace("[", "").replace("]", "");
            try {
                port = Integer.parseInt(entry.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new BadSetting("RECEIVER_HOST (--receiver-host) '" + entry + "' has a port that is not a number");
            }
        }
        if (host.isEmpty()) {
            throw new BadSetting("RECEIVER_HOST (--receiver-host) has an empty entry in '" + receiverHost + "'");
        }
        if (port < 1 || port > 65535) {
            throw new BadSetting("RECEIVER_PORT (--receiver-port) " + port + " is not in 1-65535");
        }
        b.receiver(host, port);
    }

    public static void main(String[] args) {
        ServiceCommand.main(SenderMain::new, "sender-logback.xml", args);
    }

    /** Parses, validates and runs; returns the exit code (2 for a bad or missing setting, one line on {@code err}). */
    static int run(String[] args, Map<String, String> env, PrintWriter err) {
        return ServiceCommand.execute(new SenderMain(), args, env, err);
    }
}
