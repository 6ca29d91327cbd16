package org.parley.webrtc.rtp;

import java.nio.charset.StandardCharsets;

/**
 * RTP header extension elements (RFC 8285) of a packet in {@code buf[off, off + len)}, in both the one-byte form
 * (profile 0xBEDE, IDs 1..14, 1..16 data bytes) and the two-byte form (profile 0x100X, IDs 1..255, 0..255 data bytes).
 *
 * <p>Lookups return a <em>packed element</em>, a long {@code (dataOffset << 8) | dataLength} where {@code dataOffset}
 * is the absolute index into {@code buf}; or -1 when the packet has no such element or its extension block is
 * malformed. {@link #elementOffset} and {@link #elementLength} unpack it. Walking stops at a one-byte element with
 * ID 15, as RFC 8285 section 4.2 says.
 */
public final class HeaderExtensions {
    public static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** The two-byte profile is 0x100 followed by 4 application bits. */
    public static final int TWO_BYTE_PROFILE = 0x1000;
    public static final int TWO_BYTE_PROFILE_MASK = 0xFFF0;
    /** The ID {@link #remapIds(byte[], int, int, byte[])} gives elements the map drops. */
    public static final int DEFAULT_UNKNOWN_ID = 14;

    private static final int ONE_BYTE_MAX_ID = 14;
    private static final int ONE_BYTE_STOP_ID = 15;

    private HeaderExtensions() {
    }

    /** The absolute offset of element {@code id}'s data, or -1. */
    public static int find(byte[] buf, int off, int len, int id) {
        long element = findElement(buf, off, len, id);
        return element < 0 ? -1 : elementOffset(element);
    }

    /** Element {@code id} as a packed {@code (dataOffset << 8) | dataLength}, or -1. */
    public static long findElement(byte[] buf, int off, int len, int id) {
        int ext = extensionBlock(buf, off, len);
        if (ext < 0 || id <= 0) {
            return -1;
        }
        int profile = RtpPacket.readShort(buf, ext);
        int at = ext + 4;
        int end = at + 4 * RtpPacket.readShort(buf, ext + 2);
        if (profile == ONE_BYTE_PROFILE) {
            if (id > ONE_BYTE_MAX_ID) {
                return -1;
            }
            while (at < end) {
                int elementId = (buf[at] & 0xFF) >>> 4;
                if (elementId == 0) {
                    at++;
                    continue;
                }
                if (elementId == ONE_BYTE_STOP_ID) {
                    return -1;
                }
                int length = (buf[at] & 0x0F) + 1;
                if (length > end - at - 1) {
                    return -1;
                }
                if (elementId == id) {
                    return pack(at + 1, length);
                }
                at += 1 + length;
            }
        } else if ((profile & TWO_BYTE_PROFILE_MASK) == TWO_BYTE_PROFILE) {
            if (id > 255) {
                return -1;
            }
            while (at < end) {
                int elementId = buf[at] & 0xFF;
                if (elementId == 0) {
                    at++;
                    continue;
                }
                if (end - at < 2) {
                    return -1;
                }
                int length = buf[at + 1] & 0xFF;
                if (length > end - at - 2) {
                    return -1;
                }
                if (elementId == id) {
                    return pack(at + 2, length);
                }
                at += 2 + length;
            }
        }
        return -1;
    }

    /** The data offset of a packed element from {@link #findElement}. */
    public static int elementOffset(long element) {
        return (int) (element >>> 8);
    }

    /** The data length of a packed element from {@link #findElement}. */
    public static int elementLength(long element) {
        return (int) (element & 0xFF);
    }

    /** {@link #remapIds(byte[], int, int, byte[], int)} with {@link #DEFAULT_UNKNOWN_ID}. */
    public static boolean remapIds(byte[] buf, int off, int len, byte[] idMap) {
        return remapIds(buf, off, len, idMap, DEFAULT_UNKNOWN_ID);
    }

    /**
     * Rewrites every element ID in place through {@code idMap}: the new ID is {@code idMap[oldId] & 0xFF}. An old ID
     * beyond the map, a new ID of 0, or (in the one-byte form) a new ID above 14 becomes {@code unknownId}, so the
     * receiver, which has not negotiated that ID, ignores the element. Padding and lengths are untouched.
     *
     * @param unknownId 1..14 for one-byte packets, 1..255 for two-byte ones
     * @return true when the packet had a well-formed extension block (or none); false, with nothing changed, when
     *         the block is malformed
     */
    public static boolean remapIds(byte[] buf, int off, int len, byte[] idMap, int unknownId) {
        if (unknownId < 1 || unknownId > 255) {
            throw new IllegalArgumentException("unknown id " + unknownId);
        }
        if (RtpPacket.headerLength(buf, off, len) < 0) {
            return false;
        }
        int ext = extensionBlock(buf, off, len);
        if (ext < 0) {
            return true;
        }
        // Check the whole block before changing it, so a malformed packet is not left half rewritten.
        return remapWalk(buf, ext, idMap, unknownId, false) && remapWalk(buf, ext, idMap, unknownId, true);
    }

    /** RFC 6464 audio level: the level 0..127 (-dBov) in bits 0..6 and the voice-activity flag in bit 7; or -1. */
    public static int audioLevel(byte[] buf, int off, int len, int id) {
        long element = findElement(buf, off, len, id);
        return element < 0 || elementLength(element) < 1 ? -1 : buf[elementOffset(element)] & 0xFF;
    }

    /** The RtpStreamId (RFC 8852) text, or null. Allocates; read it only when a stream is first seen. */
    public static String rid(byte[] buf, int off, int len, int id) {
        return text(buf, off, len, id);
    }

    /** The MID (RFC 8843) text, or null. Allocates; read it only when a stream is first seen. */
    public static String mid(byte[] buf, int off, int len, int id) {
        return text(buf, off, len, id);
    }

    /** The transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions) 0..65535, or -1. */
    public static int transportSequenceNumber(byte[] buf, int off, int len, int id) {
        long element = findElement(buf, off, len, id);
        return element < 0 || elementLength(element) < 2 ? -1 : RtpPacket.readShort(buf, elementOffset(element));
    }

    /** Overwrites the transport-wide sequence number; false when the packet has no such element. */
    public static boolean setTransportSequenceNumber(byte[] buf, int off, int len, int id, int seq) {
        long element = findElement(buf, off, len, id);
        if (element < 0 || elementLength(element) < 2) {
            return false;
        }
        RtpPacket.writeShort(buf, elementOffset(element), seq);
        return true;
    }

    /**
     * Sets the transport-wide sequence number, adding the element when the packet lacks it: appended as one more
     * 32-bit word of the extension block (a one-byte element and a padding byte, or a two-byte element), or as a
     * new one-byte block when the packet has none. The payload moves back by 4 or 8 bytes, in place.
     *
     * @param capacity how far {@code buf} may be written from {@code off} (at least {@code len})
     * @return the packet's new length, or -1 (nothing changed) when the packet is malformed, the extension block
     *         has a profile other than the one- and two-byte forms, {@code id} does not fit the block's form, or
     *         {@code buf} has no room
     */
    public static int putTransportSequenceNumber(byte[] buf, int off, int len, int capacity, int id, int seq) {
        int header = RtpPacket.headerLength(buf, off, len);
        if (header < 0 || id < 1 || id > ONE_BYTE_MAX_ID || capacity > buf.length - off) {
            return -1;
        }
        if (setTransportSequenceNumber(buf, off, len, id, seq)) {
            return len;
        }
        int ext = extensionBlock(buf, off, len);
        int insertAt;
        int grow;
        if (ext < 0) {
            insertAt = off + RtpPacket.FIXED_HEADER_LENGTH + 4 * RtpPacket.csrcCount(buf, off);
            grow = 8;
        } else {
            int profile = RtpPacket.readShort(buf, ext);
            if (profile != ONE_BYTE_PROFILE && (profile & TWO_BYTE_PROFILE_MASK) != TWO_BYTE_PROFILE) {
                return -1;
            }
            insertAt = ext + 4 + 4 * RtpPacket.readShort(buf, ext + 2);
            grow = 4;
        }
        if (len + grow > capacity) {
            return -1;
        }
        System.arraycopy(buf, insertAt, buf, insertAt + grow, off + len - insertAt);
        int at = insertAt;
        if (ext < 0) {
            RtpPacket.writeShort(buf, at, ONE_BYTE_PROFILE);
            RtpPacket.writeShort(buf, at + 2, 1);
            buf[off] |= 0x10;
            at += 4;
            ext = insertAt;
        } else {
            RtpPacket.writeShort(buf, ext + 2, RtpPacket.readShort(buf, ext + 2) + 1);
        }
        if (RtpPacket.readShort(buf, ext) == ONE_BYTE_PROFILE) {
            buf[at] = (byte) (id << 4 | 1);
            RtpPacket.writeShort(buf, at + 1, seq);
            buf[at + 3] = 0;
        } else {
            buf[at] = (byte) id;
            buf[at + 1] = 2;
            RtpPacket.writeShort(buf, at + 2, seq);
        }
        return len + grow;
    }

    /** The 24-bit abs-send-time (6.18 fixed-point seconds), or -1. */
    public static int absSendTime(byte[] buf, int off, int len, int id) {
        long element = findElement(buf, off, len, id);
        if (element < 0 || elementLength(element) < 3) {
            return -1;
        }
        int at = elementOffset(element);
        return ((buf[at] & 0xFF) << 16) | ((buf[at + 1] & 0xFF) << 8) | (buf[at + 2] & 0xFF);
    }

    /** The absolute offset of the extension block's profile field, or -1 if the packet has none or is malformed. */
    private static int extensionBlock(byte[] buf, int off, int len) {
        if (RtpPacket.headerLength(buf, off, len) < 0 || !RtpPacket.extension(buf, off)) {
            return -1;
        }
        return off + RtpPacket.FIXED_HEADER_LENGTH + 4 * RtpPacket.csrcCount(buf, off);
    }

    private static boolean remapWalk(byte[] buf, int ext, byte[] idMap, int unknownId, boolean write) {
        int profile = RtpPacket.readShort(buf, ext);
        int at = ext + 4;
        int end = at + 4 * RtpPacket.readShort(buf, ext + 2);
        if (profile == ONE_BYTE_PROFILE) {
            if (unknownId > ONE_BYTE_MAX_ID) {
                throw new IllegalArgumentException("unknown id " + unknownId + " does not fit the one-byte form");
            }
            while (at < end) {
                int elementId = (buf[at] & 0xFF) >>> 4;
                if (elementId == 0) {
                    at++;
                    continue;
                }
                if (elementId == ONE_BYTE_STOP_ID) {
                    return true;
                }
                int length = (buf[at] & 0x0F) + 1;
                if (length > end - at - 1) {
                    return false;
                }
                if (write) {
                    int mapped = mapped(idMap, elementId, unknownId);
                    buf[at] = (byte) (((mapped > ONE_BYTE_MAX_ID ? unknownId : mapped) << 4) | (buf[at] & 0x0F));
                }
                at += 1 + length;
            }
            return true;
        }
        if ((profile & TWO_BYTE_PROFILE_MASK) == TWO_BYTE_PROFILE) {
            while (at < end) {
                int elementId = buf[at] & 0xFF;
                if (elementId == 0) {
                    at++;
                    continue;
                }
                if (end - at < 2 || (buf[at + 1] & 0xFF) > end - at - 2) {
                    return false;
                }
                if (write) {
                    buf[at] = (byte) mapped(idMap, elementId, unknownId);
                }
                at += 2 + (buf[at + 1] & 0xFF);
            }
            return true;
        }
        // Some other profile's extension: nothing of ours to remap.
        return true;
    }

    private static int mapped(byte[] idMap, int id, int unknownId) {
        int mapped = id < idMap.length ? idMap[id] & 0xFF : 0;
        return mapped == 0 ? unknownId : mapped;
    }

    private static String text(byte[] buf, int off, int len, int id) {
        long element = findElement(buf, off, len, id);
        return element < 0 ? null
                : new String(buf, elementOffset(element), elementLength(element), StandardCharsets.UTF_8);
    }

    private static long pack(int dataOffset, int length) {
        return ((long) dataOffset << 8) | length;
    }
}
