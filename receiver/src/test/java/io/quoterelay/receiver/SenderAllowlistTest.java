package io.quoterelay.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class SenderAllowlistTest {
    private static boolean allows(SenderAllowlist list, String address) throws Exception {
        return list.allows(InetAddress.getByName(address));
    }

    @Test
    void singleAddressesAndBlocksOfBothFamilies() throws Exception {
        SenderAllowlist list = SenderAllowlist.parse(" 203.0.113.7, 198.51.100.0/24 ,2001:db8:aa::/48,10.0.0.0/9");
        assertTrue(allows(list, "203.0.113.7"));
        assertFalse(allows(list, "203.0.113.8"));
        assertTrue(allows(list, "198.51.100.255"));
        assertFalse(allows(list, "198.51.101.0"));
        assertTrue(allows(list, "2001:db8:aa:1::5"));
        assertFalse(allows(list, "2001:db8:ab::5"));
        assertTrue(allows(list, "10.127.255.255"), "a prefix that is not a whole number of bytes");
        assertFalse(allows(list, "10.128.0.0"));
    }

    @Test
    void anIpv4PeerOnADualStackSocketMatchesItsIpv4Entry() throws Exception {
        // Java hands an IPv4-mapped IPv6 address over as the IPv4 address it is.
        assertTrue(allows(SenderAllowlist.parse("203.0.113.7"), "::ffff:203.0.113.7"));
    }

    @Test
    void everyBadEntryIsNamedInOneLine() {
        assertEquals("ALLOWED_SENDERS entry 'sender.example.com' is not an IP or CIDR block (not an IP address), "
                + "e.g. 203.0.113.7 or 198.51.100.0/24",
            assertThrows(IllegalArgumentException.class, () -> SenderAllowlist.parse("sender.example.com")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SenderAllowlist.parse("10.0.0.0/33"))
            .getMessage().contains("prefix length must be 0..32"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SenderAllowlist.parse("10.0.0.1/8"))
            .getMessage().contains("host bits are set beyond /8"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SenderAllowlist.parse("10.0.0.0/x"))
            .getMessage().contains("not a number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SenderAllowlist.parse(" , "))
            .getMessage().contains("ALLOWED_SENDERS is empty"));
    }
}
