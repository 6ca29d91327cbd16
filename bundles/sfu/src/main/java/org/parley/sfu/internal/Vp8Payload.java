package org.parley.sfu.internal;

import org.parley.webrtc.rtp.RtpPacket;

/**
 * Reads the VP8 payload descriptor (RFC 7741 section 4.2) of an RTP packet: where its picture ID and
 * TL0PICIDX sit, so that they can be rewritten in place, whether the packet starts a frame or a keyframe, and
 * its temporal layer (TID) and layer-sync bit (Y) when the descriptor has them (T bit). The result
 * is packed into one {@code long} so that the forwarding path parses without allocating and two threads can
 * parse at once.
 */
final class Vp8Payload {
    /** Not VP8 the SFU can read: too short, or the descriptor overruns the payload. */
    static final long INVALID = -1;

    private static final int OFFSET_BITS = 12;
    private static final long OFFSET_MASK = (1L << OFFSET_BITS) - 1;
    private static final long LONG_PICTURE_ID = 1L << 36;
    private static final long FRAME_START = 1L << 37;
    private static final long KEYFRAME = 1L << 38;
    private static final long TEMPORAL = 1L << 39;
    private static final int TID_SHIFT = 40;
    private static final long LAYER_SYNC = 1L << 42;

    private Vp8Payload() {
    }

    /** Parses the descriptor of the RTP packet {@code buf[0, len)}. */
    static long parse(byte[] buf, int len) {
        int header = RtpPacket.headerLength(buf, 0, len);
        int payloadLength = RtpPacket.payloadLength(buf, 0, len);
        if (header < 0 || payloadLength < 1 || len >= (1 << OFFSET_BITS)) {
            return INVALID;
        }
        int end = header + payloadLength;
        int i = header;
        int first = buf[i++] & 0xff;
        long pictureIdOffset = 0;
        long tl0Offset = 0;
        long flags = 0;
        if ((first & 0x80) != 0) {
            if (i >= end) {
                return INVALID;
            }
            int extension = buf[i++] & 0xff;
            if ((extension & 0x80) != 0) {
                if (i >= end) {
                    return INVALID;
                }
                pictureIdOffset = i;
                if ((buf[i] & 0x80) != 0) {
                    flags |= LONG_PICTURE_ID;
                    i += 2;
                } else {
                    i += 1;
                }
            }
            if ((extension & 0x40) != 0) {
                tl0Offset = i++;
            }
            if ((extension & 0x30) != 0) {
                if (i >= end) {
                    return INVALID;
                }
                int tidByte = buf[i++] & 0xff; // TID (2 bits), Y, KEYIDX (5 bits)
                if ((extension & 0x20) != 0) {
                    flags |= TEMPORAL | (long) (tidByte >>> 6) << TID_SHIFT;
                    if ((tidByte & 0x20) != 0) {
                        flags |= LAYER_SYNC;
                    }
                }
            }
        }
        if (i >= end) {
            return INVALID;
        }
        boolean start = (first & 0x10) != 0 && (first & 0x07) == 0;
        if (start) {
            flags |= FRAME_START;
            // VP8 payload header (RFC 7741 4.3): P = 0 in the first byte of the frame means a keyframe.
            if ((buf[i] & 0x01) == 0) {
                flags |= KEYFRAME;
            }
        }
        return flags | pictureIdOffset | tl0Offset << OFFSET_BITS | (long) i << (2 * OFFSET_BITS);
    }

    static boolean valid(long parsed) {
        return parsed != INVALID;
    }

    /** The packet starts a keyframe: the first packet of its first partition, with P = 0. */
    static boolean keyframe(long parsed) {
        return parsed != INVALID && (parsed & KEYFRAME) != 0;
    }

    /** The packet is the first of a frame: S bit set in partition 0. */
    static boolean frameStart(long parsed) {
        return parsed != INVALID && (parsed & FRAME_START) != 0;
    }

    /** The descriptor carries a temporal layer index (T bit): the stream has temporal layers. */
    static boolean temporal(long parsed) {
        return parsed != INVALID && (parsed & TEMPORAL) != 0;
    }

    /** The temporal layer (TID, 0 to 3) of the packet's frame; 0 without a T bit. */
    static int temporalLayer(long parsed) {
        return temporal(parsed) ? (int) (parsed >>> TID_SHIFT & 3) : 0;
    }

    /**
     * Y bit: the frame depends only on the base layer (TL0), not on earlier frames of its own or other higher
     * layers, so a receiver that did not get those can start decoding its layer here.
     */
    static boolean layerSync(long parsed) {
        return temporal(parsed) && (parsed & LAYER_SYNC) != 0;
    }

    /** Byte offset of the picture ID in the packet, 0 when it has none. */
    static int pictureIdOffset(long parsed) {
        return parsed == INVALID ? 0 : (int) (parsed & OFFSET_MASK);
    }

    /** Whether the picture ID has the 15-bit form (M bit set). */
    static boolean longPictureId(long parsed) {
        return (parsed & LONG_PICTURE_ID) != 0;
    }

    /** Byte offset of TL0PICIDX in the packet, 0 when it has none. */
    static int tl0PicIdxOffset(long parsed) {
        return parsed == INVALID ? 0 : (int) (parsed >>> OFFSET_BITS & OFFSET_MASK);
    }

    /** Byte offset of the VP8 payload header (after the descriptor). */
    static int vp8HeaderOffset(long parsed) {
        return (int) (parsed >>> (2 * OFFSET_BITS) & OFFSET_MASK);
    }

    /** The picture ID (7 or 15 bits), or -1. */
    static int pictureId(byte[] buf, long parsed) {
        int at = pictureIdOffset(parsed);
        if (at == 0) {
            return -1;
        }
        return longPictureId(parsed) ? ((buf[at] & 0x7f) << 8) | (buf[at + 1] & 0xff) : buf[at] & 0x7f;
    }

    /** Writes a picture ID in the form the packet already has (so the packet keeps its length). */
    static void setPictureId(byte[] buf, long parsed, int pictureId) {
        int at = pictureIdOffset(parsed);
        if (at == 0) {
            return;
        }
        if (longPictureId(parsed)) {
            buf[at] = (byte) (0x80 | (pictureId >> 8 & 0x7f));
            buf[at + 1] = (byte) pictureId;
        } else {
            buf[at] = (byte) (pictureId & 0x7f);
        }
    }

    /** TL0PICIDX, or -1. */
    static int tl0PicIdx(byte[] buf, long parsed) {
        int at = tl0PicIdxOffset(parsed);
        return at == 0 ? -1 : buf[at] & 0xff;
    }

    static void setTl0PicIdx(byte[] buf, long parsed, int value) {
        int at = tl0PicIdxOffset(parsed);
        if (at != 0) {
            buf[at] = (byte) value;
        }
    }

    /**
     * Width and height from a keyframe's VP8 frame header (RFC 6386 9.1: 3-byte frame tag, start code
     * 9d 01 2a, then 14-bit width and height), packed as {@code width << 16 | height}; -1 when this packet is
     * not the start of a keyframe or too short.
     */
    static int keyframeSize(byte[] buf, int len, long parsed) {
        if (!keyframe(parsed)) {
            return -1;
        }
        int at = vp8HeaderOffset(parsed);
        if (at + 10 > len || (buf[at + 3] & 0xff) != 0x9d || buf[at + 4] != 0x01 || buf[at + 5] != 0x2a) {
            return -1;
        }
        int width = ((buf[at + 6] & 0xff) | (buf[at + 7] & 0xff) << 8) & 0x3fff;
        int height = ((buf[at + 8] & 0xff) | (buf[at + 9] & 0xff) << 8) & 0x3fff;
        return width << 16 | height;
    }
}
