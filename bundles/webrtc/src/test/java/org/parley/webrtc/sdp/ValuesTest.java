package org.parley.webrtc.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValuesTest {
    @Test
    void trickledCandidateWithPrefixParsesAndFormats() throws SdpException {
        Candidate c = Candidate.parse("candidate:3885250869 1 tcp 1518280447 192.168.1.23 9 typ host tcptype active "
                + "generation 0 ufrag Hn2s network-id 1");
        assertThat(c.transport()).isEqualTo("tcp");
        assertThat(c.tcpType()).contains("active");
        assertThat(c.extensions()).containsExactly(Map.entry("tcptype", "active"), Map.entry("generation", "0"),
                Map.entry("ufrag", "Hn2s"), Map.entry("network-id", "1"));
        assertThat(c.format()).isEqualTo("3885250869 1 tcp 1518280447 192.168.1.23 9 typ host tcptype active "
                + "generation 0 ufrag Hn2s network-id 1");
        assertThat(Candidate.parse(c.format())).isEqualTo(c);
    }

    @Test
    void relayCandidateAndMdnsHost() throws SdpException {
        Candidate relay = Candidate.parse("2 1 udp 41885695 198.51.100.9 3478 typ relay raddr 0.0.0.0 rport 0");
        assertThat(relay.relatedAddress()).isEqualTo("0.0.0.0");
        assertThat(relay.relatedPort()).isZero();
        assertThat(relay.extensions()).isEmpty();
        Candidate mdns = Candidate.parse("1 1 udp 2113937151 4f1c1c3a-6b5e-4c7d-9f8e-1a2b3c4d5e6f.local 56024 typ host");
        assertThat(mdns.address()).endsWith(".local");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "1 1 udp 2122260223 192.168.1.23 54400 typ",
        "1 1 udp 2122260223 192.168.1.23 54400 host",
        "1 1 udp 2122260223 192.168.1.23",
        "1 x udp 2122260223 192.168.1.23 54400 typ host",
        "1 1 udp -5 192.168.1.23 54400 typ host",
        "1 1 udp 2122260223 192.168.1.23 70000 typ host",
        "1 1 udp 2122260223 192.168.1.23 54400 typ host generation",
        "1 1 udp 2122260223 192.168.1.23 54400 typ host rport x",
        "1 1 udp 2122260223 192.168.1.23 54400 typ host generation 0 generation 1",
        ""})
    void malformedCandidatesAreRefused(String value) {
        assertThatThrownBy(() -> Candidate.parse(value)).isInstanceOf(SdpException.class)
                .satisfies(e -> assertThat(((SdpException) e).line()).isZero());
    }

    @Test
    void simulcastWithAlternativesAndPausedStreams() throws SdpException {
        Simulcast s = Simulcast.parse("send 1;2,3;~4 recv c");
        assertThat(s.send()).containsExactly(
                List.of(new Simulcast.Alternative("1", false)),
                List.of(new Simulcast.Alternative("2", false), new Simulcast.Alternative("3", false)),
                List.of(new Simulcast.Alternative("4", true)));
        assertThat(s.recvRids()).containsExactly("c");
        assertThat(s.format()).isEqualTo("send 1;2,3;~4 recv c");

        for (String bad : List.of("send", "send q;;f", "both q", "send q send h", "send q=1", "")) {
            assertThatThrownBy(() -> Simulcast.parse(bad)).as(bad).isInstanceOf(SdpException.class);
        }
    }

    @Test
    void extmapWithDirectionAndAttributes() throws SdpException {
        Extmap e = Extmap.parse("7/sendonly urn:ietf:params:rtp-hdrext:encrypt urn:ietf:params:rtp-hdrext:toffset");
        assertThat(e).isEqualTo(new Extmap(7, "sendonly", "urn:ietf:params:rtp-hdrext:encrypt",
                "urn:ietf:params:rtp-hdrext:toffset"));
        assertThat(e.format()).isEqualTo("7/sendonly urn:ietf:params:rtp-hdrext:encrypt urn:ietf:params:rtp-hdrext:toffset");
        assertThat(Extmap.parse("4096 urn:x").id()).isEqualTo(4096);
        for (String bad : List.of("x urn:a", "0 urn:a", "256 urn:a", "1/sideways urn:a", "1", "99999999999 urn:a")) {
            assertThatThrownBy(() -> Extmap.parse(bad)).as(bad).isInstanceOf(SdpException.class);
        }
    }

    @Test
    void fingerprintIsCheckedAndComparesByBytes() throws SdpException {
        Fingerprint upper = Fingerprint.parse("sha-256 AB:CD:EF");
        Fingerprint lower = Fingerprint.parse("sha-256 ab:cd:ef");
        assertThat(upper.bytes()).isEqualTo(lower.bytes()).containsExactly(0xab, 0xcd, 0xef);
        for (String bad : List.of("sha-256", "sha-256 ABCD", "sha-256 AB:C", "sha-256 AB:ZZ", "sha-256 AB:CD x")) {
            assertThatThrownBy(() -> Fingerprint.parse(bad)).as(bad).isInstanceOf(SdpException.class);
        }
    }

    @Test
    void directionsReverseAndIntersect() {
        assertThat(Direction.SENDONLY.reverse()).isEqualTo(Direction.RECVONLY);
        assertThat(Direction.SENDRECV.reverse()).isEqualTo(Direction.SENDRECV);
        assertThat(Direction.SENDRECV.intersect(Direction.RECVONLY)).isEqualTo(Direction.RECVONLY);
        assertThat(Direction.SENDONLY.intersect(Direction.RECVONLY)).isEqualTo(Direction.INACTIVE);
        assertThat(Direction.fromAttributeName("recvonly")).contains(Direction.RECVONLY);
        assertThat(Setup.fromValue("holdconn")).contains(Setup.HOLDCONN);
        assertThat(Setup.fromValue("ACTPASS")).isEmpty();
    }

    @Test
    void ssrcValuesAndGroups() throws SdpException {
        assertThat(SsrcAttribute.parse("4294967295 msid:s t")).isEqualTo(new SsrcAttribute(4294967295L, "msid", "s t"));
        assertThat(SsrcAttribute.parse("1 x-flag")).isEqualTo(new SsrcAttribute(1, "x-flag", null));
        assertThat(SsrcGroup.parse("SIM 1 2 3").ssrcs()).containsExactly(1L, 2L, 3L);
        assertThatThrownBy(() -> SsrcAttribute.parse("4294967296 cname:x")).isInstanceOf(SdpException.class);
        assertThatThrownBy(() -> SsrcGroup.parse("FID")).isInstanceOf(SdpException.class);
        assertThatThrownBy(() -> SsrcGroup.parse("FID 1 x")).isInstanceOf(SdpException.class);
    }

    @Test
    void codecParametersWithBareKeys() {
        Codec red = new Codec(63, "red", 48000, 2, "111/111", List.of());
        assertThat(red.fmtpParameters()).containsExactly(Map.entry("111/111", ""));
        Codec spaced = new Codec(111, "opus", 48000, 2, "minptime=10; useinbandfec=1", List.of());
        assertThat(spaced.fmtpParameters()).containsEntry("useinbandfec", "1");
        assertThat(new Codec(97, "rtx", 90000, 0, "apt=x", List.of()).associatedPayloadType()).isEmpty();
    }
}
