package io.quoterelay.sender;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WebSocket "exchange" written on a raw socket, so that it can send what no library would: after
 * each upgrade it writes the bytes {@code script} gives for that connection (0, 1, 2...), then
 * records what the client sends for up to {@link #READ_MILLIS} (or until it closes), then accepts
 * the next connection. Loopback, one thread, every wait bounded.
 */
final class HostileExchange implements AutoCloseable {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final Pattern KEY = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)\\s*$");

    private final ServerSocket server;
    private final IntFunction<byte[]> script;
    private final AtomicInteger accepted = new AtomicInteger();
    static final int READ_MILLIS = 1_500;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<byte[]> received = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean closed;

    HostileExchange(IntFunction<byte[]> script) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.server.setSoTimeout(200);
        this.script = script;
        this.thread = new Thread(this::run, "hostile-exchange");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    String uri() {
        return "ws://127.0.0.1:" + server.getLocalPort() + "/stream?streams=btcusdt@bookTicker";
    }

    int connectionsAccepted() {
        return accepted.get();
    }

    private void run() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                return;
            }
            sockets.add(s);
            int n = accepted.getAndIncrement();
            ByteArrayOutputStream fromClient = new ByteArrayOutputStream();
            try {
                requests.add(upgrade(s));
                OutputStream out = s.getOutputStream();
                out.write(script.apply(n));
                out.flush();
                s.setSoTimeout(READ_MILLIS);
                byte[] buf = new byte[4096];
                int r;
                while (fromClient.size() < 64 * 1024 && (r = s.getInputStream().read(buf)) > 0) {
                    fromClient.write(buf, 0, r);
                }
            } catch (IOException e) {
                // the client hung up on what it was sent (that is the point), or went quiet
            }
            received.add(fromClient.toByteArray());
        }
    }

    /** The upgrade request of connection {@code n}. */
    String request(int n) {
        return requests.get(n);
    }

    /** What the client sent on connection {@code n} after the upgrade (recorded once that connection is done). */
    byte[] received(int n) {
        return n < received.size() ? received.get(n) : null;
    }

    private static String upgrade(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        while (request.size() < 16 * 1024) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("client closed during the upgrade");
            }
            request.write(b);
            byte[] r = request.toByteArray();
            int l = r.length;
            if (l >= 4 && r[l - 4] == '\r' && r[l - 3] == '\n' && r[l - 2] == '\r' && r[l - 1] == '\n') {
                break;
            }
        }
        Matcher m = KEY.matcher(request.toString(StandardCharsets.ISO_8859_1));
        if (!m.find()) {
            throw new IOException("no Sec-WebSocket-Key in the upgrade request");
        }
        String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: " + accept(m.group(1)) + "\r\n\r\n";
        s.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
        return request.toString(StandardCharsets.ISO_8859_1);
    }

    private static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unmasked ping frame with {@code payload} (under 126 bytes). */
    static byte[] pingFrame(String payload) {
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[2 + p.length];
        frame[0] = (byte) 0x89;
        frame[1] = (byte) p.length;
        System.arraycopy(p, 0, frame, 2, p.length);
        return frame;
    }

    /** An unmasked final text frame header announcing {@code length} payload bytes (64-bit length form). */
    static byte[] textHeader(long length) {
        byte[] h = new byte[10];
        h[0] = (byte) 0x81;
        h[1] = 127;
        for (int i = 0; i < 8; i++) {
            h[2 + i] = (byte) (length >>> (56 - 8 * i));
        }
        return h;
    }

    /** A whole unmasked final text frame of under 126 bytes (RFC 6455 asks for the shortest length form). */
    static byte[] textFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length >= 126) {
            throw new IllegalArgumentException("keep test frames under 126 bytes");
        }
        byte[] header = {(byte) 0x81, (byte) payload.length};
        byte[] frame = new byte[header.length + payload.length];
        System.arraycopy(header, 0, frame, 0, header.length);
        System.arraycopy(payload, 0, frame, header.length, payload.length);
        return frame;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
