package org.parley.meetings.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.parley.api.meetings.JoinTicket;
import org.parley.api.meetings.Role;

class TicketSignerTest {
    final TicketSigner signer = new TicketSigner("0123456789abcdef0123456789abcdef".getBytes());
    final Instant now = Instant.parse("2026-11-24T12:00:00Z");
    final JoinTicket ticket = new JoinTicket("t-1", "12345678901", 42L, "Bob \"the\" Builder", Role.CO_HOST, now.plusSeconds(300));

    @Test
    void signedTicketsVerifyUntilTheyExpire() {
        String token = signer.sign(ticket);
        assertThat(signer.verify(token, now)).contains(ticket);
        assertThat(signer.verify(token, now.plusSeconds(300))).isEmpty();
        JoinTicket guest = new JoinTicket("t-2", "12345678901", null, "Guest", Role.PARTICIPANT, now.plusSeconds(60));
        assertThat(signer.verify(signer.sign(guest), now)).contains(guest);
    }

    @Test
    void tamperedForgedOrGarbageTicketsAreRefused() {
        String token = signer.sign(ticket);
        String[] parts = token.split("\\.");
        String otherPayload = signer.sign(new JoinTicket("t-1", "12345678901", 42L, "Bob", Role.HOST, now.plusSeconds(300))).split("\\.")[1];
        assertThat(signer.verify(parts[0] + "." + otherPayload + "." + parts[2], now)).isEmpty();
        assertThat(signer.verify(new TicketSigner("another key of at least 32 bytes!!".getBytes()).sign(ticket), now)).isEmpty();
        for (String garbage : new String[] { null, "", ".", "v1.", "v1..", "v1.!!!.###", "v2." + parts[1] + "." + parts[2],
                token + "x", "v1.e30." + parts[2], "a".repeat(10_000) }) {
            assertThat(signer.verify(garbage, now)).as(String.valueOf(garbage)).isEmpty();
        }
    }
}
