package org.parley.meetings.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.parley.api.meetings.JoinTicket;
import org.parley.api.meetings.Role;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Join tickets as strings: {@code v1.<base64url JSON>.<base64url HMAC-SHA256>}. Any node with the same key
 * can check a ticket without asking the database who issued it. Parsing never throws on bad input.
 */
final class TicketSigner {
    private static final String VERSION = "v1";
    private static final int MAX_LENGTH = 4096;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final byte[] key;
    private final ObjectMapper json = new ObjectMapper();

    TicketSigner(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("The ticket key needs at least 32 bytes");
        }
        this.key = key.clone();
    }

    String sign(JoinTicket ticket) {
        ObjectNode body = json.createObjectNode();
        body.put("t", ticket.ticketId());
        body.put("m", ticket.meetingId());
        if (ticket.userId() != null) {
            body.put("u", ticket.userId());
        }
        body.put("n", ticket.displayName());
        body.put("r", ticket.role().name());
        body.put("e", ticket.expiresAt().getEpochSecond());
        String payload = VERSION + "." + B64.encodeToString(body.toString().getBytes(StandardCharsets.UTF_8));
        return payload + "." + B64.encodeToString(mac(payload));
    }

    /** The ticket if the signature is right and it has not expired at {@code now}. */
    Optional<JoinTicket> verify(String token, Instant now) {
        try {
            if (token == null || token.length() > MAX_LENGTH) {
                return Optional.empty();
            }
            int last = token.lastIndexOf('.');
            if (last < 0 || !token.startsWith(VERSION + ".")) {
                return Optional.empty();
            }
            String payload = token.substring(0, last);
            byte[] signature = B64D.decode(token.substring(last + 1));
            if (!MessageDigest.isEqual(mac(payload), signature)) {
                return Optional.empty();
            }
            JsonNode body = json.readTree(B64D.decode(payload.substring(VERSION.length() + 1)));
            Instant expires = Instant.ofEpochSecond(body.path("e").asLong(0));
            if (!now.isBefore(expires)) {
                return Optional.empty();
            }
            Long userId = body.hasNonNull("u") ? body.get("u").asLong() : null;
            return Optional.of(new JoinTicket(body.path("t").asText(), body.path("m").asText(), userId,
                    body.path("n").asText(), Role.valueOf(body.path("r").asText()), expires));
        } catch (RuntimeException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
