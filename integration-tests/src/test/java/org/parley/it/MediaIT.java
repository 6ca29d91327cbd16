package org.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Real WebRTC through the SFU: three headless Chromium windows join one meeting through the web client, each
 * publishing its (fake) camera and microphone. Each must decode video from and receive audio packets of both
 * others over AES-256-GCM SRTP; a screen share reaches the others as its own track; a participant who leaves
 * stops being forwarded; an update of the room bundle during the call drops neither media nor WebSockets,
 * and after an update of the SFU bundle itself the clients reconnect their media over the same WebSockets.
 * getStats() is read through the page; screenshots go to target/it-output/screens.
 */
class MediaIT {
    private static final String[] NAMES = { "Ada", "Ben", "Cy" };
    private static ParleyServer server;
    private static final List<WebDriver> browsers = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = ParleyServer.start("media", Map.of("PARLEY_MEDIA_PORT", "0"));
        for (String name : NAMES) {
            browsers.add(Browsers.start(name.toLowerCase()));
        }
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






    private static boolean receivesFrom(JsonNode stats, String participantId, String source, String kind) {
        for (JsonNode in : stats.path("inbound")) {
            if (participantId.equals(in.path("participantId").asText()) && source.equals(in.path("source").asText())
                    && kind.equals(in.path("kind").asText())) {
                if ("video".equals(kind) ? in.path("framesDecoded").asLong() > 0 : in.path("packetsReceived").asLong() > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void shot(WebDriver browser, String name) throws Exception {
        Path file = Browsers.screenshot(browser, name);
        assertThat(Files.size(file)).as(name + " screenshot").isGreaterThan(5_000);
    }


    @Test
    void threeBrowsersHoldAVideoCallWithScreenShareThroughTheSfu() throws Exception {
        MeetingsApi api = new MeetingsApi(server);
        MeetingsApi.Meeting meeting = api.createMeeting(api.account("Organizer"), "Media check", false);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            ids.add(PageMedia.joinAsGuest(server, browsers.get(i), meeting, NAMES[i]));
        }

        // everyone decodes video from and receives audio of both others, over AES-256-GCM
        for (int i = 0; i < NAMES.length; i++) {
            WebDriver browser = browsers.get(i);
            List<String> others = new ArrayList<>(ids);
            others.remove(i);
            JsonNode stats = PageMedia.awaitStats(server, browser, NAMES[i] + " receives camera and microphone of " + others,
                    Duration.ofSeconds(30), s -> others.stream().allMatch(o -> receivesFrom(s, o, "camera", "video")
                            && receivesFrom(s, o, "microphone", "audio")));
            assertThat(stats.path("publish").path("srtpCipher").asText()).isEqualTo("SRTP_AEAD_AES_256_GCM");
            assertThat(stats.path("subscribe").path("srtpCipher").asText()).isEqualTo("SRTP_AEAD_AES_256_GCM");
            assertThat(stats.path("publish").path("tlsVersion").asText()).isEqualTo("FEFD"); // DTLS 1.2
        }
        for (int i = 0; i < NAMES.length; i++) {
            new WebDriverWait(browsers.get(i), Duration.ofSeconds(10)).until(d -> d.findElements(
                    By.cssSelector("#gallery .tile.has-video:not(.self) video")).size() == 2);
            shot(browsers.get(i), "media-01-" + NAMES[i].toLowerCase() + "-call");
        }

        // Ada shares her screen: it arrives at Ben and Cy as its own track, shown on the screen stage
        WebDriver ada = browsers.get(0);
        ada.findElement(By.id("toggle-screen")).click();
        for (int i = 1; i < NAMES.length; i++) {
            PageMedia.awaitStats(server, browsers.get(i), NAMES[i] + " decodes Ada's screen share", Duration.ofSeconds(30),
                    s -> receivesFrom(s, ids.get(0), "screen", "video"));
            PageMedia.waitFor(browsers.get(i), By.id("screen-stage"));
            shot(browsers.get(i), "media-02-" + NAMES[i].toLowerCase() + "-sees-screen");
        }

        // Ben turns his camera off and mutes: his browser stops sending picture and sound, the others see it
        WebDriver ben = browsers.get(1);
        String benId = ids.get(1);
        ben.findElement(By.id("toggle-video")).click();
        new WebDriverWait(ben, Duration.ofSeconds(10)).until(d -> Boolean.FALSE.equals(((JavascriptExecutor) d)
                .executeScript("return window.parleyMedia.local.getVideoTracks()[0].enabled")));
        new WebDriverWait(ada, Duration.ofSeconds(10)).until(d -> d.findElement(
                By.cssSelector("#gallery .tile[data-id='" + benId + "']")).getAttribute("class").contains("video-off"));
        ben.findElement(By.id("toggle-audio")).click();
        new WebDriverWait(ada, Duration.ofSeconds(10)).until(d -> d.findElement(
                By.cssSelector("#gallery .tile[data-id='" + benId + "']")).getText().contains("muted"));
        assertThat(((JavascriptExecutor) ben).executeScript("return window.parleyMedia.local.getAudioTracks()[0].enabled"))
                .isEqualTo(false);
        shot(ada, "media-03-ada-sees-ben-camera-off-and-muted");
        ben.findElement(By.id("toggle-video")).click();
        new WebDriverWait(ada, Duration.ofSeconds(10)).until(d -> !d.findElement(
                By.cssSelector("#gallery .tile[data-id='" + benId + "']")).getAttribute("class").contains("video-off"));

        // Cy leaves: the SFU stops forwarding Cy's tracks and forwards nothing to Cy
        double forwardedBefore = PageMedia.metric(server, "parley_sfu_forwarded_streams");
        WebDriver cy = browsers.get(2);
        cy.findElement(By.id("leave")).click();
        String cyId = ids.get(2);
        for (int i = 0; i < 2; i++) {
            PageMedia.awaitStats(server, browsers.get(i), NAMES[i] + " no longer receives Cy", Duration.ofSeconds(15),
                    s -> { for (JsonNode in : s.path("inbound")) { if (cyId.equals(in.path("participantId").asText())) { return false; } } return true; });
        }
        // Ada (mic, camera, screen) -> Ben and Ben (mic, camera) -> Ada: five forwards remain of the fourteen with Cy.
        ParleyServer.await("forwards drop to 5", Duration.ofSeconds(10), () -> {
            try {
                return PageMedia.metric(server, "parley_sfu_forwarded_streams") == 5;
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(forwardedBefore).isEqualTo(14);
        assertThat(PageMedia.metric(server, "parley_sfu_dtls_handshakes_total")).isGreaterThanOrEqualTo(6);

        // An admin updates the meeting room bundle in place during the call: media keeps flowing and the
        // same WebSockets keep working (room state lives in the state store, media in the SFU bundle).
        long heardBefore = packetsFrom(PageMedia.stats(ada), benId, "microphone");
        Path roomJar;
        try (var files = Files.list(server.home().resolve("system/20"))) {
            roomJar = files.filter(f -> f.getFileName().toString().startsWith("parley-signaling")).findFirst().orElseThrow();
        }
        var updated = server.send(server.admin("/api/admin/bundles/org.parley.signaling")
                .header("Content-Type", "application/java-archive")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofFile(roomJar)));
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        PageMedia.awaitStats(server, ada, "Ada still hears Ben after the room bundle update", Duration.ofSeconds(15),
                s -> packetsFrom(s, benId, "microphone") > heardBefore + 100);
        WebElement chat = PageMedia.waitFor(ben, By.id("chat-text"));
        chat.sendKeys("still here after the update");
        ben.findElement(By.id("chat-send")).click();
        new WebDriverWait(ada, Duration.ofSeconds(10)).until(
                ExpectedConditions.textToBePresentInElementLocated(By.id("chat-log"), "still here after the update"));
        for (WebDriver stayed : List.of(ada, ben)) {
            assertThat(((JavascriptExecutor) stayed).executeScript("return window.parleyMeeting.connections"))
                    .as("the WebSocket opened once and never reconnected").isEqualTo(1L);
        }

        // An admin updates the SFU bundle itself: its media state goes with it, so the SFU tells the clients,
        // they connect their media again to the new SFU instance, and the call goes on over the same WebSockets.
        Path sfuJar;
        try (var files = Files.list(server.home().resolve("system/20"))) {
            sfuJar = files.filter(f -> f.getFileName().toString().startsWith("parley-sfu")).findFirst().orElseThrow();
        }
        var sfuUpdated = server.send(server.admin("/api/admin/bundles/org.parley.sfu")
                .header("Content-Type", "application/java-archive")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofFile(sfuJar)));
        assertThat(sfuUpdated.statusCode()).as(sfuUpdated.body()).isEqualTo(200);
        for (int i = 0; i < 2; i++) {
            String other = ids.get(1 - i);
            new WebDriverWait(browsers.get(i), Duration.ofSeconds(15)).until(d -> Long.valueOf(1).equals(
                    ((JavascriptExecutor) d).executeScript("return window.parleyMedia.restarts || 0")));
            PageMedia.awaitStats(server, browsers.get(i), NAMES[i] + " hears and sees the other again after the SFU update",
                    Duration.ofSeconds(30), s -> receivesFrom(s, other, "camera", "video")
                            && packetsFrom(s, other, "microphone") > 100
                            && "connected".equals(s.path("subscribe").path("connectionState").asText()));
            assertThat(((JavascriptExecutor) browsers.get(i)).executeScript("return window.parleyMeeting.connections"))
                    .isEqualTo(1L);
        }
        shot(ada, "media-04-ada-after-sfu-update");
    }

    private static long packetsFrom(JsonNode stats, String participantId, String source) {
        long packets = 0;
        for (JsonNode in : stats.path("inbound")) {
            if (participantId.equals(in.path("participantId").asText()) && source.equals(in.path("source").asText())) {
                packets += in.path("packetsReceived").asLong();
            }
        }
        return packets;
    }
}
