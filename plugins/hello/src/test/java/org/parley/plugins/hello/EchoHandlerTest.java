package org.parley.plugins.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.parley.api.signaling.SignalingException;
import org.parley.api.signaling.SignalingSession;

class EchoHandlerTest {
    private final List<Object> sent = new ArrayList<>();
    private final SignalingSession session = new SignalingSession() {
        public String id() { return "s1"; }
        public InetSocketAddress remoteAddress() { return null; }
        public void send(Object message) { sent.add(message); }
        public void sendError(String code, String message, String replyTo) { sent.add(code); }
        public <V> Optional<V> attribute(String name, Class<V> type) { return Optional.empty(); }
        public void setAttribute(String name, Object value) { }
        public void removeAttribute(String name) { }
        public void close(int code, String reason) { }
        public boolean isOpen() { return true; }
    };

    @Test
    void repliesWithTextIdAndVersion() throws Exception {
        EchoHandler handler = new EchoHandler();
        handler.onMessage(session, new EchoHandler.Echo("hello.echo", "7", "hi"));
        assertThat(sent).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> reply = (Map<String, Object>) sent.get(0);
        assertThat(reply).containsEntry("type", "hello.echo.reply").containsEntry("id", "7").containsEntry("text", "hi");
    }

    @Test
    void refusesMissingAndOversizedText() {
        EchoHandler handler = new EchoHandler();
        assertThatThrownBy(() -> handler.onMessage(session, new EchoHandler.Echo("hello.echo", null, null)))
                .isInstanceOf(SignalingException.class).extracting(e -> ((SignalingException) e).code())
                .isEqualTo("invalid-message");
        assertThatThrownBy(() -> handler.onMessage(session,
                new EchoHandler.Echo("hello.echo", null, "x".repeat(EchoHandler.MAX_TEXT + 1))))
                .isInstanceOf(SignalingException.class);
        assertThat(sent).isEmpty();
    }
}
