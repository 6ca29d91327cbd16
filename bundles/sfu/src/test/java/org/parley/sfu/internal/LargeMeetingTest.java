package org.parley.sfu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parley.api.media.SessionDescription;
import org.parley.api.metrics.MetricSink;
import org.parley.api.room.Participant;
import org.parley.client.MediaClientPeer;
import org.parley.client.SyntheticVideoSource;
import org.parley.webrtc.rtp.RtpPacket;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A meeting made large by a threshold of 0, with three real publishers (synthetic media through the real
 * port) and one receiver: Alice speaks, Bob and Carol are silent. With top-1 audio and last-1 video the
 * receiver ends up with Alice's microphone and camera only.
 */
class LargeMeetingTest {
    private static final String MEETING = "large";
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final AtomicBoolean sending = new AtomicBoolean(true);
    private SfuRig rig;

    @AfterEach
    void close() throws Exception {
        sending.set(false);
        for (AutoCloseable c : closing) {
            c.close();
        }
        if (rig != null) {
            rig.close();
        }
    }

    /** An Opus-like packet with only the audio-level extension (id 1): level 0 loudest .. 127 silent. */
    private static int audioPacket(byte[] buf, long ssrc, int sequence, int level) {
        int at = RtpPacket.writeHeader(buf, 0, MediaClientPeer.OPUS_PAYLOAD_TYPE, sequence & 0xffff,
                (sequence * 960L) & 0xffffffffL, ssrc, false);
        buf[0] |= 0x10;
        buf[at] = (byte) 0xBE;
        buf[at + 1] = (byte) 0xDE;
        buf[at + 2] = 0;
        buf[at + 3] = 1;
        buf[at + 4] = (byte) (MediaClientPeer.AUDIO_LEVEL_ID << 4);
        buf[at + 5] = (byte) level;
        buf[at + 6] = 0;
        buf[at + 7] = 0;
        at += 8;
        for (int i = 0; i < 40; i++) {
            buf[at++] = (byte) (0xF8 + i);
        }
        return at;
    }

    /** Every 20 ms an audio packet from each publisher, and a video frame every 100 ms (a keyframe each second). */
    private void sendContinuously(Map<MediaClientPeer, Integer> levels) {
        Thread sender = new Thread(() -> {
            Map<MediaClientPeer, SyntheticVideoSource> videos = new ConcurrentHashMap<>();
            byte[] buf = new byte[256];
            int sequence = 1000;
            while (sending.get()) {
                for (Map.Entry<MediaClientPeer, Integer> entry : levels.entrySet()) {
                    MediaClientPeer peer = entry.getKey();
                    int len = audioPacket(buf, peer.audioSsrc(), sequence, entry.getValue());
                    peer.sendRtp(buf, 0, len);
                    if (sequence % 5 == 0) {
                        SyntheticVideoSource video = videos.computeIfAbsent(peer,
                                p -> SyntheticVideoSource.forPublisher(p, 10));
                        for (byte[] packet : video.nextFrame(sequence % 50 == 0, System.nanoTime())) {
                            peer.sendRtp(packet, 0, packet.length);
                        }
                    }
                }
                sequence++;
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "large-meeting-sender");
        sender.setDaemon(true);
        sender.start();
    }

    private double gauge(String metric, Map<String, String> labels) {
        double[] value = { -1 };
        rig.server.collect(new MetricSink() {
            @Override
            public void counter(String name, String help, Map<String, String> l, double v) {
            }

            @Override
            public void gauge(String name, String help, Map<String, String> l, double v) {
                if (name.equals(metric) && l.equals(labels)) {
                    value[0] = v;
                }
            }
        });
        return value[0];
    }

    @Test
    void theReceiverGetsOnlyTheDominantSpeakersAudioAndVideoOnceTheMeetingIsLarge() throws Exception {
        rig = new SfuRig(Map.of("large_meeting_threshold", 0, "top_n_audio", 1, "last_n", 1, "dynacast", false));
        Participant alice = SfuRig.participant(MEETING, "alice");
        Participant bob = SfuRig.participant(MEETING, "bob");
        Participant carol = SfuRig.participant(MEETING, "carol");
        Participant dave = SfuRig.participant(MEETING, "dave");
        MediaClientPeer alicePeer = rig.publish(alice);
        MediaClientPeer bobPeer = rig.publish(bob);
        MediaClientPeer carolPeer = rig.publish(carol);
        closing.addAll(List.of(alicePeer, bobPeer, carolPeer));

        MediaClientPeer davePeer = MediaClientPeer.open();
        closing.add(davePeer);
        Map<Long, AtomicLong> received = new ConcurrentHashMap<>();
        davePeer.addListener(new MediaClientPeer.Listener() {
            @Override
            public void onRtp(byte[] packet, int length) {
                received.computeIfAbsent(RtpPacket.ssrc(packet, 0), s -> new AtomicLong()).incrementAndGet();
            }
        });
        rig.server.onMessage(rig.rooms.session(dave), new ObjectMapper().readTree("{\"type\":\"subscribe\"}"));
        Map<String, Object> offer = rig.answerNextOffer(dave, davePeer);
        davePeer.connect().get(SfuRig.CONNECT.toMillis(), TimeUnit.MILLISECONDS);
        SfuRig.await("dave's subscribe transport", SfuRig.CONNECT,
                () -> rig.server.isConnected(MEETING, "dave", MediaTransport.Direction.SUBSCRIBE));
        Map<String, Long> audioSsrc = new ConcurrentHashMap<>();
        Map<String, Long> videoSsrc = new ConcurrentHashMap<>();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> tracks = (List<Map<String, Object>>) offer.get("tracks");
        assertThat(tracks).hasSize(6);
        for (Map<String, Object> track : tracks) {
            long ssrc = davePeer.remoteTrack((String) track.get("mid")).orElseThrow().ssrc();
            ("audio".equals(track.get("kind")) ? audioSsrc : videoSsrc).put((String) track.get("participantId"), ssrc);
        }

        sendContinuously(Map.of(alicePeer, 25, bobPeer, 127, carolPeer, 127));

        Map<String, Object> dominant = rig.rooms.poll(SfuRig.RecordingRooms.broadcastQueue(MEETING),
                "dominant-speaker", Duration.ofSeconds(10)).orElseThrow();
        assertThat(dominant.get("participantId")).isEqualTo("alice");
        assertThat(dominant.get("speakers")).isEqualTo(List.of("alice"));
        SfuRig.await("top-N and last-N applied", Duration.ofSeconds(10),
                () -> rig.counter("parley_sfu_top_n_audio_dropped_total") > 0
                        && gauge("parley_sfu_last_n_videos", Map.of("state", "paused")) == 2
                        && gauge("parley_sfu_top_n_audio_paused_tracks", Map.of()) == 2);
        assertThat(gauge("parley_sfu_last_n_videos", Map.of("state", "forwarded"))).isEqualTo(1);
        assertThat(rig.counter("parley_sfu_dominant_speaker_changes_total")).isEqualTo(1);

        // Whatever was in flight when the limits applied has arrived once Alice's audio has moved on a while.
        long aliceAudio = count(received, audioSsrc.get("alice"));
        SfuRig.await("more of alice's audio", Duration.ofSeconds(10),
                () -> count(received, audioSsrc.get("alice")) > aliceAudio + 10);
        long bobAudio = count(received, audioSsrc.get("bob"));
        long carolAudio = count(received, audioSsrc.get("carol"));
        long bobVideo = count(received, videoSsrc.get("bob"));
        long carolVideo = count(received, videoSsrc.get("carol"));
        long aliceVideo = count(received, videoSsrc.get("alice"));
        long aliceAudioNow = count(received, audioSsrc.get("alice"));
        SfuRig.await("alice's audio and video keep coming", Duration.ofSeconds(10),
                () -> count(received, audioSsrc.get("alice")) > aliceAudioNow + 50
                        && count(received, videoSsrc.get("alice")) > aliceVideo);
        assertThat(count(received, audioSsrc.get("bob"))).as("bob's silent microphone: not top-1").isEqualTo(bobAudio);
        assertThat(count(received, audioSsrc.get("carol"))).isEqualTo(carolAudio);
        assertThat(count(received, videoSsrc.get("bob"))).as("bob's camera: not last-1").isEqualTo(bobVideo);
        assertThat(count(received, videoSsrc.get("carol"))).isEqualTo(carolVideo);
        assertThat(rig.server.videosFor(MEETING, "dave")).hasSize(1);
    }

    private static long count(Map<Long, AtomicLong> received, long ssrc) {
        AtomicLong count = received.get(ssrc);
        return count == null ? 0 : count.get();
    }
}
