package io.quoterelay.certs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.util.IPAddress;

/**
 * What to put into a leaf certificate: common name, subject alternative names, validity window and
 * whether it is for a TLS server or a TLS client. Immutable; every setter returns a new spec, so a
 * test can derive broken variants (expired, wrong name) from a good one.
 *
 * <pre>{@code
 * ca.issue(CertificateSpec.server("receiver").ip("127.0.0.1").dns("localhost"));
 * ca.issue(CertificateSpec.client("old").notBefore(t0).notAfter(t1));   // expired fixture
 * }</pre>
 */
public final class CertificateSpec {
    /** Default leaf lifetime, the longest that public TLS clients have historically accepted. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(825);
    /**
     * Certificates start one hour in the past: the sender's and the receiver's clocks differ, and a
     * certificate that is "not yet valid" on the other host fails the handshake in a confusing way.
     */
    public static final Duration CLOCK_SKEW_ALLOWANCE = Duration.ofHours(1);

    /** The extended key usage the certificate carries. */
    public enum Usage {
        /** EKU serverAuth: the receiver's certificate. */
        SERVER,
        /** EKU clientAuth: a sender's certificate. */
        CLIENT
    }

    private final String commonName;
    private final Usage usage;
    private final List<String> ips;
    private final List<String> dnsNames;
    private final Instant notBefore;
    private final Instant notAfter;
    private final Duration validity;

    private CertificateSpec(String commonName, Usage usage, List<String> ips, List<String> dnsNames,
                            Instant notBefore, Instant notAfter, Duration validity) {
        this.commonName = commonName;
        this.usage = usage;
        this.ips = List.copyOf(ips);
        this.dnsNames = List.copyOf(dnsNames);
        this.notBefore = notBefore;
        this.notAfter = notAfter;
        this.validity = validity;
    }

    /** A TLS server certificate (EKU serverAuth); add its names with {@link #ip} and {@link #dns}. */
    public static CertificateSpec server(String commonName) {
        return new CertificateSpec(requireName(commonName), Usage.SERVER, List.of(), List.of(), null, null, DEFAULT_VALIDITY);
    }

    /** A TLS client certificate (EKU clientAuth). */
    public static CertificateSpec client(String commonName) {
        return new CertificateSpec(requireName(commonName), Usage.CLIENT, List.of(), List.of(), null, null, DEFAULT_VALIDITY);
    }

    public CertificateSpec commonName(String cn) {
        return new CertificateSpec(requireName(cn), usage, ips, dnsNames, notBefore, notAfter, validity);
    }

    public CertificateSpec usage(Usage newUsage) {
        return new CertificateSpec(commonName, Objects.requireNonNull(newUsage, "usage"), ips, dnsNames, notBefore, notAfter, validity);
    }

    /** Adds an IP address SAN (IPv4 or IPv6 literal). */
    public CertificateSpec ip(String ip) {
        List<String> more = new ArrayList<>(ips);
        more.add(checkIp(ip));
        return new CertificateSpec(commonName, usage, more, dnsNames, notBefore, notAfter, validity);
    }

    /** Adds IP address SANs. */
    public CertificateSpec ips(List<String> addresses) {
        CertificateSpec s = this;
        for (String a : addresses) {
            s = s.ip(a);
        }
        return s;
    }

    /** Adds a DNS name SAN (a leading {@code *.} wildcard is allowed). */
    public CertificateSpec dns(String name) {
        List<String> more = new ArrayList<>(dnsNames);
        more.add(checkDns(name));
        return new CertificateSpec(commonName, usage, ips, more, notBefore, notAfter, validity);
    }

    /** Adds DNS name SANs. */
    public CertificateSpec dnsNames(List<String> names) {
        CertificateSpec s = this;
        for (String n : names) {
            s = s.dns(n);
        }
        return s;
    }

    /** Start of validity; default now minus {@link #CLOCK_SKEW_ALLOWANCE}. */
    public CertificateSpec notBefore(Instant instant) {
        return new CertificateSpec(commonName, usage, ips, dnsNames, Objects.requireNonNull(instant, "notBefore"), notAfter, validity);
    }

    /** End of validity; overrides {@link #validity}. May be in the past (expired fixtures). */
    public CertificateSpec notAfter(Instant instant) {
        return new CertificateSpec(commonName, usage, ips, dnsNames, notBefore, Objects.requireNonNull(instant, "notAfter"), validity);
    }

    /** Lifetime counted from now when {@link #notAfter(Instant)} is not set; default {@link #DEFAULT_VALIDITY}. */
    public CertificateSpec validity(Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("validity must be positive, got " + lifetime);
        }
        return new CertificateSpec(commonName, usage, ips, dnsNames, notBefore, notAfter, lifetime);
    }

    public String commonName() {
        return commonName;
    }

    public Usage usage() {
        return usage;
    }

    public List<String> ips() {
        return ips;
    }

    public List<String> dnsNames() {
        return dnsNames;
    }

    /** The effective start of validity for a certificate issued at {@code now}. */
    public Instant notBeforeAt(Instant now) {
        return notBefore != null ? notBefore : now.minus(CLOCK_SKEW_ALLOWANCE);
    }

    /** The effective end of validity for a certificate issued at {@code now}. */
    public Instant notAfterAt(Instant now) {
        return notAfter != null ? notAfter : now.plus(validity);
    }

    static String requireName(String cn) {
        if (cn == null || cn.isBlank()) {
            throw new IllegalArgumentException("common name must not be empty");
        }
        return cn;
    }

    static String checkIp(String ip) {
        if (ip == null || !IPAddress.isValid(ip)) {
            throw new IllegalArgumentException("'" + ip + "' is not an IP address literal"
                + (ip != null && !ip.isBlank() ? "; put host names in a DNS name (--dns)" : ""));
        }
        return ip;
    }

    static String checkDns(String name) {
        if (name == null || name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("'" + name + "' is not a DNS name");
        }
        if (IPAddress.isValid(name)) {
            throw new IllegalArgumentException("'" + name + "' is an IP address; put it in an IP SAN (--ip), "
                + "TLS clients do not match IP addresses against DNS names");
        }
        return name;
    }

    @Override
    public String toString() {
        return usage + " CN=" + commonName + " ips=" + ips + " dns=" + dnsNames;
    }
}
