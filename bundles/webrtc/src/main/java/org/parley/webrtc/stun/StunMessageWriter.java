package org.parley.webrtc.stun;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Builds one STUN message: attributes in the order added, then MESSAGE-INTEGRITY and FINGERPRINT as {@link #build}
 * is told. Not thread-safe; build once per writer.
 */
public final class StunMessageWriter {
    public static final int BINDING_REQUEST = 0x0001;
    public static final int BINDING_INDICATION = 0x0011;
    public static final int BINDING_SUCCESS = 0x0101;
    public static final int BINDING_ERROR = 0x0111;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final int type;
    private final byte[] transactionId;
    private byte[] body = new byte[128];
    private int bodyLength;

    /**
     * @param type a 14-bit message type such as {@link #BINDING_REQUEST}
     * @param transactionId 12 bytes, copied
     */
    public StunMessageWriter(int type, byte[] transactionId) {
        if ((type & ~0x3FFF) != 0) {
            throw new IllegalArgumentException("message type 0x" + Integer.toHexString(type) + " is not 14 bits");
        }
        if (transactionId == null || transactionId.length != StunMessage.TRANSACTION_ID_LENGTH) {
            throw new IllegalArgumentException("transaction ID must be 12 bytes");
        }
        this.type = type;
        this.transactionId = transactionId.clone();
    }

    /** 96 random bits, as RFC 8489 section 5 asks of a new transaction. */
    public static byte[] newTransactionId() {
        byte[] id = new byte[StunMessage.TRANSACTION_ID_LENGTH];
        RANDOM.nextBytes(id);
        return id;
    }

    public StunMessageWriter username(String username) {
        byte[] value = username.getBytes(StandardCharsets.UTF_8);
        if (value.length > StunAttributes.MAX_USERNAME_BYTES) {
            throw new IllegalArgumentException("USERNAME of " + value.length + " bytes");
        }
        return attribute(StunAttributes.USERNAME, value);
    }

    public StunMessageWriter software(String software) {
        return attribute(StunAttributes.SOFTWARE, software.getBytes(StandardCharsets.UTF_8));
    }

    public StunMessageWriter xorMappedAddress(InetSocketAddress address) {
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("unresolved address " + address);
        }
        byte[] ip = address.getAddress().getAddress();
        byte[] value = new byte[4 + ip.length];
        value[1] = (byte) (address.getAddress() instanceof Inet4Address ? 0x01 : 0x02);
        int port = address.getPort() ^ (StunMessage.MAGIC_COOKIE >>> 16);
        value[2] = (byte) (port >> 8);
        value[3] = (byte) port;
        byte[] pad = xorPad();
        for (int i = 0; i < ip.length; i++) {
            value[4 + i] = (byte) (ip[i] ^ pad[i]);
        }
        return attribute(StunAttributes.XOR_MAPPED_ADDRESS, value);
    }

    /** PRIORITY, an unsigned 32-bit value. */
    public StunMessageWriter priority(long priority) {
        if ((priority & ~0xFFFFFFFFL) != 0) {
            throw new IllegalArgumentException("priority " + priority + " is not 32 bits");
        }
        return attribute(StunAttributes.PRIORITY, int32((int) priority));
    }

    public StunMessageWriter iceControlling(long tieBreaker) {
        return attribute(StunAttributes.ICE_CONTROLLING, int64(tieBreaker));
    }

    public StunMessageWriter iceControlled(long tieBreaker) {
        return attribute(StunAttributes.ICE_CONTROLLED, int64(tieBreaker));
    }

    public StunMessageWriter useCandidate() {
        return attribute(StunAttributes.USE_CANDIDATE, new byte[0]);
    }

    /** ERROR-CODE with a code in 300..699 and a reason phrase. */
    public StunMessageWriter errorCode(int code, String reason) {
        if (code < 300 || code > 699) {
            throw new IllegalArgumentException("error code " + code + " is outside 300..699");
        }
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        if (text.length > StunAttributes.MAX_REASON_BYTES) {
            throw new IllegalArgumentException("reason phrase of " + text.length + " bytes");
        }
        byte[] value = new byte[4 + text.length];
        value[2] = (byte) (code / 100);
        value[3] = (byte) (code % 100);
        System.arraycopy(text, 0, value, 4, text.length);
        return attribute(StunAttributes.ERROR_CODE, value);
    }

    /** Any attribute; the value is padded to 4 bytes with zeros. */
    public StunMessageWriter attribute(int attributeType, byte[] value) {
        if ((attributeType & ~0xFFFF) != 0 || value.length > 0xFFFF) {
            throw new IllegalArgumentException("attribute type or length out of range");
        }
        int padded = (value.length + 3) & ~3;
        ensure(4 + padded);
        writeShort(body, bodyLength, attributeType);
        writeShort(body, bodyLength + 2, value.length);
        System.arraycopy(value, 0, body, bodyLength + 4, value.length);
        Arrays.fill(body, bodyLength + 4 + value.length, bodyLength + 4 + padded, (byte) 0);
        bodyLength += 4 + padded;
        return this;
    }

    /**
     * The encoded message.
     *
     * @param integrityKeyOrNull when not null, MESSAGE-INTEGRITY is appended keyed with it (for ICE: the password in
     *                           UTF-8)
     * @param fingerprint whether FINGERPRINT is appended, last
     */
    public byte[] build(byte[] integrityKeyOrNull, boolean fingerprint) {
        int integrityLength = integrityKeyOrNull != null ? 4 + StunMessage.INTEGRITY_LENGTH : 0;
        int fingerprintLength = fingerprint ? 8 : 0;
        int total = StunMessage.HEADER_LENGTH + bodyLength + integrityLength + fingerprintLength;
        if (total - StunMessage.HEADER_LENGTH > 0xFFFF) {
            throw new IllegalStateException("message of " + total + " bytes is too long");
        }
        byte[] msg = new byte[total];
        writeShort(msg, 0, type);
        writeShort(msg, 2, total - StunMessage.HEADER_LENGTH);
        writeInt(msg, 4, StunMessage.MAGIC_COOKIE);
        System.arraycopy(transactionId, 0, msg, 8, StunMessage.TRANSACTION_ID_LENGTH);
        System.arraycopy(body, 0, msg, StunMessage.HEADER_LENGTH, bodyLength);
        int at = StunMessage.HEADER_LENGTH + bodyLength;
        if (integrityKeyOrNull != null) {
            // The integrity covers a length that ends with MESSAGE-INTEGRITY, as if FINGERPRINT were not there.
            byte[] mac = StunMessage.hmacSha1(integrityKeyOrNull, msg, at, at + integrityLength
                    - StunMessage.HEADER_LENGTH);
            writeShort(msg, at, StunAttributes.MESSAGE_INTEGRITY);
            writeShort(msg, at + 2, StunMessage.INTEGRITY_LENGTH);
            System.arraycopy(mac, 0, msg, at + 4, StunMessage.INTEGRITY_LENGTH);
            at += integrityLength;
        }
        if (fingerprint) {
            writeShort(msg, at, StunAttributes.FINGERPRINT);
            writeShort(msg, at + 2, 4);
            writeInt(msg, at + 4, StunMessage.fingerprint(msg, at));
        }
        return msg;
    }

    private byte[] xorPad() {
        byte[] pad = new byte[16];
        writeInt(pad, 0, StunMessage.MAGIC_COOKIE);
        System.arraycopy(transactionId, 0, pad, 4, StunMessage.TRANSACTION_ID_LENGTH);
        return pad;
    }

    private void ensure(int more) {
        if (bodyLength + more > body.length) {
            body = Arrays.copyOf(body, Math.max(body.length * 2, bodyLength + more));
        }
    }

    private static byte[] int32(int v) {
        byte[] b = new byte[4];
        writeInt(b, 0, v);
        return b;
    }

    private static byte[] int64(long v) {
        byte[] b = new byte[8];
        writeInt(b, 0, (int) (v >>> 32));
        writeInt(b, 4, (int) v);
        return b;
    }

    private static void writeShort(byte[] b, int i, int v) {
        b[i] = (byte) (v >> 8);
        b[i + 1] = (byte) v;
    }

    private static void writeInt(byte[] b, int i, int v) {
        b[i] = (byte) (v >> 24);
        b[i + 1] = (byte) (v >> 16);
        b[i + 2] = (byte) (v >> 8);
        b[i + 3] = (byte) v;
    }
}
