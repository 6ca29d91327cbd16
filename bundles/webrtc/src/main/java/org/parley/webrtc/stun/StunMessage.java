package org.parley.webrtc.stun;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A parsed STUN message (RFC 8489). Parsing copies the message, so the caller's buffer may be reused at once; the copy
 * is what {@link #verifyMessageIntegrity(byte[])} and {@link #verifyFingerprint()} check.
 *
 * <p>Attributes after MESSAGE-INTEGRITY other than FINGERPRINT are ignored, as RFC 8489 section 14.5 requires, and
 * anything after FINGERPRINT makes the message malformed. Unknown attributes are skipped.
 */
public final class StunMessage {
    public static final int HEADER_LENGTH = 20;
    public static final int MAGIC_COOKIE = 0x2112A442;
    public static final int TRANSACTION_ID_LENGTH = 12;
    public static final int BINDING = 0x001;
    public static final int FINGERPRINT_XOR = 0x5354554e;

    static final int INTEGRITY_LENGTH = 20;

    private final byte[] raw;
    private final int type;
    private final String username;
    private final String software;
    private final boolean useCandidate;
    private final Long priority;
    private final Long iceControlling;
    private final Long iceControlled;
    private final InetSocketAddress xorMappedAddress;
    private final Integer errorCode;
    private final String errorReason;
    /** Offset in {@link #raw} of the MESSAGE-INTEGRITY attribute header, or -1. */
    private final int integrityAt;
    /** Offset in {@link #raw} of the FINGERPRINT attribute header, or -1. */
    private final int fingerprintAt;

    private StunMessage(Parser p) {
        raw = p.raw;
        type = p.type;
        username = p.username;
        software = p.software;
        useCandidate = p.useCandidate;
        priority = p.priority;
        iceControlling = p.iceControlling;
        iceControlled = p.iceControlled;
        xorMappedAddress = p.xorMappedAddress;
        errorCode = p.errorCode;
        errorReason = p.errorReason;
        integrityAt = p.integrityAt;
        fingerprintAt = p.fingerprintAt;
    }

    /**
     * Whether the bytes look like STUN: at least a header, the two top bits zero and the magic cookie in place
     * (RFC 8489 section 5, RFC 7983 demultiplexing). Never throws for a range inside {@code buf}.
     */
    public static boolean isStun(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < HEADER_LENGTH || len > buf.length - off) {
            return false;
        }
        return (buf[off] & 0xC0) == 0 && readInt(buf, off + 4) == MAGIC_COOKIE;
    }

    /**
     * Parses one message. The message length field decides where the message ends; bytes after it in the range are
     * ignored (a stream transport may carry the next message there).
     *
     * @throws StunException when the header, lengths, attribute layout or a known attribute's value is malformed
     */
    public static StunMessage parse(byte[] buf, int off, int len) throws StunException {
        if (!isStun(buf, off, len)) {
            throw new StunException("not a STUN message");
        }
        int bodyLength = readShort(buf, off + 2);
        if ((bodyLength & 3) != 0) {
            throw new StunException("message length " + bodyLength + " is not a multiple of 4");
        }
        if (HEADER_LENGTH + bodyLength > len) {
            throw new StunException("message length " + bodyLength + " exceeds the " + (len - HEADER_LENGTH)
                    + " bytes received");
        }
        Parser p = new Parser(Arrays.copyOfRange(buf, off, off + HEADER_LENGTH + bodyLength));
        p.parseAttributes();
        return new StunMessage(p);
    }

    /** The 14-bit message type, method and class together. */
    public int type() {
        return type;
    }

    /** The 12-bit method, {@link #BINDING} for ICE. */
    public int method() {
        return methodOf(type);
    }

    public StunClass messageClass() {
        return StunClass.ofType(type);
    }

    /** A copy of the 12-byte transaction ID. */
    public byte[] transactionId() {
        return Arrays.copyOfRange(raw, 8, HEADER_LENGTH);
    }

    /** Whether this message's transaction ID equals {@code id}, without copying it. */
    public boolean hasTransactionId(byte[] id) {
        return id != null && id.length == TRANSACTION_ID_LENGTH
                && Arrays.equals(raw, 8, HEADER_LENGTH, id, 0, TRANSACTION_ID_LENGTH);
    }

    /** USERNAME, or null if absent. */
    public String username() {
        return username;
    }

    /** SOFTWARE, or null if absent. */
    public String software() {
        return software;
    }

    public boolean useCandidate() {
        return useCandidate;
    }

    /** PRIORITY as an unsigned 32-bit value, or null if absent. */
    public Long priority() {
        return priority;
    }

    /** The ICE-CONTROLLING tie-breaker (64 bits, read as a signed long), or null if absent. */
    public Long iceControlling() {
        return iceControlling;
    }

    /** The ICE-CONTROLLED tie-breaker (64 bits, read as a signed long), or null if absent. */
    public Long iceControlled() {
        return iceControlled;
    }

    /** XOR-MAPPED-ADDRESS decoded (IPv4 or IPv6), or null if absent. */
    public InetSocketAddress xorMappedAddress() {
        return xorMappedAddress;
    }

    /** ERROR-CODE as class * 100 + number (300..699), or null if absent. */
    public Integer errorCode() {
        return errorCode;
    }

    /** The ERROR-CODE reason phrase, or null if absent. */
    public String errorReason() {
        return errorReason;
    }

    public boolean hasMessageIntegrity() {
        return integrityAt >= 0;
    }

    public boolean hasFingerprint() {
        return fingerprintAt >= 0;
    }

    /** The whole message as received (a copy). */
    public byte[] toBytes() {
        return raw.clone();
    }

    /**
     * Checks MESSAGE-INTEGRITY (RFC 8489 section 14.5): HMAC-SHA1 keyed with {@code key} over the message up to the
     * attribute, with the header length counting up to the end of MESSAGE-INTEGRITY. For ICE the key is the peer's
     * password in UTF-8. False when the attribute is absent or the key is null.
     */
    public boolean verifyMessageIntegrity(byte[] key) {
        if (integrityAt < 0 || key == null) {
            return false;
        }
        byte[] expected = hmacSha1(key, raw, integrityAt, integrityAt + 4 + INTEGRITY_LENGTH - HEADER_LENGTH);
        // MessageDigest.isEqual does not stop at the first difference, so the time taken reveals nothing.
        return MessageDigest.isEqual(expected,
                Arrays.copyOfRange(raw, integrityAt + 4, integrityAt + 4 + INTEGRITY_LENGTH));
    }

    /**
     * Checks FINGERPRINT (RFC 8489 section 14.7): CRC-32 of the message before the attribute, XOR 0x5354554e. False
     * when the attribute is absent.
     */
    public boolean verifyFingerprint() {
        if (fingerprintAt < 0) {
            return false;
        }
        // FINGERPRINT is always last, so the header length already counts up to its end.
        return fingerprint(raw, fingerprintAt) == readInt(raw, fingerprintAt + 4);
    }

    static int methodOf(int type) {
        return (type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2);
    }

    /**
     * HMAC-SHA1 over {@code msg[0, end)} with the header length field replaced by {@code lengthField}, the way
     * MESSAGE-INTEGRITY is computed.
     */
    static byte[] hmacSha1(byte[] key, byte[] msg, int end, int lengthField) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            // An empty password is legal in STUN, but SecretKeySpec refuses an empty key; HMAC pads keys with zeros
            // to the block size, so one zero byte is the same key.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA1"));
            mac.update(msg, 0, 2);
            mac.update((byte) (lengthField >> 8));
            mac.update((byte) lengthField);
            mac.update(msg, 4, end - 4);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is required of every Java platform", e);
        }
    }

    static int fingerprint(byte[] msg, int end) {
        CRC32 crc = new CRC32();
        crc.update(msg, 0, end);
        return (int) crc.getValue() ^ FINGERPRINT_XOR;
    }

    static int readShort(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    static int readInt(byte[] b, int i) {
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    static long readLong(byte[] b, int i) {
        return ((long) readInt(b, i) << 32) | (readInt(b, i + 4) & 0xFFFFFFFFL);
    }

    /** Mutable state of one parse, so the message itself can be immutable. */
    private static final class Parser {
        final byte[] raw;
        final int type;
        String username;
        String software;
        boolean useCandidate;
        Long priority;
        Long iceControlling;
        Long iceControlled;
        InetSocketAddress xorMappedAddress;
        Integer errorCode;
        String errorReason;
        int integrityAt = -1;
        int fingerprintAt = -1;

        Parser(byte[] raw) {
            this.raw = raw;
            this.type = readShort(raw, 0);
        }

        void parseAttributes() throws StunException {
            int at = HEADER_LENGTH;
            while (at < raw.length) {
                if (fingerprintAt >= 0) {
                    throw new StunException("attribute after FINGERPRINT at " + at);
                }
                if (raw.length - at < 4) {
                    throw new StunException("truncated attribute header at " + at);
                }
                int attrType = readShort(raw, at);
                int valueLength = readShort(raw, at + 2);
                int padded = (valueLength + 3) & ~3;
                if (padded > raw.length - at - 4) {
                    throw new StunException("attribute 0x" + Integer.toHexString(attrType) + " of length "
                            + valueLength + " overruns the message");
                }
                int value = at + 4;
                if (attrType == StunAttributes.FINGERPRINT) {
                    expectLength(attrType, valueLength, 4);
                    fingerprintAt = at;
                } else if (integrityAt < 0) {
                    readAttribute(attrType, value, valueLength, at);
                }
                at = value + padded;
            }
        }

        private void readAttribute(int attrType, int value, int length, int at) throws StunException {
            switch (attrType) {
                case StunAttributes.MESSAGE_INTEGRITY -> {
                    expectLength(attrType, length, INTEGRITY_LENGTH);
                    integrityAt = at;
                }
                case StunAttributes.USERNAME -> {
                    if (length > StunAttributes.MAX_USERNAME_BYTES) {
                        throw new StunException("USERNAME of " + length + " bytes");
                    }
                    username = utf8(value, length);
                }
                case StunAttributes.SOFTWARE -> software = utf8(value, length);
                case StunAttributes.PRIORITY -> {
                    expectLength(attrType, length, 4);
                    priority = readInt(raw, value) & 0xFFFFFFFFL;
                }
                case StunAttributes.USE_CANDIDATE -> {
                    expectLength(attrType, length, 0);
                    useCandidate = true;
                }
                case StunAttributes.ICE_CONTROLLING -> {
                    expectLength(attrType, length, 8);
                    iceControlling = readLong(raw, value);
                }
                case StunAttributes.ICE_CONTROLLED -> {
                    expectLength(attrType, length, 8);
                    iceControlled = readLong(raw, value);
                }
                case StunAttributes.XOR_MAPPED_ADDRESS -> xorMappedAddress = xorAddress(value, length);
                case StunAttributes.ERROR_CODE -> readErrorCode(value, length);
                default -> {
                    // Unknown comprehension-optional and -required attributes alike are left to the caller's policy.
                }
            }
        }

        private void readErrorCode(int value, int length) throws StunException {
            if (length < 4 || length - 4 > StunAttributes.MAX_REASON_BYTES) {
                throw new StunException("ERROR-CODE of length " + length);
            }
            int errorClass = raw[value + 2] & 0x07;
            int number = raw[value + 3] & 0xFF;
            if (errorClass < 3 || errorClass > 6 || number > 99) {
                throw new StunException("ERROR-CODE class " + errorClass + " number " + number);
            }
            errorCode = errorClass * 100 + number;
            errorReason = utf8(value + 4, length - 4);
        }

        private InetSocketAddress xorAddress(int value, int length) throws StunException {
            if (length < 4) {
                throw new StunException("XOR-MAPPED-ADDRESS of length " + length);
            }
            int family = raw[value + 1] & 0xFF;
            int port = readShort(raw, value + 2) ^ (MAGIC_COOKIE >>> 16);
            byte[] address;
            if (family == 0x01 && length == 8) {
                address = new byte[4];
            } else if (family == 0x02 && length == 20) {
                address = new byte[16];
            } else {
                throw new StunException("XOR-MAPPED-ADDRESS family " + family + " with length " + length);
            }
            // The XOR pad is the magic cookie followed by the transaction ID: exactly header bytes 4..19.
            for (int i = 0; i < address.length; i++) {
                address[i] = (byte) (raw[value + 4 + i] ^ raw[4 + i]);
            }
            try {
                return new InetSocketAddress(InetAddress.getByAddress(address), port);
            } catch (UnknownHostException e) {
                throw new StunException("bad address: " + e.getMessage());
            }
        }

        private String utf8(int value, int length) throws StunException {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(raw, value, length))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new StunException("attribute text at " + value + " is not UTF-8");
            }
        }

        private static void expectLength(int attrType, int actual, int expected) throws StunException {
            if (actual != expected) {
                throw new StunException("attribute 0x" + Integer.toHexString(attrType) + " has length " + actual
                        + ", expected " + expected);
            }
        }
    }
}
