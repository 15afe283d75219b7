package io.quoterelay.bench.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The harness talks to each child JVM over its stdin, one word per line, and reads the answers
 * from its stdout (lines starting {@code bench-}; everything else is the child's own output):
 * <pre>
 *   mark    -> bench-mark            start of the measured window
 *   report  -> bench-report k=v ...  the window's figures
 *   EOF     -> the child exits       (also when the harness dies: its end of the pipe closes)
 * </pre>
 */
final class ChildControl {
    interface Handler {
        void mark();

        String report();
    }

    private ChildControl() {
    }

    /** Serves commands until stdin closes, then exits the JVM (shutdown hooks close the service). */
    static void serve(Handler handler) {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    switch (line.trim()) {
                        case "mark" -> {
                            handler.mark();
                            reply("bench-mark");
                        }
                        case "report" -> reply("bench-report " + handler.report());
                        default -> reply("bench-error unknown command '" + line + "'");
                    }
                }
            } catch (IOException | RuntimeException e) {
                reply("bench-error " + e);
            }
            System.exit(0);
        }, "bench-control");
        t.setDaemon(true);
        t.start();
    }

    static synchronized void reply(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
