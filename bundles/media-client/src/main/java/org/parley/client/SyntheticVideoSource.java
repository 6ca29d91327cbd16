package org.parley.client;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import org.parley.webrtc.rtp.RtpPacket;

/**
 * VP8-like video at 90 kHz: each frame is one or more packets with a VP8 payload descriptor (RFC 7741: X and S
 * bits, a 15-bit picture ID), the VP8 payload header on the first packet of a frame (P bit clear on a keyframe,
 * which also carries the keyframe start code and a 640x360 size), filler and the {@link SyntheticPayload} stamp;
 * the marker bit is set on a frame's last packet. Not thread-safe: one sending thread per source.
 */
public final class SyntheticVideoSource {
    public static final int CLOCK_RATE = 90000;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Descriptor: X=1, S bit set on a frame's first packet; then I=1 and a 15-bit picture ID (M=1). */
    static final int DESCRIPTOR_LENGTH = 4;

    private final long ssrc;
    private final int payloadType;
    private final int absSendTimeId;
    private final int framesPerSecond;
    private final int keyframePackets;
    private final int deltaPackets;
    private final int payloadLength;
    private int sequence = RANDOM.nextInt(0x10000);
    private long timestamp = RANDOM.nextInt() & 0xffffffffL;
    private int pictureId = RANDOM.nextInt(0x8000);
    private long counter;
    private long frames;
    private long keyframes;
    private int temporalLayers = 1;
    private int tl0PicIdx = RANDOM.nextInt(0x100);
    private long framesSinceKeyframe;

    /**
     * @param keyframePackets packets per keyframe (keyframes are bigger)
     * @param deltaPackets packets per other frame
     * @param payloadLength bytes of payload per packet, at least 64
     */
    public SyntheticVideoSource(long ssrc, int payloadType, int absSendTimeId, int framesPerSecond, int keyframePackets,
            int deltaPackets, int payloadLength) {
        if (framesPerSecond < 1 || keyframePackets < 1 || deltaPackets < 1 || payloadLength < 64
                || payloadLength > 1200) {
            throw new IllegalArgumentException("fps, packets per frame >= 1; payload 64..1200 bytes");
        }
        this.ssrc = ssrc;
        this.payloadType = payloadType;
        this.absSendTimeId = absSendTimeId;
        this.framesPerSecond = framesPerSecond;
        this.keyframePackets = keyframePackets;
        this.deltaPackets = deltaPackets;
        this.payloadLength = payloadLength;
    }

    /** A source numbered as {@link MediaClientPeer#publishOffer} announces: keyframes of 4 packets, others of 1. */
    public static SyntheticVideoSource forPublisher(MediaClientPeer peer, int framesPerSecond) {
        return new SyntheticVideoSource(peer.videoSsrc(), MediaClientPeer.VP8_PAYLOAD_TYPE,
                MediaClientPeer.ABS_SEND_TIME_ID, framesPerSecond, 4, 1, 900);
    }

    /**
     * A source numbered as {@link MediaClientPeer#publishOffer} announces whose frames add up to about
     * {@code bitsPerSecond} of payload: each frame is split into as few packets of at most 1200 bytes as it
     * needs, and a keyframe (sent only when asked for) has three times the packets of another frame.
     */
    public static SyntheticVideoSource forPublisher(MediaClientPeer peer, int framesPerSecond, int bitsPerSecond) {
        int[] split = frameSplit(framesPerSecond, bitsPerSecond);
        return new SyntheticVideoSource(peer.videoSsrc(), MediaClientPeer.VP8_PAYLOAD_TYPE,
                MediaClientPeer.ABS_SEND_TIME_ID, framesPerSecond, 3 * split[0], split[0], split[1]);
    }

    /**
     * Sends {@code count} temporal layers (1 to 3) from the next frame on, every layer's frames the same size, so
     * that the base layer carries a quarter of the bitrate with three layers, and TL0+TL1 half of it.
     */
    public SyntheticVideoSource withTemporalLayers(int count) {
        if (count < 1 || count > 3) {
            throw new IllegalArgumentException("1 to 3 temporal layers");
        }
        temporalLayers = count;
        return this;
    }

    /** The temporal layer (TID) of the frame the next {@link #nextFrame} call makes. */
    public int nextTemporalLayer() {
        return temporalLayer(framesSinceKeyframe);
    }

    private int temporalLayer(long frameIndex) {
        return switch (temporalLayers) {
            case 3 -> new int[] { 0, 2, 1, 2 }[(int) (frameIndex % 4)];
            case 2 -> (int) (frameIndex % 2);
            default -> 0;
        };
    }

    /** Packets per (non-key) frame and payload bytes per packet for a bitrate: {packets, payloadLength}. */
    public static int[] frameSplit(int framesPerSecond, int bitsPerSecond) {
        if (framesPerSecond < 1 || bitsPerSecond < 1) {
            throw new IllegalArgumentException("fps and bitrate must be positive");
        }
        long bytesPerFrame = Math.max(64, (long) bitsPerSecond / 8 / framesPerSecond);
        int packets = (int) ((bytesPerFrame + 1199) / 1200);
        int payload = (int) Math.max(64, Math.min(1200, bytesPerFrame / packets));
        return new int[] { packets, payload };
    }

    /** The packets of the next frame, in sending order. */
    public List<byte[]> nextFrame(boolean keyframe, long nowNanos) {
        int count = keyframe ? keyframePackets : deltaPackets;
        List<byte[]> packets = new ArrayList<>(count);
        if (keyframe) {
            framesSinceKeyframe = 0;
        }
        boolean temporal = temporalLayers > 1;
        int tid = temporalLayer(framesSinceKeyframe);
        long cycle = framesSinceKeyframe % 8;
        boolean sync = tid > 0 && (cycle == 1 || (temporalLayers == 3 && cycle == 2));
        if (tid == 0) {
            tl0PicIdx = (tl0PicIdx + 1) & 0xff;
        }
        for (int i = 0; i < count; i++) {
            byte[] buf = new byte[RtpPacket.FIXED_HEADER_LENGTH + 16 + payloadLength];
            boolean first = i == 0;
            int at = RtpHeaderWriter.write(buf, payloadType, sequence, timestamp, ssrc, i == count - 1, absSendTimeId,
                    nowNanos, 0, -1);
            int end = at + payloadLength;
            buf[at++] = (byte) (0x80 | (first ? 0x10 : 0)); // X, S; partition 0
            buf[at++] = (byte) (temporal ? 0xe0 : 0x80); // I: picture ID present (L, T: TL0PICIDX and TID)
            buf[at++] = (byte) (0x80 | (pictureId >>> 8)); // M: 15-bit picture ID
            buf[at++] = (byte) pictureId;
            if (temporal) {
                buf[at++] = (byte) tl0PicIdx;
                buf[at++] = (byte) (tid << 6 | (sync ? 0x20 : 0)); // TID, Y
            }
            if (first) {
                buf[at++] = (byte) (keyframe ? 0x10 : 0x11); // show_frame; P=0 means keyframe
                buf[at++] = 0;
                buf[at++] = 0;
                if (keyframe) {
                    buf[at++] = (byte) 0x9d;
                    buf[at++] = 0x01;
                    buf[at++] = 0x2a;
                    buf[at++] = (byte) 640;
                    buf[at++] = (byte) (640 >>> 8);
                    buf[at++] = (byte) 360;
                    buf[at++] = (byte) (360 >>> 8);
                }
            }
            for (int j = at; j < end - SyntheticPayload.LENGTH; j++) {
                buf[j] = (byte) (counter + j);
            }
            new SyntheticPayload(counter, nowNanos).writeBefore(buf, end);
            packets.add(end == buf.length ? buf : java.util.Arrays.copyOf(buf, end));
            sequence = (sequence + 1) & 0xffff;
            counter++;
        }
        pictureId = (pictureId + 1) & 0x7fff;
        timestamp = (timestamp + CLOCK_RATE / framesPerSecond) & 0xffffffffL;
        frames++;
        framesSinceKeyframe++;
        if (keyframe) {
            keyframes++;
        }
        return packets;
    }

    /**
     * Whether the RTP packet in {@code buf[0, length)} starts a VP8 keyframe: S bit and partition 0 in the payload
     * descriptor, then a VP8 payload header with the P bit clear. False for anything malformed.
     */
    public static boolean isKeyframeStart(byte[] buf, int length) {
        int header = RtpPacket.headerLength(buf, 0, length);
        int payload = RtpPacket.payloadLength(buf, 0, length);
        if (header < 0 || payload < 1) {
            return false;
        }
        int at = header;
        int end = header + payload;
        int first = buf[at++] & 0xff;
        if ((first & 0x10) == 0 || (first & 0x07) != 0) {
            return false;
        }
        if ((first & 0x80) != 0) {
            if (at >= end) {
                return false;
            }
            int flags = buf[at++] & 0xff;
            if ((flags & 0x80) != 0) {
                if (at >= end) {
                    return false;
                }
                at += (buf[at] & 0x80) != 0 ? 2 : 1;
            }
            if ((flags & 0x40) != 0) {
                at++;
            }
            if ((flags & 0x30) != 0) {
                at++;
            }
        }
        return at < end && (buf[at] & 0x01) == 0;
    }

    public long ssrc() {
        return ssrc;
    }

    public int framesPerSecond() {
        return framesPerSecond;
    }

    public long packets() {
        return counter;
    }

    public long frames() {
        return frames;
    }

    public long keyframes() {
        return keyframes;
    }

    public long timestamp() {
        return timestamp;
    }
}
