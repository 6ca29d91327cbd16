package org.parley.sfu.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A diagnostic ({@code bwe.trace.dir}): records one subscribe transport's bandwidth-estimation input and output as
 * a {@link BandwidthTrace}, so that the estimator can be replayed on what a real browser and a real link did.
 *
 * <p>The packets sent are not hooked where they are sent: each time feedback arrives, the recorder copies the
 * sends it has not written yet out of the {@link TransportWideSequencer}'s history (which holds the latest
 * {@value TransportWideSequencer#HISTORY}, seconds of traffic), so every packet a feedback can name is written
 * before that feedback, and the send path stays as it was. Sends that dropped out of the history before they were
 * copied (no feedback for seconds) are counted in a {@code # missed-sends} line.
 *
 * <p>It runs on the subscriber's I/O thread, so it stays cheap: lines are formatted into one reused buffer and
 * go through a buffered gzip stream; the file is opened when the transport is created (on the signaling thread)
 * and closed with it. It can never break forwarding: the first I/O error is logged, and recording stops; so does
 * reaching {@code bwe.trace.max.bytes} of text.
 */
final class BandwidthTraceRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(BandwidthTraceRecorder.class);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
            .withZone(ZoneOffset.UTC);

    private final Path file;
    private final TransportWideSequencer sequencer;
    private final BandwidthEstimator estimator;
    private final long maxBytes;
    private final long originNanos;
    private final byte[] line = new byte[2 * BandwidthTrace.MAX_LINE];
    private final int[] copySequences = new int[TransportWideSequencer.HISTORY];
    private final long[] copySent = new long[TransportWideSequencer.HISTORY];
    private final int[] copySizes = new int[TransportWideSequencer.HISTORY];
    private OutputStream out;
    private long written;
    /** How many packets the sequencer had stamped when the sends were last copied. */
    private long copied;
    private long missed;

    private BandwidthTraceRecorder(Path file, TransportWideSequencer sequencer, BandwidthEstimator estimator,
            long maxBytes, OutputStream out) {
        this.file = file;
        this.sequencer = sequencer;
        this.estimator = estimator;
        this.maxBytes = maxBytes;
        this.out = out;
        this.originNanos = System.nanoTime();
    }

    /**
     * Starts a trace of the given subscribe transport in {@code directory}, named after its meeting and participant;
     * null (logged) when the file cannot be created.
     */
    static BandwidthTraceRecorder start(Path directory, MediaTransport transport, long maxBytes) {
        String name = safe(transport.owner.meetingId) + "-" + safe(transport.owner.id) + "-" + safe(transport.id) + "-"
                + FILE_TIME.format(Instant.now()) + ".bwe.gz";
        return start(directory.resolve(name), transport.owner.meetingId, transport.owner.id, transport.id,
                transport.sequencer, transport.bandwidth, maxBytes);
    }

    /** Starts a trace in {@code file} (gzipped); null (logged) when the file cannot be created. */
    static BandwidthTraceRecorder start(Path file, String meetingId, String participantId, String transportId,
            TransportWideSequencer sequencer, BandwidthEstimator estimator, long maxBytes) {
        Instant started = Instant.now();
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            // Lines gather in the small buffer, compressed bytes in the large one: the disk is written every
            // several seconds of video, not per feedback.
            OutputStream out = new BufferedOutputStream(new GZIPOutputStream(
                    new BufferedOutputStream(Files.newOutputStream(file), 65536), 8192), 8192);
            BandwidthTraceRecorder recorder = new BandwidthTraceRecorder(file, sequencer, estimator, maxBytes, out);
            recorder.header(BandwidthTrace.MAGIC + " " + BandwidthTrace.VERSION);
            recorder.header("# meeting " + meetingId);
            recorder.header("# participant " + participantId);
            recorder.header("# transport " + transportId);
            recorder.header("# started " + started);
            long epochMicros = TimeUnit.SECONDS.toMicros(started.getEpochSecond()) + started.getNano() / 1_000;
            recorder.header("# started-epoch-micros " + epochMicros);
            LOG.info("Recording the bandwidth trace of {} ({} of meeting {}) to {}", transportId, participantId,
                    meetingId, file);
            return recorder;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot record the bandwidth trace of {} to {}: {}", transportId, file, e.toString());
            return null;
        }
    }

    /** Whether it still records (not closed, no I/O error, under its size cap). */
    synchronized boolean recording() {
        return out != null;
    }

    /** A transport-cc FCI that was just handed to the estimator at {@code nowNanos}. */
    synchronized void onTransportCc(byte[] buf, int fciOff, int fciLen, long nowNanos) {
        if (out == null) {
            return;
        }
        try {
            copySends();
            if (fciLen > BandwidthTrace.MAX_FCI_BYTES) {
                return; // no datagram the SFU reads holds one this long
            }
            int at = put(line, 0, 'F', micros(nowNanos));
            for (int i = 0; i < fciLen; i++) {
                int b = buf[fciOff + i] & 0xff;
                line[at++] = HEX[b >>> 4];
                line[at++] = HEX[b & 0xf];
            }
            line[at++] = '\n';
            write(at);
            estimate(nowNanos);
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    /** A REMB that was just handed to the estimator at {@code nowNanos}. */
    synchronized void onRemb(long bitrate, long nowNanos) {
        if (out == null) {
            return;
        }
        try {
            copySends();
            int at = put(line, 0, 'R', micros(nowNanos));
            at = putNumber(line, at, Math.max(0, bitrate));
            line[at++] = '\n';
            write(at);
            estimate(nowNanos);
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    /** Writes what is left and closes the file; recording stops. Any thread. */
    synchronized void close(String reason) {
        if (out == null) {
            return;
        }
        try {
            copySends();
            if (missed > 0) {
                header("# missed-sends " + missed);
            }
            header("# stopped " + reason);
            finish();
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    Path file() {
        return file;
    }

    private void estimate(long nowNanos) {
        int at = put(line, 0, 'E', micros(nowNanos));
        at = putNumber(line, at, estimator.estimate(nowNanos));
        line[at++] = ' ';
        at = putNumber(line, at, estimator.deliveredBitrate());
        line[at++] = ' ';
        line[at++] = (byte) switch (estimator.signal()) {
            case NORMAL -> 'N';
            case OVERUSING -> 'O';
            case UNDERUSING -> 'U';
        };
        line[at++] = '\n';
        write(at);
    }

    /**
     * The sends stamped since the last copy, from the sequencer's history, in sequence order. They are copied
     * under the sequencer's lock and written after it, so that no other I/O thread waits on this one's writing.
     */
    private void copySends() {
        int count = 0;
        synchronized (sequencer) {
            long stamped = sequencer.stamped();
            if (stamped - copied > TransportWideSequencer.HISTORY) {
                missed += stamped - copied - TransportWideSequencer.HISTORY;
                copied = stamped - TransportWideSequencer.HISTORY;
            }
            for (; copied < stamped; copied++) {
                int sequence = (int) (copied & 0xffff);
                long sent = sequencer.sentNanos(sequence);
                if (sent < 0) {
                    missed++; // overwritten in the history before any feedback came to copy it
                    continue;
                }
                copySequences[count] = sequence;
                copySent[count] = sent;
                copySizes[count] = sequencer.size(sequence);
                count++;
            }
        }
        for (int i = 0; i < count && out != null; i++) {
            int at = put(line, 0, 'S', copySequences[i]);
            at = putNumber(line, at, micros(copySent[i]));
            line[at++] = ' ';
            at = putNumber(line, at, copySizes[i]);
            line[at++] = '\n';
            write(at);
        }
    }

    private long micros(long nanos) {
        return Math.max(0, (nanos - originNanos) / 1_000);
    }

    /** {@code type value } into {@code buf} at {@code at}; returns the position after the trailing space. */
    private static int put(byte[] buf, int at, char type, long value) {
        buf[at++] = (byte) type;
        buf[at++] = ' ';
        at = putNumber(buf, at, value);
        buf[at++] = ' ';
        return at;
    }

    private static int putNumber(byte[] buf, int at, long value) {
        if (value < 0) {
            buf[at++] = '-';
            value = -value;
        }
        int start = at;
        do {
            buf[at++] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value > 0);
        for (int i = start, j = at - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
        return at;
    }

    private void header(String text) {
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, line, 0, Math.min(bytes.length, line.length));
        write(Math.min(bytes.length, line.length));
    }

    private void write(int len) {
        if (out == null) {
            return;
        }
        if (written + len > maxBytes) {
            LOG.info("Bandwidth trace {} reached {} bytes; recording stops", file, maxBytes);
            byte[] note = "# stopped size-cap\n".getBytes(StandardCharsets.US_ASCII);
            try {
                out.write(note);
            } catch (IOException e) {
                // closing below reports nothing more: the trace is cut either way
            }
            finish();
            return;
        }
        try {
            out.write(line, 0, len);
            written += len;
        } catch (IOException e) {
            LOG.warn("Bandwidth trace {} stopped: {}", file, e.toString());
            abandon();
        }
    }

    private void finish() {
        try {
            out.close();
        } catch (IOException e) {
            LOG.warn("Bandwidth trace {} not closed cleanly: {}", file, e.toString());
        }
        out = null;
    }

    private void abandon() {
        try {
            out.close();
        } catch (IOException ignored) {
            // already failed once and logged
        }
        out = null;
    }

    /** A bug here must not reach the I/O thread: the trace stops instead. */
    private void fail(RuntimeException e) {
        LOG.warn("Bandwidth trace {} stopped", file, e);
        if (out != null) {
            abandon();
        }
    }

    /** A file-name-safe form of an id. */
    private static String safe(String id) {
        String cleaned = id == null ? "" : id.replaceAll("[^A-Za-z0-9._-]", "_");
        return cleaned.isEmpty() ? "_" : cleaned.substring(0, Math.min(cleaned.length(), 64));
    }
}
