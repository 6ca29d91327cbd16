package org.parley.client.load;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** What every participant of one run adds to as packets go out and come in: totals, and delays per second. */
final class LoadCounters {
    final LongAdder packetsSent = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder packetsReceived = new LongAdder();
    final LongAdder bytesReceived = new LongAdder();
    final LatencyHistogram delays = new LatencyHistogram();
    /** The delays of the current second; the progress ticker swaps in a fresh one. */
    final AtomicReference<LatencyHistogram> delaysThisSecond = new AtomicReference<>(new LatencyHistogram());

    void sent(int bytes) {
        packetsSent.increment();
        bytesSent.add(bytes);
    }

    void received(int bytes, long delayNanos, boolean stamped) {
        packetsReceived.increment();
        bytesReceived.add(bytes);
        if (stamped) {
            delays.record(delayNanos);
            delaysThisSecond.get().record(delayNanos);
        }
    }

    LatencyHistogram takeSecond() {
        return delaysThisSecond.getAndSet(new LatencyHistogram());
    }
}
