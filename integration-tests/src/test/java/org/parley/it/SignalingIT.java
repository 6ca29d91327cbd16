package org.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

/** Malformed signaling input gets an error with a code, and the connection stays usable. */
class SignalingIT {
    private static ParleyServer server;
    private static WsClient ws;

    @BeforeAll
    static void start() throws Exception {
        server = ParleyServer.start("signaling");
        server.deploy(Jars.helloPlugin(), "hello.jar");
        ParleyServer.await("plugin up", Duration.ofSeconds(20), () -> server.status("/api/hello") == 200);
        ws = WsClient.connect(server.webSocketUri());
    }

    @AfterAll
    static void stop() throws Exception {
        ws.close();
        server.close();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{not json                                   | malformed-json",
            "[1,2,3]                                     | invalid-message",
            "42                                          | invalid-message",
            "{}                                          | invalid-message",
            "{\"type\":7}                                | invalid-message",
            "{\"type\":\"\"}                             | invalid-message",
            "{\"type\":\"no.such.type\"}                 | unknown-type",
            "{\"type\":\"hello.echo\",\"text\":[1]}      | invalid-message",
            "{\"type\":\"hello.echo\",\"text\":\"\"}     | invalid-message",
            "{\"type\":\"hello.echo\"}                   | invalid-message" })
    void badMessageGetsCodedErrorAndConnectionStaysUsable(String message, String code) throws Exception {
        JsonNode error = ws.request(message);
        assertThat(error.path("type").asText()).as(error.toString()).isEqualTo("error");
        assertThat(error.path("code").asText()).as(error.toString()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
        assertUsable();
    }

    @Test
    void errorEchoesTheClientMessageId() throws Exception {
        JsonNode error = ws.request("{\"type\":\"no.such.type\",\"id\":\"abc-1\"}");
        assertThat(error.path("id").asText()).isEqualTo("abc-1");
    }

    @Test
    void oversizedMessageIsRefusedWithoutClosing() throws Exception {
        String big = "{\"type\":\"hello.echo\",\"text\":\"" + "x".repeat(70_000) + "\"}";
        JsonNode error = ws.request(big);
        assertThat(error.path("code").asText()).isEqualTo("message-too-large");
        assertUsable();
    }

    @Test
    void binaryFrameIsRefusedWithoutClosing() throws Exception {
        ws.sendBinary(new byte[] { 1, 2, 3 });
        assertThat(ws.next().path("code").asText()).isEqualTo("invalid-message");
        assertUsable();
    }

    @Test
    void manyClientsAndMessagesLeaveNoConnectionBehind() throws Exception {
        for (int i = 0; i < 20; i++) {
            try (WsClient client = WsClient.connect(server.webSocketUri())) {
                assertThat(client.request("{\"type\":\"hello.echo\",\"text\":\"n" + i + "\"}").path("text").asText())
                        .isEqualTo("n" + i);
            }
        }
        ParleyServer.await("only the shared connection left", Duration.ofSeconds(10),
                () -> metrics().contains("parley_ws_connections 1\n"));
    }

    private static String metrics() {
        try {
            return server.get("/metrics").body();
        } catch (Exception e) {
            return "";
        }
    }

    private static void assertUsable() throws Exception {
        JsonNode reply = ws.request("{\"type\":\"hello.echo\",\"id\":\"ok\",\"text\":\"still here\"}");
        assertThat(reply.path("type").asText()).isEqualTo("hello.echo.reply");
        assertThat(reply.path("text").asText()).isEqualTo("still here");
        assertThat(ws.isOpen()).isTrue();
    }
}
