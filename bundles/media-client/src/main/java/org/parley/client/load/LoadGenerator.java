package org.parley.client.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.parley.client.PeerOptions;
import org.parley.client.SyntheticAudioSource;
import org.parley.client.internal.ClientThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link LoadShape} against a {@link ConferenceTarget}: creates the rooms, joins the participants spread
 * over the ramp-up, lets the publishers send synthetic audio and video while everyone receives, reports each
 * second, and after the duration closes everything and returns the figures. Publishers also receive (they see
 * each other); subscribers only receive. The report holds the shape's computed forwarding bound
 * ({@link ForwardingBound}, for the node's {@link ServerRules}) beside the forwarded rate the node measured
 * in the steady state, and, with a {@link SpeakingPattern} of turns, whether every receive-only participant
 * heard each turn's speakers.
 */
public final class LoadGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(LoadGenerator.class);
    /** Joins in flight at once: each blocks a thread on REST and signaling round trips. */
    private static final int JOIN_THREADS = 8;
    /** After the media stops, time for the last packets to pass the server before its counters are read. */
    private static final long DRAIN_MILLIS = 300;
    /** After the ramp-up, time for the SFU's speaker and last-N rules and the joins' keyframes to settle. */
    static final long SETTLE_NANOS = 5_000_000_000L;

    private final ConferenceTarget target;
    private final LoadShape shape;
    private final PeerOptions peerOptions;
    private final Consumer<ProgressSample> progress;
    private final ServerRules rules;

    /**
     * @param peerOptions where the media sockets bind (loopback by default) and how they connect
     * @param progress called once a second with the last second's figures (on a timer thread)
     */
    public LoadGenerator(ConferenceTarget target, LoadShape shape, PeerOptions peerOptions,
            Consumer<ProgressSample> progress) {
        this(target, shape, peerOptions, progress, ServerRules.DEFAULTS);
    }

    /** @param rules what the node's SFU settings are assumed to be, for the forwarding bound */
    public LoadGenerator(ConferenceTarget target, LoadShape shape, PeerOptions peerOptions,
            Consumer<ProgressSample> progress, ServerRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.target = Objects.requireNonNull(target, "target");
        this.shape = Objects.requireNonNull(shape, "shape");
        this.peerOptions = Objects.requireNonNull(peerOptions, "peerOptions");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** Runs the load for its duration; the target stays open (the caller closes it). */
    public LoadReport run() throws Exception {
        LoadCounters counters = new LoadCounters();
        List<String> rooms = new ArrayList<>();
        for (int m = 0; m < shape.meetings(); m++) {
            rooms.add(target.createRoom("Load test " + (m + 1)));
        }
        List<SimulatedParticipant> participants = new ArrayList<>();
        long start = System.nanoTime();
        for (int m = 0; m < shape.meetings(); m++) {
            for (int i = 0; i < shape.participantsPerMeeting(); i++) {
                boolean publisher = i < shape.publishersPerMeeting();
                String name = String.format("m%d-%s%d", m + 1, publisher ? "pub" : "sub",
                        publisher ? i + 1 : i - shape.publishersPerMeeting() + 1);
                participants.add(new SimulatedParticipant(name, m, publisher, i, start, shape, peerOptions,
                        counters));
            }
        }
        // Interleave the meetings, so that during the ramp-up every meeting grows alike.
        List<SimulatedParticipant> joinOrder = new ArrayList<>();
        for (int i = 0; i < shape.participantsPerMeeting(); i++) {
            for (int m = 0; m < shape.meetings(); m++) {
                joinOrder.add(participants.get(m * shape.participantsPerMeeting() + i));
            }
        }

        ScheduledThreadPoolExecutor joins = new ScheduledThreadPoolExecutor(JOIN_THREADS,
                ClientThreads.daemon("parley-load-join"));
        ScheduledExecutorService ticker = new ScheduledThreadPoolExecutor(1, ClientThreads.daemon("parley-load-tick"));
        List<ProgressSample> seconds = new ArrayList<>();
        double cpuStart = value(target.serverCpuSeconds());
        double forwardedStart = value(target.serverForwardedPackets());
        double generatorCpuStart = generatorCpuSeconds();
        AtomicInteger failed = new AtomicInteger();
        try {
            long spacingNanos = joinOrder.size() <= 1 ? 0 : shape.rampUp().toNanos() / joinOrder.size();
            for (int i = 0; i < joinOrder.size(); i++) {
                SimulatedParticipant p = joinOrder.get(i);
                String room = rooms.get(p.meeting());
                joins.schedule(() -> {
                    try {
                        p.start(target, room);
                    } catch (Exception e) {
                        failed.incrementAndGet();
                        LOG.warn("Participant failed to join: {}", e.toString());
                    }
                }, i * spacingNanos, TimeUnit.NANOSECONDS);
            }
            Second tick = new Second(target, participants, counters, failed, cpuStart, forwardedStart, start);
            ScheduledFuture<?> ticking = ticker.scheduleAtFixedRate(() -> {
                try {
                    ProgressSample sample = tick.next();
                    synchronized (seconds) {
                        seconds.add(sample);
                    }
                    progress.accept(sample);
                } catch (RuntimeException e) {
                    LOG.warn("Progress failed", e);
                }
            }, 1, 1, TimeUnit.SECONDS);
            long end = start + shape.duration().toNanos();
            long left;
            while ((left = end - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.sleep(Math.min(left, 200_000_000L));
            }
            ticking.cancel(false);
            long sendingStopped = System.nanoTime();
            // Joins still waiting for their turn are dropped; the ones under way get a few seconds.
            joins.shutdownNow();
            joins.awaitTermination(10, TimeUnit.SECONDS);
            double elapsed = (System.nanoTime() - start) / 1e9;
            // The media stops before the server's counters are read, so that CPU time and forwarded packets
            // cover the same traffic even when a reading takes a while (Janus's admin API: seconds of requests,
            // during which it would forward packets the CPU reading before it did not pay for).
            for (SimulatedParticipant p : participants) {
                p.stopSending();
            }
            TimeUnit.MILLISECONDS.sleep(DRAIN_MILLIS);
            double cpu = value(target.serverCpuSeconds()) - cpuStart;
            double forwarded = value(target.serverForwardedPackets()) - forwardedStart;
            double generatorCpu = generatorCpuSeconds() - generatorCpuStart;
            double rss = value(target.serverResidentBytes());
            List<ProgressSample> copy;
            synchronized (seconds) {
                copy = List.copyOf(seconds);
            }
            LoadReport.Steady steady = tick.steady(start + shape.rampUp().toNanos() + SETTLE_NANOS);
            LoadReport.Hearing hearing = hearing(participants, sendingStopped);
            return report(participants, counters, failed.get(), elapsed, cpu, forwarded, copy, steady, hearing,
                    generatorCpu, Math.max(rss, tick.peakRss));
        } finally {
            joins.shutdownNow();
            ticker.shutdownNow();
            for (SimulatedParticipant p : participants) {
                p.stopping();
            }
            for (SimulatedParticipant p : participants) {
                p.close();
            }
        }
    }

    private static double value(OptionalDouble v) {
        return v.isPresent() ? v.getAsDouble() : Double.NaN;
    }

    /** This JVM's CPU time so far (all threads: receiving, DTLS, signaling, sending). */
    static double generatorCpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    /**
     * Whether each receive-only participant heard the speakers: for every turn of the speaking pattern that
     * began after its first media packet and ended before the media stopped, it must have received at least
     * half the packets each of that turn's speakers sent from {@link SpeakingPattern#HEARING_DELAY} into the
     * turn to its end (a speaker counts when its media flowed before the turn began). Empty for
     * {@link SpeakingPattern#EVERYONE}.
     */
    private LoadReport.Hearing hearing(List<SimulatedParticipant> participants, long sendingStopped) {
        SpeakingPattern pattern = shape.speaking();
        if (pattern.everyone()) {
            return LoadReport.Hearing.NONE;
        }
        long turnNanos = pattern.turn().toNanos();
        long start = participants.isEmpty() ? 0 : participants.get(0).startNanos();
        int expected = (int) ((turnNanos - SpeakingPattern.HEARING_DELAY.toNanos())
                / (SyntheticAudioSource.PACKET_INTERVAL_MILLIS * 1_000_000L));
        int checked = 0;
        int heardAll = 0;
        long turnsChecked = 0;
        long turnsMissed = 0;
        List<String> misses = new ArrayList<>();
        int publishers = shape.publishersPerMeeting();
        for (SimulatedParticipant r : participants) {
            long first = r.firstMediaNanos();
            if (r.publisher() || first == 0) {
                continue;
            }
            boolean all = true;
            long checks = 0;
            for (long k = pattern.turnOf(first - start) + 1; start + (k + 1) * turnNanos <= sendingStopped; k++) {
                long turnStart = start + k * turnNanos;
                for (SimulatedParticipant p : participants) {
                    if (!p.publisher() || p.meeting() != r.meeting() || !pattern.speaksIn(p.index(), publishers, k)
                            || p.sendingSinceNanos() == 0 || p.sendingSinceNanos() > turnStart) {
                        continue;
                    }
                    checks++;
                    int got = r.heard().heard(p.participantId(), k);
                    if (2 * got < expected) {
                        all = false;
                        turnsMissed++;
                        if (misses.size() < 20) {
                            misses.add(r.name() + " turn " + k + " " + p.name() + ": " + got + " of " + expected);
                        }
                    }
                }
            }
            if (checks > 0) {
                checked++;
                turnsChecked += checks;
                heardAll += all ? 1 : 0;
            }
        }
        return new LoadReport.Hearing(checked, heardAll, turnsChecked, turnsMissed, misses);
    }

    /** Computes each second's figures from the totals so far and those of the second before. */
    private static final class Second {
        private final ConferenceTarget target;
        private final List<SimulatedParticipant> participants;
        private final LoadCounters counters;
        private final AtomicInteger failed;
        private final long start;
        private long sent;
        private long received;
        private long bytesSent;
        private long bytesReceived;
        private double cpu;
        private double forwarded;
        private long lastNanos;
        /** Each tick's time and the node's forwarded total then: the steady-state window comes from them. */
        private final List<double[]> readings = new ArrayList<>();
        volatile double peakRss = Double.NaN;

        Second(ConferenceTarget target, List<SimulatedParticipant> participants, LoadCounters counters,
                AtomicInteger failed, double cpu, double forwarded, long start) {
            this.target = target;
            this.participants = participants;
            this.counters = counters;
            this.failed = failed;
            this.cpu = cpu;
            this.forwarded = forwarded;
            this.start = start;
            this.lastNanos = start;
        }

        ProgressSample next() {
            long now = System.nanoTime();
            double interval = Math.max(1e-3, (now - lastNanos) / 1e9);
            lastNanos = now;
            int joined = 0;
            int receiving = 0;
            long packets = 0;
            long lost = 0;
            for (SimulatedParticipant p : participants) {
                joined += p.joined() ? 1 : 0;
                receiving += p.receivingMedia() ? 1 : 0;
                for (ReceivedStream s : p.streams()) {
                    packets += s.packets();
                    lost += s.lost();
                }
            }
            long sentNow = counters.packetsSent.sum();
            long receivedNow = counters.packetsReceived.sum();
            long bytesSentNow = counters.bytesSent.sum();
            long bytesReceivedNow = counters.bytesReceived.sum();
            LatencyHistogram delays = counters.takeSecond();
            double cpuNow = value(target.serverCpuSeconds());
            double forwardedNow = target.serverForwardedPacketsCheap() ? value(target.serverForwardedPackets())
                    : Double.NaN;
            double rss = value(target.serverResidentBytes());
            if (!Double.isNaN(rss) && !(rss <= peakRss)) {
                peakRss = rss;
            }
            if (!Double.isNaN(forwardedNow)) {
                synchronized (readings) {
                    readings.add(new double[] { now, forwardedNow });
                }
            }
            ProgressSample sample = new ProgressSample((int) Math.round((now - start) / 1e9), joined, receiving,
                    failed.get(), sentNow - sent, receivedNow - received, bytesSentNow - bytesSent,
                    bytesReceivedNow - bytesReceived, LoadReport.lossPercent(packets, lost),
                    delays.percentileMillis(50), delays.percentileMillis(99), 100 * (cpuNow - cpu) / interval,
                    (forwardedNow - forwarded) / interval);
            sent = sentNow;
            received = receivedNow;
            bytesSent = bytesSentNow;
            bytesReceived = bytesReceivedNow;
            cpu = cpuNow;
            forwarded = forwardedNow;
            return sample;
        }

        /** Forwarded packets from the first reading at or after {@code fromNanos} to the last one. */
        LoadReport.Steady steady(long fromNanos) {
            synchronized (readings) {
                double[] first = null;
                for (double[] r : readings) {
                    if (r[0] >= fromNanos) {
                        first = r;
                        break;
                    }
                }
                double[] last = readings.isEmpty() ? null : readings.get(readings.size() - 1);
                if (first == null || last == first) {
                    return LoadReport.Steady.NONE;
                }
                return new LoadReport.Steady((first[0] - start) / 1e9, (last[0] - start) / 1e9, last[1] - first[1]);
            }
        }
    }

    private LoadReport report(List<SimulatedParticipant> participants, LoadCounters counters, int failed,
            double elapsed, double cpu, double forwarded, List<ProgressSample> seconds, LoadReport.Steady steady,
            LoadReport.Hearing hearing, double generatorCpu, double serverRss) {
        List<ParticipantResult> results = new ArrayList<>();
        LatencyHistogram joinTimes = new LatencyHistogram();
        int joined = 0;
        int receiving = 0;
        int complete = 0;
        int resubscribed = 0;
        long lost = 0;
        for (SimulatedParticipant p : participants) {
            List<String> expected = new ArrayList<>();
            for (SimulatedParticipant other : participants) {
                if (other != p && other.publisher() && other.meeting() == p.meeting() && other.joined()) {
                    expected.add(other.participantId());
                }
            }
            ParticipantResult result = p.result(expected);
            results.add(result);
            joined += p.joined() ? 1 : 0;
            if (result.joinMillis() >= 0) {
                receiving++;
                joinTimes.record((long) (result.joinMillis() * 1e6));
            }
            if (p.joined() && result.receivedFromAll(shape.video())) {
                complete++;
            }
            lost += result.lost();
            resubscribed += p.resubscriptions();
        }
        return new LoadReport(target.name(), shape, elapsed, participants.size(), joined, receiving, failed,
                complete, joinTimes.percentileMillis(50), joinTimes.percentileMillis(99), counters.packetsSent.sum(),
                counters.bytesSent.sum(), counters.packetsReceived.sum(), counters.bytesReceived.sum(), lost,
                counters.delays.percentileMillis(50), counters.delays.percentileMillis(99), cpu, forwarded, seconds,
                results, ForwardingBound.of(shape, rules), steady, hearing, generatorCpu, serverRss, resubscribed);
    }
}
