package io.quoterelay.bench.e2e;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs a service's own {@code main} (the simulator's or the sender's, unchanged) in a child JVM of
 * the end-to-end harness, and answers the harness's {@code mark}/{@code report} commands with this
 * process's CPU, GC and peak RSS ({@link ChildControl}).
 *
 * <pre>  BenchChild io.quoterelay.sender.SenderMain --receiver-host ... </pre>
 */
public final class BenchChild {
    private BenchChild() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: BenchChild MAIN_CLASS [ARGS...]");
            System.exit(2);
        }
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        ProcessProbe.Sample[] marked = {ProcessProbe.sample()};
        ChildControl.serve(new ChildControl.Handler() {
            @Override
            public void mark() {
                marked[0] = ProcessProbe.sample();
            }

            @Override
            public String report() {
                return ProcessProbe.fields(ProcessProbe.sample().minus(marked[0]));
            }
        });
        main.invoke(null, (Object) rest);
    }
}
