package io.quoterelay.systemtests;

import io.quoterelay.sender.RelaySender;
import io.quoterelay.sender.SenderStats;
import io.quoterelay.simulator.ExchangeSimulator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Frankfurt side in one JVM for {@link NetnsLinkCutTest}: an exchange simulator on this
 * namespace's loopback and a sender forwarding it to a receiver across the veth link. Prints every
 * 100 ms one line {@code STATS upstream sent conflated repeats linkReconnects linkState}. A line
 * {@code STALL} on standard input silences the exchange so that the link can drain and report.
 * Arguments: receiver host, receiver port, CA cert, client cert, client key, updates per second.
 */
public final class ProbeSenderMain {
    private ProbeSenderMain() {
    }

    public static void main(String[] args) throws Exception {
        ExchangeSimulator sim = ExchangeSimulator.builder().host("127.0.0.1").port(0)
            .symbols("BTCUSDT", "ETHUSDT", "SOLUSDT").ratePerSecond(Integer.parseInt(args[5])).start();
        RelaySender sender = RelaySender.builder().binanceUrl(sim.combinedStreamUri())
            .receiver(args[0], Integer.parseInt(args[1])).tls(Path.of(args[2]), Path.of(args[3]), Path.of(args[4]))
            .statsInterval(Duration.ZERO).start();
        Thread commands = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.trim().equals("STALL")) {
                        sim.stall(true);
                    }
                }
            } catch (Exception e) {
                // the test went away; it kills this process
            }
        }, "probe-commands");
        commands.setDaemon(true);
        commands.start();
        while (true) {
            Thread.sleep(100);
            SenderStats.LinkStats l = sender.stats().link();
            System.out.println("STATS " + l.upstream() + " " + l.sent() + " " + l.conflated() + " " + l.repeats() + " "
                + l.linkReconnects() + " " + l.state());
            System.out.flush();
        }
    }
}
