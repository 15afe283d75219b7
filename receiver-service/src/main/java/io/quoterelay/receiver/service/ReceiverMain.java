package io.quoterelay.receiver.service;

import io.quoterelay.ops.cli.BadSetting;
import io.quoterelay.ops.cli.DurationConverter;
import io.quoterelay.ops.cli.ServiceCommand;
import io.quoterelay.ops.lifecycle.ShutdownSignalBarrier;
import io.quoterelay.ops.metrics.MetricsSettings;
import io.quoterelay.protocol.netty.IdleStrategy;
import io.quoterelay.receiver.LatencyClock;
import io.quoterelay.receiver.RelayReceiver;
import io.quoterelay.receiver.prometheus.ReceiverMetricsEndpoint;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The standalone receiver: listens, logs the stats line, and discards quotes (an executor embeds
 * {@link RelayReceiver} instead), and serves the metrics and health endpoint
 * ({@link ReceiverMetricsEndpoint}). Every flag has an environment variable equal, for containers;
 * the Python version's names ({@code PORT}, {@code CERT}, {@code KEY}) work as aliases.
 */
@Command(name = "receiver", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Receives quotes from relay senders over mutual TLS and logs latency and accounting stats.")
public final class ReceiverMain implements Callable<Integer> {
    @Option(names = "--port", descriptionKey = "RELAY_PORT|PORT", defaultValue = "9001",
        description = "Port to listen on (env RELAY_PORT, alias PORT). Default ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", descriptionKey = "BIND_ADDRESS", defaultValue = "0.0.0.0",
        description = "Address to listen on (env BIND_ADDRESS). Default ${DEFAULT-VALUE}.")
    String bind;

    @Option(names = "--cert", descriptionKey = "SERVER_CERT|CERT", required = true,
        description = "Server certificate PEM (env SERVER_CERT, alias CERT), e.g. /certs/server.crt.")
    Path cert;

    @Option(names = "--key", descriptionKey = "SERVER_KEY|KEY", required = true,
        description = "Server private key PEM (env SERVER_KEY, alias KEY), e.g. /certs/server.key.")
    Path key;

    @Option(names = "--ca-cert", descriptionKey = "CA_CERT",
        description = "CA certificate that signs client certificates (env CA_CERT), e.g. /certs/ca.crt.")
    Path caCert;

    @Option(names = "--require-client-cert", descriptionKey = "REQUIRE_CLIENT_CERT", defaultValue = "true",
        arity = "1", description = "Mutual TLS (env REQUIRE_CLIENT_CERT). Set false only for the Python sender.")
    boolean requireClientCert;

    @Option(names = "--allowed-senders", descriptionKey = "ALLOWED_SENDERS",
        description = "Only these source addresses may connect: comma-separated IPs and CIDR blocks, e.g."
            + " 203.0.113.7,198.51.100.0/24; others are closed at accept, before TLS (env ALLOWED_SENDERS)."
            + " Default: any. Required with REQUIRE_CLIENT_CERT=false.")
    String allowedSenders;

    @Option(names = "--handshake-rate-limit", descriptionKey = "HANDSHAKE_RATE_LIMIT", defaultValue = "5",
        description = "TLS handshakes per second each source address may start (bursts of twice that); more are"
            + " closed at accept (env HANDSHAKE_RATE_LIMIT; 0 = no limit). Default ${DEFAULT-VALUE}.")
    int handshakeRateLimit;

    @Option(names = "--stats-interval", descriptionKey = "STATS_INTERVAL", defaultValue = "10s",
        converter = DurationConverter.class,
        description = "Stats line period, e.g. 10s, 500ms, 1m (env STATS_INTERVAL). Default ${DEFAULT-VALUE}.")
    Duration statsInterval;

    @Option(names = "--idle-timeout", descriptionKey = "IDLE_TIMEOUT", defaultValue = "2500ms",
        converter = DurationConverter.class,
        description = "A sender silent this long is dead (env IDLE_TIMEOUT). Default ${DEFAULT-VALUE}.")
    Duration idleTimeout;

    @Option(names = "--metrics-port", descriptionKey = "METRICS_PORT", defaultValue = "9101",
        description = "Port of GET /metrics (Prometheus) and GET /health; 0 turns both off (env METRICS_PORT)."
            + " Default ${DEFAULT-VALUE}.")
    int metricsPort;

    @Option(names = "--metrics-bind", descriptionKey = "METRICS_BIND_ADDRESS", defaultValue = "0.0.0.0",
        description = "Address of the metrics endpoint (env METRICS_BIND_ADDRESS). Default ${DEFAULT-VALUE}.")
    String metricsBind;

    @Option(names = "--health-max-quote-age", descriptionKey = "HEALTH_MAX_QUOTE_AGE", defaultValue = "30s",
        converter = DurationConverter.class,
        description = "/health answers 503 when no quote arrived for this long (env HEALTH_MAX_QUOTE_AGE)."
            + " Default ${DEFAULT-VALUE}.")
    Duration healthMaxQuoteAge;

    @Option(names = "--warmup-quotes", descriptionKey = "WARMUP_QUOTES", defaultValue = "20000",
        description = "Local made-up quotes relayed through the receiver's own code path before the first real one,"
            + " so it starts compiled, not interpreted; none reaches the stats (env WARMUP_QUOTES; 0 = off)."
            + " Default ${DEFAULT-VALUE}.")
    int warmupQuotes;

    @Option(names = "--idle-strategy", descriptionKey = "IDLE_STRATEGY", defaultValue = "SLEEP",
        description = "sleep: the I/O thread sleeps between reads; spin: it never sleeps (no wake-up per quote,"
            + " one whole core always busy: pin it to a core of its own) (env IDLE_STRATEGY). Default ${DEFAULT-VALUE}.")
    IdleStrategy idleStrategy;

    @Option(names = "--latency-clock", descriptionKey = "LATENCY_CLOCK", defaultValue = "estimate",
        converter = LatencyClockConverter.class,
        description = "estimate: remove the clock offset estimated over the link (default); host: both hosts run"
            + " chrony/PTP, report raw latency and show the estimate beside it (env LATENCY_CLOCK).")
    LatencyClock latencyClock;

    @Override
    public Integer call() throws Exception {
        if (requireClientCert && caCert == null) {
            throw new BadSetting("CA_CERT (--ca-cert) is not set: mutual TLS needs the CA that signs sender certificates"
                + " (or set REQUIRE_CLIENT_CERT=false for the Python sender)");
        }
        if (!requireClientCert && (allowedSenders == null || allowedSenders.isBlank())) {
            throw new BadSetting("REQUIRE_CLIENT_CERT=false needs ALLOWED_SENDERS (--allowed-senders), the sender IPs or"
                + " CIDR blocks that may connect: without client certificates anyone who reaches the port could send quotes");
        }
        MetricsSettings metrics = MetricsSettings.ofFlags(metricsPort, metricsBind, healthMaxQuoteAge);
        RelayReceiver.Builder builder = RelayReceiver.builder()
            .port(port).bindAddress(bind)
            .tls(cert, key, caCert).requireClientCertificate(requireClientCert)
            .allowedSenders(allowedSenders).handshakeRateLimit(handshakeRateLimit)
            .statsInterval(statsInterval).idleTimeout(idleTimeout)
            .healthMaxQuoteAge(metrics.healthMaxQuoteAge()).latencyClock(latencyClock)
            .warmupQuotes(warmupQuotes)
            .idleStrategy(idleStrategy)
            .onQuote(q -> { });
        ShutdownSignalBarrier.runUntilSignalled("quoterelay-receiver", () -> start(builder, metrics));
        return 0;
    }

    /** The receiver and, when wanted, its metrics endpoint; closing the result closes both. */
    private static AutoCloseable start(RelayReceiver.Builder builder, MetricsSettings metrics) {
        RelayReceiver receiver = builder.start();
        if (!metrics.served()) {
            return receiver;
        }
        ReceiverMetricsEndpoint endpoint;
        try {
            endpoint = ReceiverMetricsEndpoint.start(receiver, metrics.bindAddress(), metrics.port());
        } catch (RuntimeException e) {
            receiver.close();
            throw e;
        }
        // Not a static field: logging must not start before main() has chosen its configuration.
        LoggerFactory.getLogger(ReceiverMain.class).info(metrics.startedLine(endpoint.port()));
        return () -> {
            try (receiver; endpoint) {
                // closes the endpoint, then the receiver
            }
        };
    }

    /** estimate | host, any case; anything else stops start-up naming the choices. */
    static final class LatencyClockConverter implements CommandLine.ITypeConverter<LatencyClock> {
        @Override
        public LatencyClock convert(String value) {
            for (LatencyClock c : LatencyClock.values()) {
                if (c.name().equalsIgnoreCase(value.trim())) {
                    return c;
                }
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a latency clock: use estimate or host");
        }
    }

    public static void main(String[] args) {
        ServiceCommand.main(ReceiverMain::new, "receiver-logback.xml", args);
    }

    /** Runs with the given environment; returns the exit code (2 for a bad or missing setting, one line on {@code err}). */
    static int run(String[] args, Map<String, String> env, PrintWriter err) {
        return ServiceCommand.execute(new ReceiverMain(), args, env, err);
    }
}
