package org.parley.client.janus;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What Janus's admin API tells of the media it sends: the packets every videoroom subscriber handle has sent
 * (webrtc.media.*.stats.out.packets of handle_info), summed over every session. It is the count Parley's
 * {@code parley_sfu_rtp_forwarded_total} gives, so that CPU per forwarded packet means the same for both. It
 * costs a request per session and per handle, so read it at the start and at the end of a run, not during it.
 */
final class JanusAdmin {
    private final HttpClient http;
    private final URI base;
    private final String secret;
    private final Duration timeout;

    JanusAdmin(HttpClient http, URI base, String secret, Duration timeout) {
        this.http = http;
        this.base = base;
        this.secret = secret;
        this.timeout = timeout;
    }

    /** RTP packets sent so far by the subscriber handles that still exist. */
    long forwardedPackets() throws IOException, InterruptedException {
        long packets = 0;
        for (JsonNode session : call(base, "list_sessions").path("sessions")) {
            URI sessionUri = URI.create(base + "/" + session.asLong());
            JsonNode handles;
            try {
                handles = call(sessionUri, "list_handles").path("handles");
            } catch (IOException goneMeanwhile) {
                continue;
            }
            for (JsonNode handle : handles) {
                try {
                    packets += subscriberOutPackets(call(URI.create(sessionUri + "/" + handle.asLong()), "handle_info"));
                } catch (IOException goneMeanwhile) {
                    // detached between the listing and now
                }
            }
        }
        return packets;
    }

    /** The packets a handle_info reply says a subscriber handle sent; 0 for any other handle. */
    static long subscriberOutPackets(JsonNode handleInfo) {
        JsonNode info = handleInfo.path("info");
        if (!"subscriber".equals(info.path("plugin_specific").path("type").asText())) {
            return 0;
        }
        long packets = 0;
        for (JsonNode medium : info.path("webrtc").path("media")) {
            packets += medium.path("stats").path("out").path("packets").asLong(0);
        }
        return packets;
    }

    private JsonNode call(URI uri, String request) throws IOException, InterruptedException {
        ObjectNode body = JanusMessages.JSON.createObjectNode().put("janus", request).put("transaction", "admin")
                .put("admin_secret", secret);
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(JanusMessages.JSON.writeValueAsBytes(body))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        JsonNode reply = JanusMessages.JSON.readTree(response.body());
        if (response.statusCode() != 200 || !"success".equals(reply.path("janus").asText())) {
            throw new IOException("Janus admin " + request + " on " + uri + ": " + reply);
        }
        return reply;
    }
}
