package org.parley.sfu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.parley.webrtc.rtcp.RtcpException;
import org.parley.webrtc.rtcp.TransportCcFeedback;
import org.parley.webrtc.rtp.RtpPacket;

/**
 * The estimator replayed on real traces (src/test/resources/bwe-traces/, recorded with headless Chromium through
 * the SFU on a link shaped with tc: scripts/record-bwe-traces.sh). Each trace goes through a fresh
 * {@link BandwidthEstimator}: its sends into a {@link TransportWideSequencer} at their times, its feedback at its
 * times. With the estimator of the recording the replay gives the estimates the SFU had, within 10 parts per
 * million (times are kept in µs).
 *
 * <p>The assertions hold now: on a shaped link the estimate does not collapse or stay far
 * above the rate for long, after a step down it is below the new rate within 3 s and climbs again once the link
 * is free, unshaped it stays near or above what was delivered; each band sits close to what the estimator does
 * on these traces, so a change that makes it worse fails. What a user relies on beyond that, and the estimator
 * does not do yet (a shaped link's estimate in a band around the rate, an unshaped link's never below what it
 * delivered), is written down in bwe-traces/README.md with the figures, as open work, not as a test.
 *
 * <p>The replay is open-loop: what was sent is what the SFU sent while recording, with the estimator and
 * allocator of that time, and does not react to the estimate replayed here. A changed estimator is judged on
 * the same input; a change that would have sent differently (probing, say) is only partly judged, and the
 * traces should be recorded again with it.
 *
 * <p>The shaped rate counts whole packets on {@code lo} (IP, UDP, the SRTP tag, the link header); the estimate
 * counts RTP bytes, so on a link full of small audio packets it settles some 10-20 % below the shaped rate.
 */
class BandwidthEstimatorTraceTest {
    private static final long ORIGIN_NANOS = 1_000_000_000_000L;
    private static final long SECOND = 1_000_000;

    /** One estimate after a feedback, with what the feedbacks of the second before it reported received. */
    record Sample(long micros, long estimate, long deliveredLastSecond) {
    }

    /** A step of the schedule in the trace's header: the rate from {@code micros} on, or 0 for unshaped. */
    record Shape(long micros, long bits) {
    }

    /** The trace through a fresh sequencer and estimator; the estimate after each feedback. */
    static final class Replay implements TransportCcFeedback.PacketListener {
        final BandwidthTrace trace;
        final List<Shape> schedule = new ArrayList<>();
        final List<Sample> samples = new ArrayList<>();
        final TransportWideSequencer sequencer = new TransportWideSequencer();
        final BandwidthEstimator estimator = new BandwidthEstimator(sequencer);
        private final byte[] packet = new byte[PacketWorker.MAX_DATAGRAM + 64];
        private final Map<Integer, Integer> sizes = new HashMap<>();
        /** {arrival µs (receiver clock), bytes} of the packets feedback reported received, in report order. */
        private final List<long[]> received = new ArrayList<>();
        private int nextSequence;
        int malformedFeedback;

        Replay(String name) throws IOException {
            try (InputStream in = BandwidthEstimatorTraceTest.class.getResourceAsStream("/bwe-traces/" + name)) {
                assertThat(in).as("trace " + name).isNotNull();
                trace = BandwidthTrace.read(in);
            }
            for (String step : trace.all("shape")) {
                String[] f = step.split(" ");
                schedule.add(new Shape(Long.parseLong(f[0]), f[1].equals("unshaped") ? 0 : Long.parseLong(f[1])));
            }
            assertThat(trace.first("missed-sends")).as("a trace without gaps").isNull();
            for (BandwidthTrace.Event event : trace.events()) {
                long now = ORIGIN_NANOS + event.micros() * 1_000;
                if (event instanceof BandwidthTrace.Send send) {
                    send(send, now);
                } else if (event instanceof BandwidthTrace.Feedback feedback) {
                    feedback(feedback, now);
                } else if (event instanceof BandwidthTrace.Remb remb) {
                    estimator.onRemb(remb.bitrate(), now);
                }
                // an Estimate line is what the SFU estimated while recording; the replay makes its own
            }
        }

        private void send(BandwidthTrace.Send send, long now) {
            assertThat(send.sequence()).as("sequence numbers run on").isEqualTo(nextSequence);
            assertThat(send.size()).as("a stamped RTP packet").isGreaterThanOrEqualTo(RtpPacket.FIXED_HEADER_LENGTH + 8);
            RtpPacket.writeHeader(packet, 0, 96, send.sequence(), 0, 0x1234, false);
            // the sequencer adds the 8-byte transport-cc element, which brings it to the recorded size
            assertThat(sequencer.stamp(packet, send.size() - 8, now)).isEqualTo(send.size());
            sizes.put(send.sequence(), send.size());
            nextSequence = (nextSequence + 1) & 0xffff;
        }

        private void feedback(BandwidthTrace.Feedback feedback, long now) {
            byte[] fci = feedback.fci();
            try {
                estimator.onTransportCc(fci, 0, fci.length, now);
                TransportCcFeedback.forEach(fci, 0, fci.length, this);
            } catch (RtcpException e) {
                malformedFeedback++;
                return;
            }
            samples.add(new Sample(feedback.micros(), estimator.estimate(now), deliveredLastSecond()));
        }

        @Override
        public void onPacket(int sequence, long arrivalMicros) {
            Integer size = sizes.get(sequence);
            if (arrivalMicros != TransportCcFeedback.NOT_RECEIVED && size != null) {
                received.add(new long[] { arrivalMicros, size });
            }
        }

        /** Bits/s that reached the receiver over the latest second of its clock, as its feedback told. */
        private long deliveredLastSecond() {
            if (received.isEmpty()) {
                return 0;
            }
            long newest = received.get(received.size() - 1)[0];
            long bytes = 0;
            for (int i = received.size() - 1; i >= 0 && received.size() - i < 5_000; i--) {
                long[] r = received.get(i);
                if (newest - r[0] < SECOND && newest - r[0] >= 0) {
                    bytes += r[1];
                }
            }
            return bytes * 8;
        }

        /** When the schedule shaped the link to {@code bits} (the first time), in µs. */
        long shapedAt(long bits) {
            return schedule.stream().filter(s -> s.bits() == bits).findFirst().orElseThrow().micros();
        }

        /** When the shaping was lifted after having been on. */
        long liftedAt() {
            boolean shaped = false;
            for (Shape s : schedule) {
                shaped |= s.bits() > 0;
                if (shaped && s.bits() == 0) {
                    return s.micros();
                }
            }
            throw new AssertionError("no lift in " + schedule);
        }

        long end() {
            return samples.get(samples.size() - 1).micros();
        }

        List<Sample> between(long fromMicros, long toMicros) {
            return samples.stream().filter(s -> s.micros() >= fromMicros && s.micros() < toMicros).toList();
        }

        /** The estimate over the trace, one value per second, for failure messages. */
        String outline() {
            StringBuilder out = new StringBuilder();
            long next = 0;
            for (Sample s : samples) {
                if (s.micros() >= next) {
                    out.append(String.format("%n  t=%5.1f s estimate %8d delivered %8d", s.micros() / 1e6,
                            s.estimate(), s.deliveredLastSecond()));
                    next = s.micros() + SECOND;
                }
            }
            return "schedule " + schedule + out;
        }
    }

    /** What the estimate did on a stretch of a trace, relative to a rate. */
    record Spread(double min, double median, double max, double shareBelowHalf, double shareAbove, long longestAbove,
            long longestBelowHalf) {
        static Spread of(List<Sample> samples, long rate, double above) {
            double[] sorted = samples.stream().mapToDouble(s -> (double) s.estimate() / rate).sorted().toArray();
            int below = 0;
            int over = 0;
            long longestOver = 0;
            long longestBelow = 0;
            long overSince = -1;
            long belowSince = -1;
            for (Sample s : samples) {
                if (s.estimate() > above * rate) {
                    over++;
                    overSince = overSince < 0 ? s.micros() : overSince;
                    longestOver = Math.max(longestOver, s.micros() - overSince);
                } else {
                    overSince = -1;
                }
                if (s.estimate() < rate / 2) {
                    below++;
                    belowSince = belowSince < 0 ? s.micros() : belowSince;
                    longestBelow = Math.max(longestBelow, s.micros() - belowSince);
                } else {
                    belowSince = -1;
                }
            }
            return new Spread(sorted[0], sorted[sorted.length / 2], sorted[sorted.length - 1],
                    (double) below / samples.size(), (double) over / samples.size(), longestOver, longestBelow);
        }
    }

    /** The shaped stretch of a trace, from {@link #SETTLE} after the shaping to the end. */
    private static Spread settled(Replay replay, long bits) {
        assertThat(replay.malformedFeedback).isZero();
        List<Sample> settled = replay.between(replay.shapedAt(bits) + SETTLE, replay.end() + 1);
        assertThat(settled).as("feedback after settling").hasSizeGreaterThan(100);
        return Spread.of(settled, bits, 1.3);
    }

    private static final long SETTLE = 5 * SECOND;

    // ---- What the estimator must keep doing: bands around what it does on these traces now ----
    //
    // Each fails with a perturbed estimator (bwe-traces/README.md has the figures): LOSS_FLOOR_OF_DELIVERED = 0
    // fails the 300 kbit/s and the step trace, DECREASE_FACTOR = 0.5 the step and the unshaped trace,
    // GROWTH_OVER_DELIVERED = 6 the 1 Mbit/s trace, an overuse detector that never fires the 300 kbit/s and the
    // step trace, INCREASE_PER_SECOND = 1.16 the 300 kbit/s trace.

    @Test
    void shapedTo300kbpsTheEstimateDoesNotStayFarFromTheRate() throws IOException {
        Replay replay = new Replay("shaped-300k.bwe.gz");
        Spread spread = settled(replay, 300_000);
        String outline = spread + "\n" + replay.outline();
        assertThat(spread.median()).as("median estimate / rate; " + outline).isBetween(0.4, 1.5);
        assertThat(spread.shareBelowHalf()).as("share of the time below half the rate; " + outline).isLessThan(0.6);
        assertThat(spread.max()).as("highest estimate / rate; " + outline).isLessThanOrEqualTo(2.0);
        assertThat(spread.longestAbove()).as("longest stretch above 1.3x the rate (µs); " + outline)
                .isLessThanOrEqualTo(5 * SECOND);
    }

    @Test
    void shapedTo1MbpsTheEstimateNeverCollapsesAndStaysWithinTheGrowthBound() throws IOException {
        Replay replay = new Replay("shaped-1m.bwe.gz");
        Spread spread = settled(replay, 1_000_000);
        String outline = spread + "\n" + replay.outline();
        assertThat(spread.min()).as("lowest estimate / rate; " + outline).isGreaterThanOrEqualTo(0.5);
        // what the link delivered here (650-700 kbit/s, the middle layer) x 3 + 500 kbit/s
        assertThat(spread.max()).as("highest estimate / rate; " + outline).isLessThanOrEqualTo(3.0);
    }

    @Test
    void afterAStepDownTheEstimateFallsBelowTheNewRateQuicklyAndRisesOnceLifted() throws IOException {
        Replay replay = new Replay("step-2m-300k-lifted.bwe.gz");
        assertThat(replay.malformedFeedback).isZero();
        long step = replay.shapedAt(300_000);
        long lifted = replay.liftedAt();
        String outline = replay.outline();
        Spread before = Spread.of(replay.between(replay.shapedAt(2_000_000) + SETTLE, step), 2_000_000, 1.3);
        assertThat(before.min()).as("lowest estimate / 2 Mbit/s before the step; " + before + "\n" + outline)
                .isGreaterThanOrEqualTo(0.5);
        assertThat(replay.between(step - SECOND, step)).as("above 300 kbit/s before the step\n" + outline)
                .allMatch(s -> s.estimate() > 300_000);
        assertThat(replay.between(step, step + 3 * SECOND)).as("below 300 kbit/s within 3 s of the step\n"
                + outline).anyMatch(s -> s.estimate() < 300_000);
        Spread shaped = Spread.of(replay.between(step + SETTLE, lifted), 300_000, 1.3);
        assertThat(shaped.min()).as("lowest estimate / 300 kbit/s once settled; " + shaped + "\n" + outline)
                .isGreaterThanOrEqualTo(0.6);
        List<Sample> afterLift = replay.between(lifted, replay.end() + 1);
        assertThat(afterLift.get(afterLift.size() - 1).estimate()).as("20 s after the lift\n" + outline)
                .isGreaterThan(1_000_000);
    }

    @Test
    void unshapedTheEstimateStaysNearOrAboveWhatTheLinkDelivered() throws IOException {
        Replay replay = new Replay("unshaped.bwe.gz");
        assertThat(replay.malformedFeedback).isZero();
        String outline = replay.outline();
        List<Sample> samples = deliveringVideo(replay, 2 * SECOND);
        int below = 0;
        for (Sample s : samples) {
            // the first seconds: an overuse then is cut from a delivered-bitrate average still catching up
            double floor = s.micros() < 5 * SECOND ? 0.5 : 0.9;
            assertThat((double) s.estimate() / s.deliveredLastSecond()).as("at t=%.1f s: estimate %d against %d "
                    + "delivered%n%s", s.micros() / 1e6, s.estimate(), s.deliveredLastSecond(), outline)
                    .isGreaterThanOrEqualTo(floor);
            below += s.estimate() < s.deliveredLastSecond() ? 1 : 0;
        }
        assertThat((double) below / samples.size()).as("share of the time below what was delivered%n%s", outline)
                .isLessThan(0.1);
    }

    /** Samples from {@code fromMicros} on while video flows (over 100 kbit/s delivered), not audio alone. */
    private static List<Sample> deliveringVideo(Replay replay, long fromMicros) {
        List<Sample> samples = replay.between(fromMicros, replay.end() + 1).stream()
                .filter(s -> s.deliveredLastSecond() > 100_000).toList();
        assertThat(samples).hasSizeGreaterThan(100);
        return samples;
    }
}
