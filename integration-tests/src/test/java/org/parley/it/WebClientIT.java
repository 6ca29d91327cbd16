package org.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser client as people use it, in two headless Chromium windows with fake camera and microphone,
 * media through the SFU. A host signs up, schedules a meeting with a waiting room and starts it; a guest
 * opens the invitation link, checks camera and microphone on the pre-join screen, waits and is admitted;
 * both see each other's video; they chat both ways; the host mutes the guest; the guest shares the screen;
 * the host ends the meeting. A second guest joins muted with the camera off, among enough others to page
 * the gallery. Each step leaves a screenshot in target/it-output/screens, and the page is checked for that
 * step's elements at the moment of the screenshot.
 */
class WebClientIT {
    private static final Dimension DESKTOP = new Dimension(1280, 800);
    private static final Dimension PHONE = new Dimension(390, 844);
    private static ParleyServer server;
    private static WebDriver host;
    private static WebDriver guest;

    @BeforeAll
    static void start() throws Exception {
        // A free media port, so this runs beside other servers.
        server = ParleyServer.start("webclient", Map.of("PARLEY_MEDIA_PORT", "0"));
        host = Browsers.start("host");
        guest = Browsers.start("guest");
    }

    @AfterAll
    static void stop() throws Exception {
        if (host != null) {
            host.quit();
        }
        if (guest != null) {
            guest.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    private static WebElement waitFor(WebDriver driver, By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private static void waitForText(WebDriver driver, By by, String text) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    private static Object js(WebDriver driver, String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Waits until a script returns true; the failure names what was awaited. */
    private static void waitUntil(WebDriver driver, String what, String script, Object... args) {
        new WebDriverWait(driver, Duration.ofSeconds(20)).withMessage(what)
                .until(d -> Boolean.TRUE.equals(js(d, script, args)));
    }

    /** True when the first video matching the selector shows decoded frames and is playing. */
    private static final String VIDEO_PLAYS = "const v = document.querySelector(arguments[0]);"
            + "return !!v && v.videoWidth > 0 && !v.paused && v.readyState >= 2;";

    private static void waitForVideo(WebDriver driver, String what, String selector) {
        waitUntil(driver, what + " (" + selector + ")", VIDEO_PLAYS, selector);
    }

    private static void type(WebDriver driver, String id, String text) {
        WebElement input = waitFor(driver, By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    /** A screenshot, after checking on the page (at that moment) that the expected elements are there. */
    private static void shot(WebDriver driver, String name, String... visibleSelectors) throws Exception {
        for (String selector : visibleSelectors) {
            assertThat(js(driver, "const e = document.querySelector(arguments[0]);"
                    + "return !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';", selector))
                    .as(name + ": " + selector + " is shown").isEqualTo(Boolean.TRUE);
        }
        Path file = Browsers.screenshot(driver, name);
        assertThat(Files.size(file)).as(name + " screenshot").isGreaterThan(5_000);
    }

    /** The meeting view for the README: a 1280x800 page (the window is grown by what its frame takes). */
    private static void readmeScreenshot(WebDriver driver) throws Exception {
        long frameWidth = (Long) js(driver, "return window.outerWidth - window.innerWidth");
        long frameHeight = (Long) js(driver, "return window.outerHeight - window.innerHeight");
        driver.manage().window().setSize(new Dimension(1280 + (int) frameWidth, 800 + (int) frameHeight));
        waitUntil(driver, "the page is 1280x800", "return window.innerWidth === 1280 && window.innerHeight === 800");
        shot(driver, "readme-meeting", "#screen-stage #screen-video", REMOTE_VIDEO);
        driver.manage().window().setSize(DESKTOP);
    }

    private static String participantId(WebDriver driver) {
        return String.valueOf(js(driver, "return window.parleyMeeting.me.id"));
    }

    private static void chooseLastOption(WebDriver driver, String id) {
        Select select = new Select(waitFor(driver, By.id(id)));
        assertThat(select.getOptions()).as(id + " lists devices").isNotEmpty();
        select.selectByIndex(select.getOptions().size() - 1);
    }

    private static final String REMOTE_VIDEO = "#gallery .tile.has-video:not(.self) video";

    @Test
    void hostSchedulesGuestJoinsByLinkIsAdmittedTheySeeEachOtherChatShareAndTheHostEnds() throws Exception {
        // sign up
        host.get(server.uri("/#/signup").toString());
        type(host, "displayName", "Hana Host");
        type(host, "email", "hana-" + System.nanoTime() + "@example.test");
        type(host, "password", "a long enough password");
        host.findElement(By.id("submit")).click();
        waitForText(host, By.tagName("h1"), "My meetings");
        shot(host, "01-dashboard", "#instant", "#upcoming", "#schedule");

        // schedule a meeting with a waiting room, copy the invitation
        type(host, "title", "Design review");
        String start = LocalDateTime.now().plusHours(1).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm"));
        js(host, "document.getElementById('start').value = arguments[0]", start);
        assertThat(host.findElement(By.id("waitingRoom")).isSelected()).isTrue();
        host.findElement(By.id("schedule-submit")).click();
        WebElement scheduled = waitFor(host, By.cssSelector("#upcoming .meeting"));
        assertThat(scheduled.getText()).contains("Design review");
        WebElement copy = scheduled.findElement(By.cssSelector("button.copy"));
        String invitation = copy.getAttribute("data-invite");
        assertThat(invitation).contains("Meeting ID:").contains("Passcode:").contains("/j/");
        copy.click();
        waitForText(host, By.cssSelector("#upcoming .meeting button.copy"), "Copied");
        shot(host, "02-scheduled", "#upcoming .meeting button.copy[data-copied='true']");
        String link = invitation.lines().filter(l -> l.contains("/j/")).findFirst().orElseThrow().strip();

        // host starts it through the pre-join screen
        scheduled.findElement(By.cssSelector("button.start")).click();
        waitForVideo(host, "host's camera preview", "#preview-video");
        host.findElement(By.id("submit")).click();
        waitFor(host, By.id("controls"));
        waitForText(host, By.id("roster"), "Hana Host");
        waitForVideo(host, "host's own tile", "#gallery .tile.self video");
        shot(host, "03-host-in-meeting", "#controls #end", "#gallery .tile.self video", "#toggle-view");

        // guest opens the link: the pre-join screen previews the camera and lists the devices
        guest.get(link);
        String passcode = waitFor(guest, By.id("passcode")).getAttribute("value");
        assertThat(passcode).isNotBlank();
        waitForVideo(guest, "guest's camera preview", "#preview-video");
        chooseLastOption(guest, "camera-select");
        chooseLastOption(guest, "mic-select");
        waitForVideo(guest, "guest's preview after picking devices", "#preview-video");
        waitUntil(guest, "the microphone meter moves", "return Number(document.getElementById('mic-level').dataset.peak || 0) > 0");
        type(guest, "displayName", "Gina Guest");
        shot(guest, "04-guest-prejoin", "#preview-video", "#mic-level", "#camera-select", "#mic-select", "#join-muted", "#camera-off");

        type(guest, "passcode", "wrong-" + passcode);
        guest.findElement(By.id("submit")).click();
        waitForText(guest, By.id("form-error"), "passcode is not right");
        shot(guest, "05-wrong-passcode", "#form-error", "#preview-video");
        type(guest, "passcode", passcode);
        guest.findElement(By.id("submit")).click();
        waitForText(guest, By.id("notice"), "wait");
        assertThat(js(guest, "return document.body.dataset.state")).isEqualTo("waiting");
        shot(guest, "06-guest-waiting", "#notice", "#leave-waiting");

        // host admits
        WebElement waiting = waitFor(host, By.cssSelector("#waiting-list .waiting"));
        assertThat(waiting.getText()).contains("Gina Guest");
        shot(host, "07-host-sees-waiting", "#waiting-panel [data-admit]", "#waiting-panel [data-deny]", "#admit-all");
        waiting.findElement(By.cssSelector("[data-admit]")).click();
        waitForText(guest, By.id("roster"), "Hana Host");
        waitForText(host, By.id("roster"), "Gina Guest");
        String gina = participantId(guest);
        String hana = participantId(host);

        // both see each other's video
        waitForVideo(host, "host sees the guest's video", "#gallery .tile[data-id='" + gina + "'].has-video video");
        waitForVideo(guest, "guest sees the host's video", "#gallery .tile[data-id='" + hana + "'].has-video video");
        shot(host, "08-host-sees-guest-video", REMOTE_VIDEO, "#gallery .tile.self video");
        shot(guest, "09-guest-sees-host-video", REMOTE_VIDEO, "#gallery .tile.self video");

        // the loudest remote microphone is the active speaker; the speaker view shows it large
        // The fake microphone beeps: the tile's "speaking" outline comes and goes with each beep, while the
        // active speaker stays the guest between beeps, so the check reads that (sampling a beep is racy).
        waitUntil(host, "host hears the guest speak (inbound audioLevel)",
                "return window.parleyMeeting.activeSpeakerId === arguments[0]", gina);
        host.findElement(By.id("toggle-view")).click();
        waitUntil(host, "speaker view features the guest",
                "return !!document.querySelector(\"#gallery.speaker-view .tile.active-speaker[data-id='\" + arguments[0] + \"']\")", gina);
        shot(host, "10-speaker-view", "#gallery.speaker-view .tile.active-speaker video");
        host.findElement(By.id("toggle-view")).click();

        // the meeting at phone width: one column, no sideways scrolling, controls reachable
        guest.manage().window().setSize(PHONE);
        waitUntil(guest, "the meeting fits 390 px", "return document.documentElement.scrollWidth <= window.innerWidth");
        assertThat(js(guest, "return getComputedStyle(document.querySelector('.meeting-layout')).gridTemplateColumns.split(' ').length"))
                .isEqualTo(1L);
        shot(guest, "11-guest-phone", REMOTE_VIDEO, "#controls #toggle-audio", "#controls #leave");
        guest.manage().window().setSize(DESKTOP);

        // chat both ways
        type(host, "chat-text", "Welcome Gina");
        host.findElement(By.id("chat-send")).click();
        waitForText(guest, By.id("chat-log"), "Welcome Gina");
        type(guest, "chat-text", "Thanks! Sharing my slides now.");
        guest.findElement(By.id("chat-send")).click();
        waitForText(host, By.id("chat-log"), "Sharing my slides");
        assertThat(host.findElement(By.id("chat-log")).getText()).contains("Welcome Gina");
        shot(host, "12-chat", "#chat-log li", "#chat-text");

        // host mutes the guest; the guest sees it, and the host's tile for the guest shows it
        WebElement ginaRow = host.findElement(By.cssSelector("#roster .participant[data-id='" + gina + "']"));
        ginaRow.findElement(By.cssSelector("[data-act='mute']")).click();
        waitForText(guest, By.id("flash"), "A host muted you");
        waitForText(guest, By.id("toggle-audio"), "Unmute");
        String mutedBadge = "#gallery .tile[data-id='" + gina + "'] .muted-badge";
        waitFor(host, By.cssSelector(mutedBadge));
        assertThat(js(guest, "return window.parleyMedia.local.getAudioTracks().every((t) => !t.enabled)")).isEqualTo(true);
        shot(guest, "13-guest-muted", "#flash", "#gallery .tile.self .muted-badge");
        shot(host, "14-host-sees-guest-muted", mutedBadge);

        // guest shares the screen; the host sees it large on the screen stage, beside the gallery
        guest.findElement(By.id("toggle-screen")).click();
        waitForText(guest, By.id("toggle-screen"), "Stop sharing");
        waitFor(host, By.id("screen-stage"));
        waitForVideo(host, "host sees the guest's screen", "#screen-video");
        waitForText(host, By.id("screen-label"), "Gina Guest is sharing");
        assertThat(js(host, "return document.getElementById('stage-media').classList.contains('sharing')")).isEqualTo(true);
        js(host, "document.getElementById('chat-text').blur(); window.scrollTo(0, 0)");
        shot(host, "15-host-sees-screen", "#screen-stage #screen-video", REMOTE_VIDEO, "#gallery .tile.self video");
        readmeScreenshot(host);

        // host ends the meeting; the guest is told
        host.findElement(By.id("end")).click();
        waitForText(guest, By.id("notice"), "The host has ended this meeting");
        shot(guest, "16-meeting-ended", "#notice");
    }

    @Test
    void guestWhoJoinsMutedWithCameraOffShowsSoAndAFullGalleryPages() throws Exception {
        MeetingsApi api = new MeetingsApi(server);
        MeetingsApi.Account owner = api.account("Omar");
        MeetingsApi.Meeting meeting = api.createMeeting(owner, "All hands", false);
        String joinPage = server.uri("/#/join/" + meeting.id() + "?pwd=" + meeting.passcode()).toString();

        host.manage().window().setSize(DESKTOP);
        host.get(joinPage);
        waitFor(host, By.id("displayName"));
        type(host, "displayName", "Omar");
        host.findElement(By.id("submit")).click();
        waitFor(host, By.id("controls"));

        // eight more people without media, so that ten fill more than one page of nine
        List<RoomClient> others = new ArrayList<>();
        try {
            for (int i = 1; i <= 8; i++) {
                RoomClient other = RoomClient.connect(server.webSocketUri(), "Person " + i);
                others.add(other);
                String ticket = api.ticket(meeting, null, "Person " + i);
                assertThat(other.request("{\"type\":\"join\",\"id\":\"j\",\"ticket\":\"" + ticket + "\",\"protocol\":1}", "joined")
                        .path("type").asText()).isEqualTo("joined");
            }

            // the guest, on a phone, chooses to join muted with the camera off
            guest.manage().window().setSize(PHONE);
            guest.get(joinPage);
            waitForVideo(guest, "guest's camera preview", "#preview-video");
            type(guest, "displayName", "Quiet Quinn");
            guest.findElement(By.id("join-muted")).click();
            guest.findElement(By.id("camera-off")).click();
            waitUntil(guest, "preview says the camera is off", "return !document.getElementById('preview-off').hidden");
            waitUntil(guest, "the pre-join screen fits 390 px", "return document.documentElement.scrollWidth <= window.innerWidth");
            shot(guest, "20-guest-prejoin-muted-camera-off", "#preview-off", "#join-muted:checked", "#camera-off:checked");
            guest.findElement(By.id("submit")).click();
            waitFor(guest, By.id("controls"));
            waitForText(guest, By.id("toggle-audio"), "Unmute");
            waitForText(guest, By.id("toggle-video"), "Start video");
            String quinn = participantId(guest);
            assertThat(js(guest, "return window.parleyMedia.local.getTracks().every((t) => !t.enabled)")).isEqualTo(true);

            // the host's roster and tile show the guest muted and with video off
            String row = "#roster .participant[data-id='" + quinn + "']";
            waitUntil(host, "host's roster shows the guest muted and video off",
                    "const r = document.querySelector(arguments[0]); return !!r && r.textContent.includes('muted') && r.textContent.includes('video off')", row);
            String tile = "#gallery .tile[data-id='" + quinn + "']";
            assertThat(js(host, "return document.querySelector(arguments[0]).classList.contains('video-off')", tile)).isEqualTo(true);
            assertThat(host.findElement(By.id("count")).getText()).isEqualTo("10");

            // ten people: two pages of nine on the desktop, three of four on the phone
            waitForText(host, By.id("gallery-page"), "1 / 2");
            assertThat(js(host, "return document.querySelectorAll('#gallery .tile:not([hidden])').length")).isEqualTo(9L);
            shot(host, "21-host-gallery-page-1", row + " .badge", "#gallery-next", "#gallery-page");
            host.findElement(By.id("gallery-next")).click();
            waitForText(host, By.id("gallery-page"), "2 / 2");
            assertThat(js(host, "return document.querySelectorAll('#gallery .tile:not([hidden])').length")).isEqualTo(1L);
            shot(host, "22-host-gallery-page-2", "#gallery-prev", "#gallery .tile:not([hidden])");
            host.findElement(By.id("gallery-prev")).click();
            waitForText(host, By.id("gallery-page"), "1 / 2");
            waitForText(guest, By.id("gallery-page"), "1 / 3");
            assertThat(js(guest, "return document.querySelectorAll('#gallery .tile:not([hidden])').length")).isEqualTo(4L);
            waitUntil(guest, "the meeting fits 390 px", "return document.documentElement.scrollWidth <= window.innerWidth");
            shot(guest, "23-guest-phone-gallery", "#gallery-next", "#gallery .tile.self .muted-badge", "#controls #toggle-video");
        } finally {
            for (RoomClient other : others) {
                other.close();
            }
            guest.manage().window().setSize(DESKTOP);
        }
    }
}
