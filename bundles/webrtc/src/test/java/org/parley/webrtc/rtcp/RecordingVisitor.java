package org.parley.webrtc.rtcp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Writes down every callback as a line of text, so tests can compare whole walks at once. */
final class RecordingVisitor implements RtcpVisitor {
    final List<String> events = new ArrayList<>();

    @Override
    public void onSenderReport(long ssrc, long ntp, long rtpTs, long packets, long octets) {
        events.add("SR " + Long.toHexString(ssrc) + " ntp=" + Long.toHexString(ntp) + " rtp=" + rtpTs
                + " packets=" + packets + " octets=" + octets);
    }

    @Override
    public void onReportBlock(long reporter, long source, int fractionLost, int cumulativeLost, long extHighestSeq,
            long jitter, long lastSr, long delaySinceLastSr) {
        events.add("RB " + Long.toHexString(reporter) + "->" + Long.toHexString(source) + " fraction=" + fractionLost
                + " lost=" + cumulativeLost + " ext=" + extHighestSeq + " jitter=" + jitter + " lsr="
                + Long.toHexString(lastSr) + " dlsr=" + delaySinceLastSr);
    }

    @Override
    public void onReceiverReport(long ssrc) {
        events.add("RR " + Long.toHexString(ssrc));
    }

    @Override
    public void onPli(long sender, long media) {
        events.add("PLI " + Long.toHexString(sender) + "->" + Long.toHexString(media));
    }

    @Override
    public void onFir(long sender, long media, int seqNr) {
        events.add("FIR " + Long.toHexString(sender) + "->" + Long.toHexString(media) + " seq=" + seqNr);
    }

    @Override
    public void onNack(long sender, long media, int pid, int blp) {
        events.add("NACK " + Long.toHexString(sender) + "->" + Long.toHexString(media) + " pid=" + pid + " blp="
                + Integer.toBinaryString(blp));
    }

    @Override
    public void onRemb(long sender, long bitrate, byte[] buf, int ssrcsOff, int ssrcCount) {
        StringBuilder ssrcs = new StringBuilder();
        for (int i = 0; i < ssrcCount; i++) {
            ssrcs.append(' ').append(Long.toHexString(RtcpCompound.readUint32(buf, ssrcsOff + 4 * i)));
        }
        events.add("REMB " + Long.toHexString(sender) + " bitrate=" + bitrate + ssrcs);
    }

    @Override
    public void onTransportCc(long sender, long media, byte[] buf, int fciOff, int fciLen) {
        events.add("TCC " + Long.toHexString(sender) + "->" + Long.toHexString(media) + " fci=" + fciLen);
    }

    @Override
    public void onSdes(long ssrc, int itemType, byte[] buf, int textOff, int textLen) {
        events.add("SDES " + Long.toHexString(ssrc) + " " + itemType + "="
                + new String(buf, textOff, textLen, StandardCharsets.UTF_8));
    }

    @Override
    public void onBye(long ssrc) {
        events.add("BYE " + Long.toHexString(ssrc));
    }

    @Override
    public void onOther(int packetType, int fmt, byte[] buf, int off, int len) {
        events.add("OTHER " + packetType + "/" + fmt + " len=" + len);
    }
}
