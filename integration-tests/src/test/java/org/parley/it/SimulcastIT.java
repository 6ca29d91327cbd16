package org.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Simulcast through the SFU with two headless Chromium windows: Ada's camera goes out as three layers, and
 * Ben receives the one that fits the tile he shows it in. A small tile gets a small picture, a large tile
 * a larger one, a hidden tile none; across each switch Ben decodes one stream that keeps going.
 */
class SimulcastIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ParleyServer server;
    private static final List<WebDriver> browsers = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = ParleyServer.start("simulcast", Map.of("PARLEY_MEDIA_PORT", "0"));
        browsers.add(Browsers.start("ada"));
        browsers.add(Browsers.start("ben"));
    }

    @AfterAll
    static void stop() throws Exception {
        for (WebDriver browser : browsers) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }



    private static Object script(WebDriver browser, String js, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(js, args);
    }


    /** Ben's inbound streams of Ada's camera video: exactly one, whatever layer it carries. */
    private static List<JsonNode> camerasOf(JsonNode stats, String participantId) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode in : stats.path("inbound")) {
            if (participantId.equals(in.path("participantId").asText()) && "camera".equals(in.path("source").asText())
                    && "video".equals(in.path("kind").asText())) {
                found.add(in);
            }
        }
        return found;
    }

    /** The SFU's debug view of the video {@code receiverId} gets from {@code senderId}; empty when none. */
    private static JsonNode sfuVideoTo(String receiverId, String senderId) {
        try {
            JsonNode view = JSON.readTree(server.send(server.admin("/api/admin/sfu").GET()).body());
            for (JsonNode meeting : view.path("meetings")) {
                for (JsonNode receiver : meeting.path("receivers")) {
                    if (!receiverId.equals(receiver.path("participantId").asText())) {
                        continue;
                    }
                    for (JsonNode track : receiver.path("tracks")) {
                        if ("video".equals(track.path("kind").asText()) && senderId.equals(track.path("from").asText())) {
                            return track;
                        }
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return JSON.createObjectNode();
    }

    private static JsonNode camera(JsonNode stats, String participantId) {
        List<JsonNode> found = camerasOf(stats, participantId);
        return found.size() == 1 ? found.get(0) : JSON.createObjectNode();
    }


    @Test
    void eachReceiverGetsTheLayerThatFitsItsTile() throws Exception {
        MeetingsApi api = new MeetingsApi(server);
        MeetingsApi.Meeting meeting = api.createMeeting(api.account("Organizer"), "Simulcast check", false);
        List<String> ids = new ArrayList<>();
        for (String name : List.of("Ada", "Ben")) {
            ids.add(PageMedia.joinAsGuest(server, browsers.get(ids.size()), meeting, name));
        }
        WebDriver ada = browsers.get(0);
        WebDriver ben = browsers.get(1);
        String adaId = ids.get(0);

        // Ada sends her camera as the three layers q, h, f
        JsonNode adaStats = PageMedia.awaitStats(server, ada, "Ada sends three camera layers", Duration.ofSeconds(30), s -> {
            List<String> rids = new ArrayList<>();
            for (JsonNode out : s.path("outbound")) {
                if ("video".equals(out.path("kind").asText()) && out.path("packetsSent").asLong() > 0) {
                    rids.add(out.path("rid").asText());
                }
            }
            return rids.containsAll(List.of("q", "h", "f"));
        });
        assertThat(adaStats.path("outbound").size()).isGreaterThanOrEqualTo(3);

        // a small tile: Ben gets a small picture, as one stream
        PageMedia.sizeTile(ben, adaId, 200);
        JsonNode small = PageMedia.awaitStats(server, ben, "Ben decodes Ada's camera small", Duration.ofSeconds(30), s -> {
            JsonNode in = camera(s, adaId);
            return in.path("framesDecoded").asLong() > 0 && in.path("frameWidth").asInt() > 0
                    && in.path("frameWidth").asInt() <= 320;
        });
        int smallWidth = camera(small, adaId).path("frameWidth").asInt();
        long decodedSmall = camera(small, adaId).path("framesDecoded").asLong();

        // a large tile: a larger layer, on the same stream, which keeps decoding through the switch
        PageMedia.sizeTile(ben, adaId, 1000);
        JsonNode large = PageMedia.awaitStats(server, ben, "Ben decodes Ada's camera larger than " + smallWidth, Duration.ofSeconds(45),
                s -> camera(s, adaId).path("frameWidth").asInt() >= 2 * smallWidth);
        assertThat(camerasOf(large, adaId)).hasSize(1);
        long decodedLarge = camera(large, adaId).path("framesDecoded").asLong();
        assertThat(decodedLarge).isGreaterThan(decodedSmall);
        PageMedia.awaitStats(server, ben, "Ben keeps decoding after the switch", Duration.ofSeconds(15),
                s -> camera(s, adaId).path("framesDecoded").asLong() > decodedLarge + 30);
        // Chrome sends each VP8 simulcast layer with three temporal layers (L1T3): the SFU sees them all
        String benId = ids.get(1);
        ParleyServer.await("the SFU sees three temporal layers in Ada's camera", Duration.ofSeconds(10),
                () -> sfuVideoTo(benId, adaId).path("temporalLayers").asInt() == 3);
        JsonNode down = sfuVideoTo(benId, adaId);
        System.out.println("SimulcastIT: SFU's view of Ben's camera track: " + down);
        assertThat(down.path("temporalLayer").asInt()).as("unconstrained: every temporal layer").isEqualTo(2);
        Browsers.screenshot(ben, "simulcast-01-ben-large-tile");

        // and back down to a small one
        PageMedia.sizeTile(ben, adaId, 200);
        JsonNode again = PageMedia.awaitStats(server, ben, "Ben gets the small layer again", Duration.ofSeconds(30),
                s -> camera(s, adaId).path("frameWidth").asInt() <= smallWidth);
        long decodedAgain = camera(again, adaId).path("framesDecoded").asLong();
        PageMedia.awaitStats(server, ben, "Ben keeps decoding the small layer", Duration.ofSeconds(15),
                s -> camera(s, adaId).path("framesDecoded").asLong() > decodedAgain + 30);

        // a hidden tile gets no video; shown again, it plays again
        script(ben, "document.querySelector(`#gallery .tile[data-id=\"${arguments[0]}\"]`).hidden = true", adaId);
        long[] previous = { -1 };
        PageMedia.awaitStats(server, ben, "Ben stops receiving Ada's hidden camera", Duration.ofSeconds(20), s -> {
            long packets = camera(s, adaId).path("packetsReceived").asLong();
            boolean still = packets == previous[0];
            previous[0] = packets;
            return still;
        });
        long decodedHidden = camera(PageMedia.stats(ben), adaId).path("framesDecoded").asLong();
        script(ben, "document.querySelector(`#gallery .tile[data-id=\"${arguments[0]}\"]`).hidden = false", adaId);
        PageMedia.awaitStats(server, ben, "Ben decodes Ada's camera again once shown", Duration.ofSeconds(20),
                s -> camera(s, adaId).path("framesDecoded").asLong() > decodedHidden + 10);
    }
}
