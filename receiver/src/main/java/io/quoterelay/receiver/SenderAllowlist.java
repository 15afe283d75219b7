package io.quoterelay.receiver;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The source addresses senders may connect from ({@code ALLOWED_SENDERS}): single IPs and CIDR
 * blocks, IPv4 or IPv6, e.g. {@code "203.0.113.7, 198.51.100.0/24, 2001:db8::/48"}. Checked when a
 * connection is accepted, before any TLS work. An IPv4 peer reaching a dual-stack socket as
 * {@code ::ffff:a.b.c.d} is matched as the IPv4 address it is.
 */
final class SenderAllowlist {
    private final List<Block> blocks;
    private final String text;

    private SenderAllowlist(List<Block> blocks, String text) {
        this.blocks = blocks;
        this.text = text;
    }

    /**
     * Parses a comma-separated list. Names are refused (resolving them would make the list depend
     * on DNS at start): only literal addresses.
     *
     * @throws IllegalArgumentException naming the entry that is not an address or block
     */
    static SenderAllowlist parse(String list) {
        List<Block> blocks = new ArrayList<>();
        for (String raw : list.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            blocks.add(Block.parse(entry));
        }
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("ALLOWED_SENDERS is empty: give the senders' IPs or CIDR blocks, "
                + "e.g. 203.0.113.7,198.51.100.0/24");
        }
        return new SenderAllowlist(List.copyOf(blocks), String.join(",", blocks.stream().map(Block::toString).toList()));
    }

    boolean allows(InetAddress address) {
        byte[] a = address.getAddress();
        for (Block b : blocks) {
            if (b.contains(a)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }

    private record Block(byte[] network, int prefixBits, String text) {
        static Block parse(String entry) {
            int slash = entry.indexOf('/');
            String host = slash < 0 ? entry : entry.substring(0, slash);
            if (!host.matches("[0-9A-Fa-f:.]+") || !(host.contains(".") || host.contains(":"))) {
                throw bad(entry, "not an IP address");
            }
            byte[] address;
            try {
                address = InetAddress.getByName(host).getAddress();
            } catch (UnknownHostException e) {
                throw bad(entry, "not an IP address");
            }
            int bits = address.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw bad(entry, "the prefix length is not a number");
                }
                if (prefix < 0 || prefix > bits) {
                    throw bad(entry, "the prefix length must be 0.." + bits);
                }
            }
            for (int i = prefix; i < bits; i++) {
                if ((address[i / 8] & (0x80 >>> (i % 8))) != 0) {
                    throw bad(entry, "host bits are set beyond /" + prefix);
                }
            }
            return new Block(address, prefix, entry.toLowerCase(Locale.ROOT));
        }

        private static IllegalArgumentException bad(String entry, String why) {
            return new IllegalArgumentException("ALLOWED_SENDERS entry '" + entry + "' is not an IP or CIDR block ("
                + why + "), e.g. 203.0.113.7 or 198.51.100.0/24");
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefixBits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixBits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
