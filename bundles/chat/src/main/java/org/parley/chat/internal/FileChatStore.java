package org.parley.chat.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.parley.api.NodeProperties;
import org.parley.api.chat.ChatMessage;
import org.parley.api.chat.ChatStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The embedded chat store: one append-only JSON-lines file per meeting under {@code data/chat/}, the
 * file being the meeting's partition and the line order its time-UUID order. Each append is forced to disk
 * before it returns. A damaged line (a crash mid-write) is skipped with a log line, never fatal.
 */
@Component(service = ChatStore.class, property = "parley.store=embedded")
public final class FileChatStore implements ChatStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileChatStore.class);
    private static final Pattern MEETING_ID = Pattern.compile("\\d{1,20}");

    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private Path folder;

    public FileChatStore() {
    }

    FileChatStore(Path folder) {
        this.folder = folder;
    }

    @Activate
    void activate(BundleContext context) throws IOException {
        folder = Path.of(context.getProperty(NodeProperties.DATA), "chat");
        Files.createDirectories(folder);
    }

    private Path file(String meetingId) {
        if (meetingId == null || !MEETING_ID.matcher(meetingId).matches()) {
            throw new IllegalArgumentException("Not a meeting id: " + meetingId);
        }
        return folder.resolve(meetingId + ".jsonl");
    }

    @Override
    public void append(ChatMessage message) {
        Path file = file(message.meetingId());
        byte[] line;
        try {
            line = (json.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        synchronized (locks.computeIfAbsent(message.meetingId(), id -> new Object())) {
            try {
                Files.createDirectories(folder);
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND)) {
                    ByteBuffer buffer = ByteBuffer.wrap(line);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(false);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot store chat message of meeting " + message.meetingId(), e);
            }
        }
    }

    @Override
    public List<ChatMessage> history(String meetingId, int limit) {
        Path file = file(meetingId);
        if (limit <= 0 || !Files.exists(file)) {
            return List.of();
        }
        Deque<ChatMessage> latest = new ArrayDeque<>();
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            lines.forEach(line -> {
                if (line.isBlank()) {
                    return;
                }
                try {
                    latest.addLast(json.readValue(line, ChatMessage.class));
                    if (latest.size() > limit) {
                        latest.removeFirst();
                    }
                } catch (JsonProcessingException e) {
                    LOG.warn("Skipping a damaged line in {}: {}", file.getFileName(), e.getOriginalMessage());
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("Cannot read chat of meeting " + meetingId, e);
        }
        return new ArrayList<>(latest);
    }
}
