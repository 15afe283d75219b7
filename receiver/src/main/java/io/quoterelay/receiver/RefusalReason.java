package io.quoterelay.receiver;

import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;

/**
 * Why the receiver refused a connection, in the words its log line uses. docs/operations.md
 * lists these same texts for operators to search for, and a test holds the two together: change a
 * text here and the documentation must change with it.
 */
enum RefusalReason {
    NOT_ALLOWED("source address not in ALLOWED_SENDERS"),
    RATE_LIMITED("too many handshakes from this address (HANDSHAKE_RATE_LIMIT)"),
    NO_CLIENT_CERTIFICATE("TLS handshake failed: no client certificate"),
    UNKNOWN_CA("TLS handshake failed: client certificate from an unknown ca"),
    EXPIRED_CERTIFICATE("TLS handshake failed: client certificate expired or not yet valid"),
    NOT_TLS("TLS handshake failed: not TLS (plaintext or garbage)"),
    PROTOCOL_VERSION("TLS handshake failed: TLS version or cipher not accepted (TLS 1.3 only)"),
    TIMED_OUT("TLS handshake failed: not completed in time"),
    CLOSED_BY_PEER("TLS handshake failed: the client closed the connection"),
    OTHER_TLS("TLS handshake failed");

    private final String text;

    RefusalReason(String text) {
        this.text = text;
    }

    /** The log text; a refusal's line is "refused connection from ADDR: TEXT" or "closed connection from ADDR: TEXT: detail". */
    String text() {
        return text;
    }

    /** Which of the TLS reasons a failed handshake's cause is. */
    static RefusalReason ofHandshakeFailure(Throwable cause) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SslHandshakeTimeoutException) {
                return TIMED_OUT;
            }
            if (t instanceof NotSslRecordException) {
                return NOT_TLS;
            }
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return EXPIRED_CERTIFICATE;
            }
            if (t instanceof ClosedChannelException) {
                return CLOSED_BY_PEER;
            }
            all.append(t.getClass().getSimpleName()).append(' ').append(t.getMessage()).append('\n');
        }
        String s = all.toString().toLowerCase(Locale.ROOT);
        if (s.contains("peer_did_not_return_a_certificate") || s.contains("empty client certificate chain")) {
            return NO_CLIENT_CERTIFICATE;
        }
        if (s.contains("certificate expired") || s.contains("certificate_expired") || s.contains("not yet valid")) {
            return EXPIRED_CERTIFICATE;
        }
        if (s.contains("pkix") || s.contains("certification path") || s.contains("unknown_ca") || s.contains("unknown ca")
            || s.contains("certificate_verify_failed") || s.contains("signature check failed")) {
            return UNKNOWN_CA;
        }
        if (s.contains("protocol_version") || s.contains("unsupported_protocol") || s.contains("no_shared_cipher")
            || s.contains("no shared cipher") || s.contains("wrong_version_number")) {
            return PROTOCOL_VERSION;
        }
        if (s.contains("closed") || s.contains("connection reset")) {
            return CLOSED_BY_PEER;
        }
        return OTHER_TLS;
    }
}
