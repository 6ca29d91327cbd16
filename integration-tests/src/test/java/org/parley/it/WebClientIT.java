package org.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser client as people use it, in two headless Chromium windows: a host signs up, schedules a
 * meeting with a waiting room and starts it; a guest opens the invitation link, waits, is admitted; they
 * chat both ways; the host mutes the guest and ends the meeting. Each step leaves a screenshot in
 * target/it-output/screens, and each step's expected elements are checked on the page.
 */
class WebClientIT {
    private static ParleyServer server;
    private static WebDriver host;
    private static WebDriver guest;

    @BeforeAll
    static void start() throws Exception {
        server = ParleyServer.start("webclient");
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
        server.close();
    }

    private static WebElement waitFor(WebDriver driver, By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private static void waitForText(WebDriver driver, By by, String text) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    private static void type(WebDriver driver, String id, String text) {
        WebElement input = waitFor(driver, By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    private static void shot(WebDriver driver, String name) throws Exception {
        Path file = Browsers.screenshot(driver, name);
        assertThat(Files.size(file)).as(name + " screenshot").isGreaterThan(5_000);
    }

    @Test
    void hostSchedulesGuestJoinsByLinkWaitsIsAdmittedTheyChatHostMutesAndEnds() throws Exception {
        // sign up
        host.get(server.uri("/#/signup").toString());
        type(host, "displayName", "Hana Host");
        type(host, "email", "hana-" + System.nanoTime() + "@example.test");
        type(host, "password", "a long enough password");
        host.findElement(By.id("submit")).click();
        waitForText(host, By.tagName("h1"), "My meetings");
        shot(host, "01-dashboard");

        // schedule a meeting with a waiting room
        type(host, "title", "Design review");
        String start = LocalDateTime.now().plusHours(1).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm"));
        ((JavascriptExecutor) host).executeScript("document.getElementById('start').value = arguments[0]", start);
        host.findElement(By.id("schedule-submit")).click();
        WebElement scheduled = waitFor(host, By.cssSelector("#upcoming .meeting"));
        assertThat(scheduled.getText()).contains("Design review");
        WebElement copy = scheduled.findElement(By.cssSelector("button.copy"));
        String invitation = copy.getAttribute("data-invite");
        assertThat(invitation).contains("Meeting ID:").contains("Passcode:").contains("/j/");
        copy.click();
        shot(host, "02-scheduled");
        String link = invitation.lines().filter(l -> l.contains("/j/")).findFirst().orElseThrow().strip();

        // host starts it
        scheduled.findElement(By.cssSelector("button.start")).click();
        waitFor(host, By.id("submit")).click();
        waitFor(host, By.id("controls"));
        waitForText(host, By.id("roster"), "Hana Host");
        shot(host, "03-host-in-meeting");

        // guest opens the link, enters a name, waits
        guest.get(link);
        String passcode = waitFor(guest, By.id("passcode")).getAttribute("value");
        assertThat(passcode).isNotBlank();
        type(guest, "passcode", "wrong-" + passcode);
        type(guest, "displayName", "Gina Guest");
        guest.findElement(By.id("submit")).click();
        waitForText(guest, By.id("form-error"), "asscode");
        shot(guest, "04a-wrong-passcode");
        type(guest, "passcode", passcode);
        guest.findElement(By.id("submit")).click();
        waitForText(guest, By.id("notice"), "wait");
        shot(guest, "04-guest-waiting");

        // host admits
        WebElement waiting = waitFor(host, By.cssSelector("#waiting-list .waiting"));
        assertThat(waiting.getText()).contains("Gina Guest");
        shot(host, "05-host-sees-waiting");
        waiting.findElement(By.cssSelector("[data-admit]")).click();
        waitForText(guest, By.id("roster"), "Hana Host");
        waitForText(host, By.id("roster"), "Gina Guest");
        shot(guest, "06-guest-in-meeting");

        // chat both ways
        type(host, "chat-text", "Welcome Gina");
        host.findElement(By.id("chat-send")).click();
        waitForText(guest, By.id("chat-log"), "Welcome Gina");
        type(guest, "chat-text", "Thanks!");
        guest.findElement(By.id("chat-send")).click();
        waitForText(host, By.id("chat-log"), "Thanks!");
        shot(host, "07-chat");

        // host mutes the guest; the guest sees it
        WebElement gina = host.findElements(By.cssSelector("#roster .participant")).stream()
                .filter(e -> e.getText().contains("Gina Guest")).findFirst().orElseThrow();
        gina.findElement(By.cssSelector("[data-act='mute']")).click();
        waitForText(guest, By.id("flash"), "A host muted you");
        waitForText(guest, By.id("toggle-audio"), "Unmute");
        shot(guest, "08-guest-muted");

        // host ends the meeting; the guest is told
        host.findElement(By.id("end")).click();
        waitForText(guest, By.id("notice"), "The host has ended this meeting");
        shot(guest, "09-meeting-ended");
    }
}
