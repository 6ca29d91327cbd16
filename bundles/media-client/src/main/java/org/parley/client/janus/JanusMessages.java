package org.parley.client.janus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.parley.client.load.TrackInfo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Janus API messages JanusTarget sends (core requests and videoroom plugin bodies) and what it reads from
 * Janus's answers and events. Pure JSON, no I/O, so that it can be tested with sample messages.
 */
public final class JanusMessages {
    public static final String VIDEOROOM = "janus.plugin.videoroom";
    static final ObjectMapper JSON = new ObjectMapper();

    private JanusMessages() {
    }

    /** One stream of a publisher as Janus lists it ({@code type} audio, video or data). */
    public record Stream(String type, String mid, String description) {
    }

    /** A publisher (a "feed") of a room, with the streams it publishes. */
    public record Feed(long id, String display, List<Stream> streams) {
        public Feed {
            streams = List.copyOf(streams);
        }
    }

    /** A session description Janus sent or is sent ({@code type} offer or answer). */
    public record Jsep(String type, String sdp) {
    }

    /**
     * One message from Janus: a direct response or an event from the long poll.
     *
     * @param janus the message kind: success, ack, error, event, webrtcup, media, hangup, detached, keepalive...
     * @param sender the handle it concerns, 0 for session-level messages
     * @param transaction the request it answers, or null for spontaneous events
     * @param data the plugin's data (plugindata.data) for plugin responses and events, else the core's data
     */
    public record Message(String janus, long sender, String transaction, JsonNode data, Optional<Jsep> jsep,
            JsonNode raw) {

        /** The error Janus or the plugin reports, if this message is one. */
        public Optional<String> error() {
            if ("error".equals(janus)) {
                JsonNode error = raw.path("error");
                return Optional.of(error.path("code").asInt() + " " + error.path("reason").asText());
            }
            if (data != null && data.has("error_code")) {
                return Optional.of(data.path("error_code").asInt() + " " + data.path("error").asText());
            }
            return Optional.empty();
        }

        /** The videoroom event name (created, joined, event, attached, updated, destroyed...), or "". */
        public String videoroom() {
            return data == null ? "" : data.path("videoroom").asText("");
        }
    }

    // ---- requests ----

    public static ObjectNode createSession(String transaction) {
        return request("create", transaction);
    }

    public static ObjectNode attach(String transaction) {
        return request("attach", transaction).put("plugin", VIDEOROOM);
    }

    public static ObjectNode keepalive(String transaction) {
        return request("keepalive", transaction);
    }

    public static ObjectNode detach(String transaction) {
        return request("detach", transaction);
    }

    public static ObjectNode destroySession(String transaction) {
        return request("destroy", transaction);
    }

    /** A plugin message: the videoroom request in {@code body}, and a session description when there is one. */
    public static ObjectNode message(String transaction, ObjectNode body, Jsep jsep) {
        ObjectNode message = request("message", transaction);
        message.set("body", body);
        if (jsep != null) {
            message.putObject("jsep").put("type", jsep.type()).put("sdp", jsep.sdp());
        }
        return message;
    }

    /** Tells Janus the client has no more candidates than those in its SDP. */
    public static ObjectNode trickleCompleted(String transaction) {
        ObjectNode trickle = request("trickle", transaction);
        trickle.putObject("candidate").put("completed", true);
        return trickle;
    }

    private static ObjectNode request(String kind, String transaction) {
        return JSON.createObjectNode().put("janus", kind).put("transaction", transaction);
    }

    /**
     * A room for one meeting: Opus and VP8 only, a REMB cap of {@code bitrate} bits/s for every publisher (as
     * Parley caps video), room for {@code publishers} concurrent publishers, not kept in Janus's config file.
     */
    public static ObjectNode createRoom(String description, int publishers, long bitrate) {
        return JSON.createObjectNode().put("request", "create").put("description", description)
                .put("publishers", publishers).put("bitrate", bitrate).put("bitrate_cap", true)
                .put("audiocodec", "opus").put("videocodec", "vp8").put("notify_joining", false)
                .put("permanent", false);
    }

    public static ObjectNode destroyRoom(long room) {
        return JSON.createObjectNode().put("request", "destroy").put("room", room).put("permanent", false);
    }

    public static ObjectNode joinAsPublisher(long room, String display) {
        return JSON.createObjectNode().put("request", "join").put("ptype", "publisher").put("room", room)
                .put("display", display);
    }

    /**
     * Publishes the streams of the offer sent with it; {@code sources} (by mid) become the streams' descriptions,
     * which Janus repeats to subscribers.
     */
    public static ObjectNode publish(Map<String, String> sources) {
        ObjectNode body = JSON.createObjectNode().put("request", "publish");
        if (!sources.isEmpty()) {
            ArrayNode descriptions = body.putArray("descriptions");
            sources.forEach((mid, source) -> descriptions.addObject().put("mid", mid).put("description", source));
        }
        return body;
    }

    /** Subscribes a new handle to every stream of one feed; Janus answers with an offer. */
    public static ObjectNode joinAsSubscriber(long room, long feed, long privateId) {
        ObjectNode body = JSON.createObjectNode().put("request", "join").put("ptype", "subscriber").put("room", room)
                .put("private_id", privateId);
        body.putArray("streams").addObject().put("feed", feed);
        return body;
    }

    /** Starts a subscription with the answer sent with it (also how a renegotiation's answer goes back). */
    public static ObjectNode start() {
        return JSON.createObjectNode().put("request", "start");
    }

    // ---- responses and events ----

    public static Message parse(JsonNode raw) {
        JsonNode plugin = raw.path("plugindata").path("data");
        JsonNode data = plugin.isMissingNode() ? raw.get("data") : plugin;
        JsonNode jsepNode = raw.get("jsep");
        Optional<Jsep> jsep = jsepNode == null || !jsepNode.hasNonNull("sdp") ? Optional.empty()
                : Optional.of(new Jsep(jsepNode.path("type").asText(), jsepNode.path("sdp").asText()));
        String transaction = raw.hasNonNull("transaction") ? raw.get("transaction").asText() : null;
        return new Message(raw.path("janus").asText(""), raw.path("sender").asLong(0), transaction, data, jsep, raw);
    }

    /** What a long poll returned: one message, or an array of them (when asked for several with maxev). */
    public static List<Message> parseAll(JsonNode raw) {
        List<Message> messages = new ArrayList<>();
        if (raw.isArray()) {
            raw.forEach(node -> messages.add(parse(node)));
        } else if (raw.isObject()) {
            messages.add(parse(raw));
        }
        return messages;
    }

    /** The id a "success" response gives (a new session's or handle's). */
    public static long createdId(Message response) {
        return response.data() == null ? 0 : response.data().path("id").asLong(0);
    }

    /** The feeds a "joined" or "event" message of the videoroom lists under "publishers" (none if it lists none). */
    public static List<Feed> publishers(Message message) {
        List<Feed> feeds = new ArrayList<>();
        if (message.data() == null) {
            return feeds;
        }
        for (JsonNode publisher : message.data().path("publishers")) {
            if (publisher.path("dummy").asBoolean(false)) {
                continue; // a placeholder feed of Janus's own, with no media
            }
            List<Stream> streams = new ArrayList<>();
            for (JsonNode stream : publisher.path("streams")) {
                if (stream.path("disabled").asBoolean(false)) {
                    continue;
                }
                streams.add(new Stream(stream.path("type").asText(), stream.path("mid").asText(),
                        stream.hasNonNull("description") ? stream.get("description").asText() : null));
            }
            feeds.add(new Feed(publisher.path("id").asLong(), publisher.path("display").asText(""), streams));
        }
        return feeds;
    }

    /** The feed that an "unpublished" or "leaving" event says is gone, if this is one (0 is the leaver itself). */
    public static Optional<Long> departedFeed(Message message) {
        if (message.data() == null) {
            return Optional.empty();
        }
        for (String field : List.of("unpublished", "leaving")) {
            JsonNode id = message.data().get(field);
            if (id != null && id.isNumber()) {
                return Optional.of(id.asLong());
            }
        }
        return Optional.empty();
    }

    /**
     * The tracks of a subscriber's "attached" or "updated" event: one per m-line of the offer, named by the feed
     * they come from. The source is the publisher's description of the stream, else what the kind suggests.
     */
    public static List<TrackInfo> subscriberTracks(Message message) {
        List<TrackInfo> tracks = new ArrayList<>();
        if (message.data() == null) {
            return tracks;
        }
        for (JsonNode stream : message.data().path("streams")) {
            String type = stream.path("type").asText();
            if (!stream.path("active").asBoolean(true) || !stream.has("feed_id")) {
                continue;
            }
            String source = stream.hasNonNull("feed_description") ? stream.get("feed_description").asText()
                    : "video".equals(type) ? "camera" : "audio".equals(type) ? "microphone" : type;
            tracks.add(new TrackInfo(stream.path("mid").asText(), String.valueOf(stream.path("feed_id").asLong()),
                    type, source));
        }
        return tracks;
    }
}
