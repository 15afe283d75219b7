package io.quoterelay.ops.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShutdownSignalBarrierTest {
    /** A main whose service takes a while to close, as a receiver flushing its last stats line does. */
    public static final class SlowClosingMain {
        public static void main(String[] args) throws Exception {
            ShutdownSignalBarrier.runUntilSignalled("slow", () -> {
                System.out.println("started");
                return () -> {
                    System.out.println("closing");
                    Thread.sleep(1_500); // far longer than a JVM takes to halt once its hooks have returned
                    System.out.println("closed");
                };
            });
            System.out.println("main returned");
        }
    }

    @Test
    void sigtermClosesTheServiceCompletelyBeforeTheJvmExitsWith143() throws Exception {
        try (ServiceProcess p = ServiceProcess.start(SlowClosingMain.class.getName(), Map.of())) {
            p.awaitLine("started"::equals, "started");
            assertEquals(143, p.terminate(), "128 + SIGTERM: " + p.output());
            List<String> out = p.output();
            assertTrue(out.containsAll(List.of("closing", "closed", "main returned")), out.toString());
            assertTrue(out.indexOf("closed") < out.indexOf("main returned"), out.toString());
        }
    }
}
