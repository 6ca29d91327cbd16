package org.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Connection health on /ws: heartbeats drop a silent client and keep an answering one, flooding is slowed
 * then cut. The heartbeat is shortened through etc/org.parley.http.cfg while the node runs.
 */
class HeartbeatIT {
    private static ParleyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ParleyServer.start("heartbeat");
        Path cfg = server.home().resolve("etc/org.parley.http.cfg");
        String shortened = Files.readString(cfg).replace("ws.heartbeat.seconds = 10", "ws.heartbeat.seconds = 1")
                .replace("ws.heartbeat.missed = 3", "ws.heartbeat.missed = 2");
        Path temp = server.home().resolve("data/http.cfg.tmp");
        Files.writeString(temp, shortened);
        Files.move(temp, cfg, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        // The new heartbeat is live once a fresh client gets a ping within about a second.
        ParleyServer.await("1 s heartbeat applied", Duration.ofSeconds(20), () -> {
            try (WsClient probe = WsClient.connect(server.webSocketUri())) {
                return "ping".equals(probe.next(Duration.ofMillis(1600)).path("type").asText());
            } catch (AssertionError | InterruptedException e) {
                return false;
            }
        });
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void silentClientIsDroppedWithHeartbeatTimeout() throws Exception {
        try (WsClient silent = WsClient.connect(server.webSocketUri())) {
            assertThat(silent.next(Duration.ofSeconds(3)).path("type").asText()).isEqualTo("ping");
            ParleyServer.await("silent client closed", Duration.ofSeconds(10), () -> silent.closeCode() >= 0);
            assertThat(silent.closeCode()).isEqualTo(4001);
        }
        assertThat(server.log()).contains("no message for");
    }

    @Test
    void clientAnsweringPingsStaysConnected() throws Exception {
        try (WsClient alive = WsClient.connect(server.webSocketUri())) {
            long until = System.currentTimeMillis() + 5_000;
            int pings = 0;
            while (System.currentTimeMillis() < until) {
                JsonNode message = alive.next(Duration.ofSeconds(3));
                if ("ping".equals(message.path("type").asText())) {
                    pings++;
                    alive.send("{\"type\":\"pong\"}");
                }
            }
            assertThat(pings).isGreaterThanOrEqualTo(3);
            assertThat(alive.isOpen()).isTrue();
            JsonNode pong = alive.request("{\"type\":\"ping\",\"id\":\"c1\"}");
            while ("ping".equals(pong.path("type").asText())) {
                pong = alive.next();
            }
            assertThat(pong.path("type").asText()).isEqualTo("pong");
            assertThat(pong.path("id").asText()).isEqualTo("c1");
        }
    }

    @Test
    void floodIsRateLimitedThenClosed() throws Exception {
        try (WsClient flood = WsClient.connect(server.webSocketUri())) {
            boolean limited = false;
            try {
                for (int i = 0; i < 2_000 && flood.closeCode() < 0; i++) {
                    flood.send("{\"type\":\"no.such.type\",\"id\":" + i + "}");
                }
            } catch (java.util.concurrent.CompletionException closedUnderUs) {
                // the server closed the connection while we were still sending: what this test wants
            }
            ParleyServer.await("flooder closed", Duration.ofSeconds(10), () -> flood.closeCode() >= 0);
            assertThat(flood.closeCode()).isEqualTo(4008);
            JsonNode message;
            try {
                while ((message = flood.next(Duration.ofMillis(500))) != null) {
                    limited |= "rate-limited".equals(message.path("code").asText());
                }
            } catch (AssertionError drained) {
                // all received messages read
            }
            assertThat(limited).as("told to slow down before being closed").isTrue();
        }
        assertThat(server.isAlive()).isTrue();
        assertThat(server.get("/ready").statusCode()).isEqualTo(200);
    }
}
