package io.quoterelay.bench.real;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/**
 * Starts the simulator's stream at a moment the harness chooses: the simulator runs with
 * {@code --generate-after-connections} one more than the pair's sender opens (one, or the product's
 * hot-hot connections), and this short-lived extra one is opened only once the pair's link is up, so no quote is emitted into a
 * relay that cannot forward it yet (the product's sender dials Binance and its receiver at once;
 * quotes before the link would be conflated and the run would start with a burst). It hangs up
 * after its first message: the emitter then writes to the pair's sender alone.
 */
final class GeneratorKick {
    private GeneratorKick() {
    }

    static void kick(String uri, Duration timeout) throws InterruptedException, TimeoutException {
        CountDownLatch first = new CountDownLatch(1);
        WebSocketClient client = new WebSocketClient(URI.create(uri)) {
            @Override
            public void onOpen(ServerHandshake handshake) {
            }

            @Override
            public void onMessage(String message) {
                first.countDown();
            }

            @Override
            public void onClose(int code, String reason, boolean remote) {
                first.countDown();
            }

            @Override
            public void onError(Exception ex) {
                first.countDown();
            }
        };
        try {
            if (!client.connectBlocking(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TimeoutException("could not open the starting connection to " + uri + " within " + timeout);
            }
            if (!first.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TimeoutException("the simulator at " + uri + " sent nothing within " + timeout
                    + " of the starting connection");
            }
        } finally {
            client.close();
        }
    }
}
