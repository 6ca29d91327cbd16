package org.parley.sfu.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.parley.sfu.internal.PublishNegotiatorTest.CANDIDATE;
import static org.parley.sfu.internal.PublishNegotiatorTest.CERTIFICATE;
import static org.parley.sfu.internal.PublishNegotiatorTest.parseSdp;
import static org.parley.sfu.internal.SubscribeNegotiatorTest.OPUS;
import static org.parley.sfu.internal.SubscribeNegotiatorTest.VP8;
import static org.parley.sfu.internal.SubscribeNegotiatorTest.answerTo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.api.signaling.SignalingException;
import org.parley.webrtc.sdp.Direction;
import org.parley.webrtc.sdp.MediaDescription;
import org.parley.webrtc.sdp.Msid;
import org.parley.webrtc.sdp.SessionDescription;

class SubscriptionTest {
    private MediaCounters counters;
    private MediaParticipant alice;
    private MediaTransport alicePublish;
    private MediaTransport bobSubscribe;
    private final List<Map<String, Object>> sent = new ArrayList<>();
    private Subscription subscription;

    @BeforeEach
    void setUp() {
        TransportRegistry registry = new TransportRegistry();
        counters = new MediaCounters();
        alice = new MediaParticipant("alice", "meeting-1");
        MediaParticipant bob = new MediaParticipant("bob", "meeting-1");
        alicePublish = PublishNegotiatorTest.transport("publish-1", MediaTransport.Direction.PUBLISH, alice, registry,
                counters);
        bobSubscribe = PublishNegotiatorTest.transport("subscribe-2", MediaTransport.Direction.SUBSCRIBE, bob,
                registry, counters);
        subscription = new Subscription(bob, bobSubscribe, new SubscribeNegotiator(CERTIFICATE, CANDIDATE), sent::add);
        bob.setSubscription(subscription);
    }

    private PublishedTrack audio(String source) {
        return SubscribeNegotiatorTest.track(alice, alicePublish, "0", "audio", source, OPUS, counters);
    }

    private PublishedTrack video(String source) {
        return SubscribeNegotiatorTest.track(alice, alicePublish, "1", "video", source, VP8, counters);
    }

    private Map<String, Object> lastOffer() {
        assertThat(sent).isNotEmpty();
        return sent.get(sent.size() - 1);
    }

    private static String sdp(Map<String, Object> offer) {
        return (String) offer.get("sdp");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> tracks(Map<String, Object> offer) {
        return (List<Map<String, Object>>) offer.get("tracks");
    }

    private void answerLast() throws SignalingException {
        subscription.onAnswer(answerTo(sdp(lastOffer()), "bR0w", true));
    }

    private static MediaDescription mline(Map<String, Object> offer, String mid) {
        return parseSdp(sdp(offer)).mediaByMid(mid).orElseThrow(() -> new AssertionError("no m-line " + mid));
    }

    @Test
    void nothingIsOfferedBeforeThereIsATrack() {
        subscription.flush();
        assertThat(sent).isEmpty();
    }

    @Test
    void twoTracksAddedThenFlushedGoOutInOneOffer() {
        PublishedTrack mic = audio("microphone");
        PublishedTrack cam = video("camera");
        subscription.add(mic);
        subscription.add(cam);
        subscription.add(cam); // the same track twice is one slot
        assertThat(sent).as("changes wait for flush").isEmpty();

        subscription.flush();
        assertThat(sent).hasSize(1);
        Map<String, Object> offer = sent.get(0);
        assertThat(offer).containsEntry("type", "offer").containsEntry("connection", "subscribe")
                .containsEntry("revision", 1L);
        assertThat(tracks(offer)).extracting(t -> t.get("mid"), t -> t.get("participantId"), t -> t.get("kind"),
                t -> t.get("source"), t -> t.get("trackId")).containsExactly(
                        tuple("0", "alice", "audio", "microphone", mic.id), tuple("1", "alice", "video", "camera", cam.id));
        SessionDescription parsed = parseSdp(sdp(offer));
        assertThat(parsed.media()).hasSize(2);
        assertThat(parsed.media()).allSatisfy(m -> assertThat(m.directionAttribute()).contains(Direction.SENDONLY));
        assertThat(mline(offer, "1").msid()).contains(new Msid("alice-camera", cam.id));

        subscription.flush();
        assertThat(sent).as("nothing changed: no second offer").hasSize(1);
    }

    @Test
    void oneOfferAtATimeTheNextAfterTheAnswer() throws Exception {
        PublishedTrack mic = audio("microphone");
        PublishedTrack cam = video("camera");
        subscription.add(mic);
        subscription.add(cam);
        subscription.flush();
        assertThat(mic.subscriberCount()).as("nothing forwarded before the answer").isZero();

        PublishedTrack screen = video("screen");
        subscription.add(screen);
        subscription.flush();
        assertThat(sent).as("awaiting the answer: nothing more is sent").hasSize(1);

        answerLast();
        assertThat(mic.subscriberCount()).isEqualTo(1);
        assertThat(cam.subscriberCount()).isEqualTo(1);
        assertThat(screen.subscriberCount()).as("not in the answered offer").isZero();
        assertThat(subscription.receivedTracks()).isEqualTo(2);
        assertThat(bobSubscribe.remoteUfrag()).isEqualTo("bR0w");

        assertThat(sent).as("the answer lets the waiting change go out").hasSize(2);
        Map<String, Object> second = sent.get(1);
        assertThat(second).containsEntry("revision", 2L);
        assertThat(tracks(second)).extracting(t -> t.get("trackId")).containsExactly(mic.id, cam.id, screen.id);
        assertThat(parseSdp(sdp(second)).origin().sessionVersion()).isEqualTo(2);

        answerLast();
        assertThat(screen.subscriberCount()).isEqualTo(1);
        assertThat(cam.subscriberCount()).as("attached once, not again").isEqualTo(1);
        assertThat(subscription.receivedTracks()).isEqualTo(3);
        assertThat(sent).hasSize(2);
    }

    @Test
    void theAnswerDecidesWhetherRetransmissionsUseRtx() throws Exception {
        PublishedTrack cam = video("camera");
        subscription.add(cam);
        subscription.flush();
        subscription.onAnswer(answerTo(sdp(lastOffer()), "bR0w", false));
        assertThat(subscription.downTrackBySsrc(cam.outSsrc).rtxPayloadType).isEqualTo(-1);

        PublishedTrack screen = video("screen");
        subscription.add(screen);
        subscription.flush();
        answerLast();
        assertThat(subscription.downTrackBySsrc(screen.outSsrc).rtxPayloadType).isEqualTo(97);
        assertThat(subscription.downTrackBySsrc(screen.outRtxSsrc)).isSameAs(subscription.downTrackBySsrc(screen.outSsrc));
    }

    @Test
    void removingATrackDetachesAtOnceAndTheNextOfferShowsTheSlotInactive() throws Exception {
        PublishedTrack mic = audio("microphone");
        PublishedTrack cam = video("camera");
        subscription.add(mic);
        subscription.add(cam);
        subscription.flush();
        answerLast();
        assertThat(cam.subscriberCount()).isEqualTo(1);

        subscription.remove(cam);
        assertThat(cam.subscriberCount()).as("detached before any renegotiation").isZero();
        assertThat(subscription.downTrackBySsrc(cam.outSsrc)).isNull();
        assertThat(subscription.receivedTracks()).isEqualTo(1);
        assertThat(sent).hasSize(1);

        subscription.flush();
        Map<String, Object> offer = lastOffer();
        assertThat(sent).hasSize(2);
        assertThat(tracks(offer)).extracting(t -> t.get("trackId")).containsExactly(mic.id);
        MediaDescription slot = mline(offer, "1");
        assertThat(slot.directionAttribute()).contains(Direction.INACTIVE);
        assertThat(slot.msid()).isEmpty();
        assertThat(slot.ssrcs()).isEmpty();
        assertThat(mline(offer, "0").directionAttribute()).contains(Direction.SENDONLY);
        answerLast();
        assertThat(cam.subscriberCount()).isZero();
        assertThat(mic.subscriberCount()).isEqualTo(1);
    }

    @Test
    void aLaterTrackOfTheSameKindReusesTheFreedSlot() throws Exception {
        PublishedTrack mic = audio("microphone");
        PublishedTrack cam = video("camera");
        subscription.add(mic);
        subscription.add(cam);
        subscription.flush();
        answerLast();
        subscription.remove(cam);
        subscription.flush();
        answerLast();

        PublishedTrack screen = video("screen");
        subscription.add(screen);
        subscription.flush();
        Map<String, Object> offer = lastOffer();
        assertThat(tracks(offer)).extracting(t -> t.get("mid"), t -> t.get("trackId"))
                .containsExactly(tuple("0", mic.id), tuple("1", screen.id));
        SessionDescription parsed = parseSdp(sdp(offer));
        assertThat(parsed.media()).as("the session does not grow").hasSize(2);
        MediaDescription slot = mline(offer, "1");
        assertThat(slot.directionAttribute()).contains(Direction.SENDONLY);
        assertThat(slot.msid()).contains(new Msid("alice-screen", screen.id));

        answerLast();
        assertThat(screen.subscriberCount()).isEqualTo(1);
        assertThat(cam.subscriberCount()).isZero();

        // an audio track does not take a video slot
        subscription.remove(screen);
        subscription.flush();
        answerLast();
        PublishedTrack second = audio("microphone");
        subscription.add(second);
        subscription.flush();
        assertThat(tracks(lastOffer())).extracting(t -> t.get("mid"), t -> t.get("kind"))
                .contains(tuple("2", "audio"));
        assertThat(parseSdp(sdp(lastOffer())).media()).extracting(MediaDescription::kind)
                .containsExactly("audio", "video", "audio");
    }

    @Test
    void aSlotOfferedInactiveCanBeReusedBeforeThatOfferIsAnswered() throws Exception {
        PublishedTrack cam = video("camera");
        subscription.add(cam);
        subscription.flush();
        answerLast();
        subscription.remove(cam);
        subscription.flush(); // offer 2: mid 0 inactive
        PublishedTrack screen = video("screen");
        subscription.add(screen);
        subscription.flush();
        assertThat(sent).hasSize(2);

        answerLast();
        assertThat(screen.subscriberCount()).as("offer 2 did not carry it").isZero();
        Map<String, Object> third = lastOffer();
        assertThat(sent).hasSize(3);
        assertThat(tracks(third)).extracting(t -> t.get("mid"), t -> t.get("trackId"))
                .containsExactly(tuple("0", screen.id));
        assertThat(parseSdp(sdp(third)).media()).hasSize(1);
        answerLast();
        assertThat(screen.subscriberCount()).isEqualTo(1);
        assertThat(subscription.downTrackBySsrc(screen.outSsrc).mid).isEqualTo("0");
    }

    @Test
    void aTrackRemovedWhileItsOfferIsOutIsNeverAttached() throws Exception {
        PublishedTrack cam = video("camera");
        subscription.add(cam);
        subscription.flush();
        subscription.remove(cam);
        answerLast();
        assertThat(cam.subscriberCount()).isZero();
        assertThat(subscription.receivedTracks()).isZero();
        assertThat(sent).as("the removal goes out after the answer").hasSize(2);
        assertThat(mline(lastOffer(), "0").directionAttribute()).contains(Direction.INACTIVE);
    }

    @Test
    void anAnswerWithoutAPendingOfferIsUnexpected() throws Exception {
        assertThatThrownBy(() -> subscription.onAnswer(SubscribeNegotiatorTest.CHROME_ANSWER))
                .isInstanceOfSatisfying(SignalingException.class,
                        e -> assertThat(e.code()).isEqualTo("unexpected-answer"));

        subscription.add(audio("microphone"));
        subscription.flush();
        String answer = answerTo(sdp(lastOffer()), "bR0w", true);
        subscription.onAnswer(answer);
        assertThatThrownBy(() -> subscription.onAnswer(answer)).isInstanceOfSatisfying(SignalingException.class,
                e -> assertThat(e.code()).isEqualTo("unexpected-answer"));
    }

    @Test
    void closeDetachesEverything() throws Exception {
        PublishedTrack mic = audio("microphone");
        PublishedTrack cam = video("camera");
        subscription.add(mic);
        subscription.add(cam);
        subscription.flush();
        answerLast();
        subscription.close();
        assertThat(mic.subscriberCount()).isZero();
        assertThat(cam.subscriberCount()).isZero();
        assertThat(subscription.receivedTracks()).isZero();
    }

    @Test
    void aRefusedAnswerIsFollowedByAFreshOffer() throws Exception {
        PublishedTrack cam = video("camera");
        subscription.add(cam);
        subscription.flush();
        assertThat(sent).hasSize(1);
        assertThatThrownBy(() -> subscription.onAnswer("v=0\r\nnot an answer"))
                .isInstanceOf(SignalingException.class);
        assertThat(sent).as("the SFU offers again instead of waiting forever").hasSize(2);
        answerLast();
        assertThat(cam.subscriberCount()).isEqualTo(1);
    }

    @Test
    void anMLineTheBrowserRejectsIsNotForwarded() throws Exception {
        PublishedTrack mic = audio("microphone");
        PublishedTrack cam = video("camera");
        subscription.add(mic);
        subscription.add(cam);
        subscription.flush();
        String answer = answerTo(sdp(lastOffer()), "bR0w", true);
        // the browser rejects the video m-line (port 0), as it may for a codec it cannot decode
        String rejected = answer.replaceFirst("m=video \\d+", "m=video 0");
        assertThat(rejected).isNotEqualTo(answer);
        subscription.onAnswer(rejected);
        assertThat(mic.subscriberCount()).isEqualTo(1);
        assertThat(cam.subscriberCount()).isZero();
    }
}
