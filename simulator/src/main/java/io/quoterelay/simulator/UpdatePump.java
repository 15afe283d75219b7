package io.quoterelay.simulator;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code sim-generator} thread's work: makes (or replays) updates at an open-loop pace
 * ({@link OpenLoopSchedule}, or the capture's own gaps) and hands each to every subscribed
 * connection's {@link ConnectionDelivery} (one String per update, shared), then to the sent
 * listeners; plus the global stall switch, which swallows updates while on.
 */
final class UpdatePump {
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeSimulator.class);

    private final SimulatorConfig config;
    private final BookTickerGenerator generator;
    private final ReplaySource replay;
    /** Emit-stamp mode only: each replay line cut around u and E, null where it cannot be stamped. */
    private final String[][] replayStampTemplates;
    private final EmitStamps emitStamps = new EmitStamps();
    private final SessionRegistry sessions;
    private final Supplier<SentListener[]> listeners;
    private final CountDownLatch finished = new CountDownLatch(1);
    /**
     * Held around each update, so that {@link #stall} can wait out one in flight. Fair: a generator
     * catching up on its schedule re-takes it back to back and would starve stall().
     */
    private final ReentrantLock sending = new ReentrantLock(true);
    private volatile boolean stalled;
    private volatile boolean running = true;

    private final AtomicLong messagesSent = new AtomicLong();
    private final AtomicLong updatesGenerated = new AtomicLong();
    private final AtomicLong stalledUpdates = new AtomicLong();
    private final AtomicLong unstampableLines = new AtomicLong();

    UpdatePump(SimulatorConfig config, SessionRegistry sessions, Supplier<SentListener[]> listeners) {
        this.config = config;
        this.sessions = sessions;
        this.listeners = listeners;
        this.generator = new BookTickerGenerator(config.market(), config.symbols(), config.startPrices(),
            config.positionFields(), config.seed());
        this.replay = config.replayFile() == null ? null
            : ReplaySource.load(config.replayFile(), config.replayRecvNsFile(), config.replaySpeed());
        this.replayStampTemplates = replay == null || !config.emitStamps() ? null
            : java.util.Arrays.stream(replay.lines).map(EmitStamps::template).toArray(String[][]::new);
    }

    /** The replayed capture's file, or null when generating. */
    String replayFile() {
        return replay == null ? null : replay.file.toString();
    }

    /** See {@link ExchangeSimulator#stall(boolean)}. */
    void stall(boolean on) {
        sending.lock();
        try {
            if (stalled != on) {
                LOG.info("stall {}", on ? "on" : "off");
            }
            stalled = on;
        } finally {
            sending.unlock();
        }
    }

    boolean isStalled() {
        return stalled;
    }

    /** Stops generating; the thread's park is woken by the caller (unpark or interrupt). */
    void stop() {
        running = false;
    }

    CountDownLatch finished() {
        return finished;
    }

    long messagesSent() {
        return messagesSent.get();
    }

    long updatesGenerated() {
        return updatesGenerated.get();
    }

    long stalledUpdates() {
        return stalledUpdates.get();
    }

    long unstampableLines() {
        return unstampableLines.get();
    }

    /** The generator thread's body. */
    void run() {
        try {
            if (config.generateAfterConnections() > 0 && !sessions.await(config.generateAfterConnections(), Long.MAX_VALUE)) {
                return;
            }
            long startNs = System.nanoTime();
            if (replay == null) {
                runGenerated(startNs);
            } else {
                runReplay(startNs);
            }
        } catch (RuntimeException | Error e) {
            LOG.error("generator thread failed; no more updates will be sent", e);
        } finally {
            finished.countDown();
        }
    }

    private void runGenerated(long startNs) {
        OpenLoopSchedule schedule = new OpenLoopSchedule(startNs, config.ratePerSecond());
        long max = config.maxMessages();
        for (long k = 0; running && (max == 0 || k < max); ) {
            long dueNs = schedule.dueNanos(k);
            if (!parkUntil(dueNs)) {
                continue;
            }
            int symbol;
            if (config.emitStamps()) {
                long stamp = emitStamps.next();
                symbol = generator.next(stamp, stamp);
            } else {
                symbol = generator.next(System.currentTimeMillis(), config.dueTimeUpdateIds() ? dueNs : -1);
            }
            if (beginSend()) {
                try {
                    sendGenerated(k, symbol, dueNs);
                } finally {
                    sending.unlock();
                }
            }
            k++;
        }
    }

    /**
     * Counts one update and takes the sending lock for it; while stalled the update is counted as
     * swallowed instead and false returned (lock released). On true the caller sends, then unlocks.
     */
    private boolean beginSend() {
        updatesGenerated.incrementAndGet();
        sending.lock();
        if (stalled) {
            stalledUpdates.incrementAndGet();
            sending.unlock();
            return false;
        }
        return true;
    }

    /** The generator's current update to every subscribed connection, then to the listeners. */
    private void sendGenerated(long k, int symbol, long dueNs) {
        String combined = generator.combinedText().toString();
        String raw = broadcastUpdate(symbol, combined, generator.dataStart());
        SentListener[] ls = listeners.get();
        if (ls.length > 0) {
            if (raw == null) {
                raw = combined.substring(generator.dataStart(), combined.length() - 1);
            }
            SentQuote q = generator.describe(k, combined, raw, dueNs, System.nanoTime());
            for (SentListener l : ls) {
                l.onSent(q);
            }
        }
    }

    /** Parks toward {@code dueNs}; true once it is due. A wake-up before it (or a close) returns false. */
    private boolean parkUntil(long dueNs) {
        long waitNs = dueNs - System.nanoTime();
        if (waitNs <= 0) {
            return true;
        }
        LockSupport.parkNanos(this, waitNs);
        return false;
    }

    /** Sends to each connection subscribed to the symbol; returns the raw text if it had to be made. */
    private String broadcastUpdate(int symbol, String combined, int dataStart) {
        String raw = null;
        long sent = 0;
        for (Session s : sessions.snapshot()) {
            if (!s.wants(symbol)) {
                continue;
            }
            String text;
            if (s.combined) {
                text = combined;
            } else {
                if (raw == null) {
                    raw = combined.substring(dataStart, combined.length() - 1);
                }
                text = raw;
            }
            if (s.delivery.send(text)) {
                sent++;
            }
        }
        if (sent > 0) {
            messagesSent.addAndGet(sent);
        }
        return raw;
    }

    private void runReplay(long startNs) {
        ReplaySource source = replay;
        OpenLoopSchedule schedule = new OpenLoopSchedule(startNs, config.ratePerSecond());
        long max = config.maxMessages();
        int n = source.lines.length;
        for (int i = 0; running && i < n && (max == 0 || i < max); ) {
            long dueNs = source.offsetNanos == null ? schedule.dueNanos(i) : startNs + source.offsetNanos[i];
            if (!parkUntil(dueNs)) {
                continue;
            }
            if (beginSend()) {
                try {
                    sendReplayed(source, i, dueNs);
                } finally {
                    sending.unlock();
                }
            }
            i++;
        }
        if (replayStampTemplates == null) {
            LOG.info("replay of {} finished after {} lines", source.file, updatesGenerated.get());
        } else {
            LOG.info("replay of {} finished after {} lines ({} without a numeric u, skipped)", source.file,
                updatesGenerated.get(), unstampableLines.get());
        }
    }

    /** Replay line {@code i} verbatim to every connection (the capture decides the framing, not the subscription). */
    private void sendReplayed(ReplaySource source, int i, long dueNs) {
        String line = source.lines[i];
        if (replayStampTemplates != null) {
            String[] template = replayStampTemplates[i];
            if (template == null) {
                unstampableLines.incrementAndGet();
                return;
            }
            line = EmitStamps.fill(template, emitStamps.next());
        }
        long sent = 0;
        for (Session s : sessions.snapshot()) {
            if (s.delivery.send(line)) {
                sent++;
            }
        }
        messagesSent.addAndGet(sent);
        SentListener[] ls = listeners.get();
        SentQuote template = source.quotes[i];
        if (ls.length > 0 && template != null) {
            SentQuote q = new SentQuote(i, template.symbol(), template.updateId(), template.bid(),
                template.bidQty(), template.ask(), template.askQty(), template.eventTimeMs(),
                template.transactionTimeMs(), template.combinedJson(), template.rawJson(), dueNs,
                System.nanoTime());
            for (SentListener l : ls) {
                l.onSent(q);
            }
        }
    }
}
