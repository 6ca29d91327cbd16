package org.parley.sfu.internal;

import org.parley.webrtc.rtp.RtpPacket;

/** Test VP8 RTP packets: a 15-bit picture ID and TL0PICIDX in the descriptor, as Chrome sends them. */
final class Vp8Packets {
    static final int PAYLOAD_TYPE = 96;

    private Vp8Packets() {
    }

    /**
     * One packet; {@code start}: first packet of a frame; {@code keyframe} (with start): P = 0 and a
     * frame header giving {@code width}x{@code height}.
     */
    static byte[] packet(long ssrc, int sequence, long timestamp, int pictureId, int tl0PicIdx, boolean start,
            boolean keyframe, int width, int height) {
        return packet(ssrc, sequence, timestamp, pictureId, tl0PicIdx, -1, false, start, keyframe, width, height);
    }

    /**
     * One packet with a temporal layer: {@code tid} >= 0 adds the T bit and the TID/Y byte ({@code sync}: Y),
     * as Chrome sends its VP8 with three temporal layers; -1 leaves them out.
     */
    static byte[] packet(long ssrc, int sequence, long timestamp, int pictureId, int tl0PicIdx, int tid, boolean sync,
            boolean start, boolean keyframe, int width, int height) {
        byte[] p = new byte[12 + 5 + 10 + 20];
        RtpPacket.writeHeader(p, 0, PAYLOAD_TYPE, sequence, timestamp, ssrc, false);
        int i = 12;
        p[i++] = (byte) (0x80 | (start ? 0x10 : 0)); // X, S, PID 0
        p[i++] = (byte) (tid >= 0 ? 0xe0 : 0xc0); // I, L (, T)
        p[i++] = (byte) (0x80 | (pictureId >> 8 & 0x7f));
        p[i++] = (byte) pictureId;
        p[i++] = (byte) tl0PicIdx;
        if (tid >= 0) {
            p[i++] = (byte) (tid << 6 | (sync ? 0x20 : 0));
        }
        if (start && keyframe) {
            p[i] = 0x10; // P = 0: keyframe, show_frame
            p[i + 3] = (byte) 0x9d;
            p[i + 4] = 0x01;
            p[i + 5] = 0x2a;
            p[i + 6] = (byte) width;
            p[i + 7] = (byte) (width >> 8);
            p[i + 8] = (byte) height;
            p[i + 9] = (byte) (height >> 8);
        } else {
            p[i] = 0x11; // P = 1: interframe
        }
        return tid >= 0 ? p : java.util.Arrays.copyOf(p, p.length - 1);
    }

    static byte[] delta(long ssrc, int sequence, long timestamp, int pictureId, int tl0PicIdx, boolean start) {
        return packet(ssrc, sequence, timestamp, pictureId, tl0PicIdx, start, false, 0, 0);
    }

    static byte[] keyframe(long ssrc, int sequence, long timestamp, int pictureId, int tl0PicIdx) {
        return packet(ssrc, sequence, timestamp, pictureId, tl0PicIdx, true, true, 640, 360);
    }
}
