import io.quoterelay.protocol.netty.TlsContexts;
import io.quoterelay.protocol.netty.Transport;
import io.quoterelay.receiver.RelayReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An executor that is already on Netty 4.1 (its classes and its own epoll native are on the class
 * path) and embeds receiver-shaded. ShadedReceiverTest compiles it against the shaded jar and runs it
 * in a JVM of its own. Prints what the test checks, one fact per line.
 *
 * <p>Arguments: the certificate folder (server.crt, server.key, ca.crt), how many quotes to wait for.
 */
public final class TinyExecutor {
    public static void main(String[] args) throws Exception {
        // The executor's own Netty: loaded first, working, and untouched by the receiver's copy.
        System.out.println("EXECUTOR_NETTY " + io.netty.util.Version.identify().get("netty-common").artifactVersion());
        System.out.println("EXECUTOR_EPOLL " + io.netty.channel.epoll.Epoll.isAvailable());
        // The receiver's relocated Netty: its natives must load under their relocated names.
        System.out.println("SHADED_TRANSPORT " + Transport.best().name());
        System.out.println("SHADED_TLS " + TlsContexts.provider());
        Class<?> openSsl = Class.forName("io.quoterelay.shaded.io.netty.handler.ssl.OpenSsl");
        System.out.println("SHADED_OPENSSL " + openSsl.getMethod("versionString").invoke(null));

        Path certs = Path.of(args[0]);
        int wanted = Integer.parseInt(args[1]);
        CountDownLatch quotes = new CountDownLatch(wanted);
        try (RelayReceiver receiver = RelayReceiver.builder()
                .port(0).bindAddress("127.0.0.1")
                .tls(certs.resolve("server.crt"), certs.resolve("server.key"), certs.resolve("ca.crt"))
                .statsInterval(Duration.ZERO)
                .onQuote(q -> {
                    if (quotes.getCount() > 0) {
                        System.out.println("QUOTE " + q.symbol() + " " + q.seq() + " " + q.bidDecimal() + " " + q.askDecimal());
                        quotes.countDown();
                    }
                })
                .start()) {
            System.out.println("LISTENING " + receiver.port());
            boolean all = quotes.await(60, TimeUnit.SECONDS);
            System.out.println("DONE " + (all ? wanted : wanted - quotes.getCount()));
        }
    }
}
