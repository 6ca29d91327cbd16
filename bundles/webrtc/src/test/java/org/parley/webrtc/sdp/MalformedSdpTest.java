package org.parley.webrtc.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MalformedSdpTest {
    private static final String HEAD = "v=0\no=- 1 1 IN IP4 127.0.0.1\ns=-\nt=0 0\n";
    private static final String AUDIO = "m=audio 9 UDP/TLS/RTP/SAVPF 111\n";

    private static SdpException refused(String sdp) {
        try {
            SessionDescription.parse(sdp);
        } catch (SdpException e) {
            return e;
        }
        return fail("accepted: " + sdp);
    }

    @Test
    void emptyAndBlankAreRefused() {
        assertThat(refused("").getMessage()).isEqualTo("SDP is empty");
        assertThat(refused("\r\n\n  ").line()).isZero();
        assertThatThrownBy(() -> SessionDescription.parse(null)).isInstanceOf(SdpException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // description | sdp (\n written as ~) | line | message part
        "no v=         | o=- 1 1 IN IP4 127.0.0.1~s=-~                 | 1 | SDP must start with v=0",
        "v=1           | v=1~o=- 1 1 IN IP4 127.0.0.1~s=-~             | 1 | only v=0",
        "no o=         | v=0~s=-~t=0 0~                                | 2 | expected o= line",
        "short o=      | v=0~o=- 1 1 IN IP4~s=-~                       | 2 | o= line needs 6 fields",
        "o= id         | v=0~o=- abc 1 IN IP4 127.0.0.1~s=-~           | 2 | session id must be a number",
        "ends early    | v=0~o=- 1 1 IN IP4 127.0.0.1~                 | 0 | ends before its s= line",
        "garbage line  | #HEAD#hello world~                            | 5 | expected <type>=<value>",
        "unknown type  | #HEAD#x=foo~                                  | 5 | unknown line type 'x'",
        "upper type    | #HEAD#A=foo~                                  | 5 | unknown line type 'A'",
        "space before= | #HEAD#a =foo~                                 | 5 | expected <type>=<value>",
        "two o=        | #HEAD#o=- 1 1 IN IP4 127.0.0.1~               | 5 | o= line appears twice",
        "two t=        | #HEAD#t=0 0~                                  | 5 | more than one t=",
        "bad t=        | v=0~o=- 1 1 IN IP4 127.0.0.1~s=-~t=now 0~     | 4 | t= start must be a number",
        "bad c=        | #HEAD#c=IN IP4~                               | 5 | c= line needs 3 fields",
        "bad b=        | #HEAD#b=AS~                                   | 5 | b= line needs",
        "empty a=      | #HEAD#a=~                                     | 5 | attribute name is empty",
        "a= no name    | #HEAD#a=:x~                                   | 5 | attribute name is empty",
        "a= bad name   | #HEAD#a=foo bar~                              | 5 | attribute name",
        "m= 3 fields   | #HEAD#m=audio 9 UDP/TLS/RTP/SAVPF~            | 5 | m= line needs at least 4 fields",
        "m= port text  | #HEAD#m=audio nine UDP/TLS/RTP/SAVPF 111~     | 5 | m= port must be a number",
        "m= port big   | #HEAD#m=audio 70000 UDP/TLS/RTP/SAVPF 111~    | 5 | m= port must be 0..65535",
        "m= port neg   | #HEAD#m=audio -1 UDP/TLS/RTP/SAVPF 111~       | 5 | m= port must be a number",
        "m= bad count  | #HEAD#m=audio 9/0 UDP/TLS/RTP/SAVPF 111~      | 5 | number of ports",
        "m= bad pt     | #HEAD#m=audio 9 UDP/TLS/RTP/SAVPF opus~       | 5 | m= payload type",
        "m= pt 128     | #HEAD#m=audio 9 UDP/TLS/RTP/SAVPF 128~        | 5 | m= payload type must be 0..127",
        "t= in media   | #HEAD##AUDIO#t=0 0~                           | 6 | t= line is not allowed inside a media section",
        "two media c=  | #HEAD##AUDIO#c=IN IP4 0.0.0.0~c=IN IP4 1.1.1.1~ | 7 | two c= lines",
        "rtpmap pt     | #HEAD##AUDIO#a=rtpmap:abc opus/48000/2~       | 6 | rtpmap payload type must be a number",
        "rtpmap pt 300 | #HEAD##AUDIO#a=rtpmap:300 opus/48000/2~       | 6 | rtpmap payload type must be 0..127",
        "rtpmap rate   | #HEAD##AUDIO#a=rtpmap:111 opus~               | 6 | rtpmap needs",
        "rtpmap rate 0 | #HEAD##AUDIO#a=rtpmap:111 opus/0~             | 6 | rtpmap clock rate",
        "rtpmap flag   | #HEAD##AUDIO#a=rtpmap~                        | 6 | a=rtpmap needs a value",
        "fmtp no pt    | #HEAD##AUDIO#a=fmtp:minptime=10~              | 6 | fmtp needs",
        "rtcp-fb empty | #HEAD##AUDIO#a=rtcp-fb:111 ~                  | 6 | rtcp-fb value",
        "extmap id     | #HEAD##AUDIO#a=extmap:abc urn:x~              | 6 | extmap id must be a number",
        "extmap id 0   | #HEAD##AUDIO#a=extmap:0 urn:x~                | 6 | extmap id must be 1..255",
        "extmap no uri | #HEAD##AUDIO#a=extmap:1~                      | 6 | extmap needs <id> <uri>",
        "candidate     | #HEAD##AUDIO#a=candidate:1 1 udp 2122260223 10.0.0.1~ | 6 | candidate needs at least 8 fields",
        "candidate typ | #HEAD##AUDIO#a=candidate:1 1 udp 1 10.0.0.1 9 type host~ | 6 | 'typ'",
        "fingerprint   | #HEAD##AUDIO#a=fingerprint:sha-256~           | 6 | fingerprint needs",
        "setup         | #HEAD##AUDIO#a=setup:sometimes~               | 6 | setup must be",
        "ssrc          | #HEAD##AUDIO#a=ssrc:12x cname:a~              | 6 | ssrc must be a number",
        "ssrc-group    | #HEAD##AUDIO#a=ssrc-group:FID~                | 6 | ssrc-group needs",
        "rid           | #HEAD##AUDIO#a=rid:q sideways~                | 6 | rid direction must be send or recv",
        "simulcast     | #HEAD##AUDIO#a=simulcast:send~                | 6 | simulcast needs",
        "msid          | #HEAD##AUDIO#a=msid:~                         | 6 | msid needs",
        "mid empty     | #HEAD##AUDIO#a=mid:~                          | 6 | mid is missing",
        "sctp-port     | #HEAD##AUDIO#a=sctp-port:big~                 | 6 | sctp-port must be a number",
        "group         | #HEAD#a=group:~                               | 5 | group needs a semantics",
        "stray CR      | #HEAD#a=x-foo:a\rb~                          | 5 | stray CR",
    })
    void refusedWithLineAndReason(String description, String sdp, int line, String message) {
        String text = sdp.replace("#HEAD#", HEAD).replace("#AUDIO#", AUDIO).replace("~", "\n").replace("\\r", "\r");
        SdpException e = refused(text);
        assertThat(e.line()).as(description).isEqualTo(line);
        assertThat(e.detail()).as(description).contains(message);
        assertThat(e.getMessage()).as(description).isEqualTo(line > 0 ? "line " + line + ": " + e.detail() : e.detail());
    }

    @Test
    void lineNumbersCountCrLfLinesAndBlankLines() {
        SdpException e = refused("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n\r\ns=-\r\nt=0 0\r\nm=video 9 RTP/AVP\r\n");
        assertThat(e.getMessage()).isEqualTo("line 6: m= line needs at least 4 fields, got 3");
    }

    @Test
    void unknownAttributesAndFlagsAreKeptVerbatim() throws SdpException {
        String text = (HEAD + "a=x-google-flag:conference\n" + AUDIO + "a=rtpmap:111 opus/48000/2\n"
                + "a=x-weird:  spaced : value \na=x-flag\na=x-empty:\n").replace("\n", "\r\n");
        SessionDescription sdp = SessionDescription.parse(text);
        assertThat(sdp.attribute("x-google-flag")).contains(new Attribute("x-google-flag", "conference"));
        MediaDescription m = sdp.media().get(0);
        assertThat(m.attributes()).contains(new Attribute("x-weird", "  spaced : value "), Attribute.flag("x-flag"),
                new Attribute("x-empty", ""));
        assertThat(sdp.write()).isEqualTo(text);
    }

    @Test
    void inputOverTheLimitIsRefusedWithoutReadingIt() {
        StringBuilder sb = new StringBuilder(HEAD + AUDIO);
        while (sb.length() <= 1024 * 1024) {
            sb.append("a=x-padding:0123456789012345678901234567890123456789\r\n");
        }
        SdpException e = refused(sb.toString());
        assertThat(e.line()).isZero();
        assertThat(e.getMessage()).contains("more than the 262144 accepted");
    }

    @Test
    void inputJustUnderTheLimitParses() throws SdpException {
        StringBuilder sb = new StringBuilder(HEAD + AUDIO);
        String pad = "a=x-padding:0123456789012345678901234567890123456789\r\n";
        while (sb.length() + pad.length() <= SessionDescription.MAX_LENGTH) {
            sb.append(pad);
        }
        assertThat(SessionDescription.parse(sb.toString()).media().get(0).attributes()).hasSizeGreaterThan(4000);
        String oneHugeLine = HEAD + "a=x-big:" + "x".repeat(SessionDescription.MAX_LENGTH - HEAD.length() - 20) + "\n";
        assertThat(SessionDescription.parse(oneHugeLine).attributes()).hasSize(1);
    }

    /**
     * Random edits of real offers: whatever comes out, parse either refuses it with an SdpException or accepts it,
     * and then every typed getter works and the written text parses back equal.
     */
    @Test
    void randomMutationsOnlyEverRaiseSdpException() {
        List<String> seeds = List.of(SdpResources.crlf(SdpResources.AUDIO_VIDEO),
                SdpResources.crlf(SdpResources.SIMULCAST), SdpResources.crlf(SdpResources.SCREENSHARE));
        String alphabet = "\r\n =:/;,~*-0123456789av mxco\u0000\u00e9\t";
        Random random = new Random(20240601L);
        int accepted = 0;
        int refused = 0;
        for (int round = 0; round < 3000; round++) {
            StringBuilder text = new StringBuilder(seeds.get(round % seeds.size()));
            int edits = 1 + random.nextInt(8);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(5)) {
                    case 0 -> text.deleteCharAt(at);
                    case 1 -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 2 -> text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 3 -> {
                        int end = Math.min(text.length(), at + random.nextInt(80));
                        text.delete(at, end);
                    }
                    default -> {
                        int from = random.nextInt(text.length());
                        int end = Math.min(text.length(), from + random.nextInt(60));
                        text.insert(at, text.substring(from, end));
                    }
                }
            }
            String input = text.toString();
            SessionDescription sdp;
            try {
                sdp = SessionDescription.parse(input);
            } catch (SdpException expected) {
                refused++;
                continue;
            } catch (RuntimeException bug) {
                throw new AssertionError("round " + round + " threw " + bug + " for:\n" + input, bug);
            }
            accepted++;
            try {
                exerciseGetters(sdp);
                assertThat(SessionDescription.parse(sdp.write())).isEqualTo(sdp);
            } catch (SdpException | RuntimeException bug) {
                throw new AssertionError("round " + round + " accepted but then failed with " + bug + " for:\n"
                        + input, bug);
            }
        }
        // with this seed about a fifth of the mutants still parse, so both paths are exercised
        assertThat(accepted).isGreaterThan(100);
        assertThat(refused).isGreaterThan(100);
    }

    /**
     * Lines built from the attributes this package types, with random fields, so that the value parsers see far
     * more variety than mutations of real offers give them.
     */
    @Test
    void randomTypedAttributeValuesOnlyEverRaiseSdpException() {
        List<String> names = List.of("rtpmap", "fmtp", "rtcp-fb", "extmap", "candidate", "fingerprint", "setup",
                "ssrc", "ssrc-group", "msid", "rid", "simulcast", "group", "mid", "ice-ufrag", "ice-options",
                "sctp-port", "max-message-size", "sendonly", "x-other");
        List<String> pieces = List.of("0", "1", "96", "127", "128", "-1", "4294967296", "99999999999999999999", "x",
                "opus/48000/2", "VP8/90000", "rtx/90000", "/", "//", "a/b/c", "apt=96", "*", "nack", "send", "recv",
                "q;h;f", "~q", ";", ",", "typ", "host", "raddr", "rport", "AB:CD", "sha-256", "urn:x", "1/sendonly",
                "1/bogus", "FID", "", ":", "=", "\u00e9");
        Random random = new Random(7L);
        int accepted = 0;
        for (int round = 0; round < 5000; round++) {
            StringBuilder text = new StringBuilder(HEAD).append(random.nextBoolean() ? "m=video 9 UDP/TLS/RTP/SAVPF 96 97 0\n"
                    : "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\n");
            int lines = 1 + random.nextInt(4);
            for (int l = 0; l < lines; l++) {
                text.append("a=").append(names.get(random.nextInt(names.size())));
                int fields = random.nextInt(9);
                if (fields > 0) {
                    text.append(':');
                }
                for (int f = 0; f < fields; f++) {
                    if (f > 0) {
                        text.append(random.nextInt(6) == 0 ? "  " : " ");
                    }
                    text.append(pieces.get(random.nextInt(pieces.size())));
                }
                text.append('\n');
            }
            SessionDescription sdp;
            try {
                sdp = SessionDescription.parse(text.toString());
            } catch (SdpException expected) {
                continue;
            } catch (RuntimeException bug) {
                throw new AssertionError("round " + round + " threw " + bug + " for:\n" + text, bug);
            }
            accepted++;
            try {
                exerciseGetters(sdp);
                assertThat(SessionDescription.parse(sdp.write())).isEqualTo(sdp);
            } catch (SdpException | RuntimeException bug) {
                throw new AssertionError("round " + round + " accepted but then failed with " + bug + " for:\n"
                        + text, bug);
            }
        }
        assertThat(accepted).isGreaterThan(100);
    }

    private static void exerciseGetters(SessionDescription sdp) {
        sdp.groups();
        sdp.group("BUNDLE");
        sdp.msidSemantic();
        sdp.fingerprints();
        sdp.setup();
        sdp.iceOptions();
        for (MediaDescription m : sdp.media()) {
            m.codecs().forEach(c -> {
                c.fmtpParameters();
                c.associatedPayloadType();
                m.rtxFor(c.payloadType());
            });
            m.extmaps();
            m.candidates();
            m.ssrcs();
            m.ssrcGroups();
            m.msids();
            m.rids().forEach(Rid::restrictions);
            m.simulcast();
            m.effectiveFingerprints();
            m.effectiveSetup();
            m.effectiveDirection();
            m.effectiveIceOptions();
            m.sctpPort();
            m.maxMessageSize();
            m.mid();
        }
    }
}
