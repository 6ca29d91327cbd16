package org.parley.chat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.api.chat.ChatMessage;

class FileChatStoreTest {
    @TempDir
    Path folder;

    private static ChatMessage message(String meetingId, String text) {
        return new ChatMessage(meetingId, TimeUuids.next(), "p1", 7L, "Ada", null, null, text, "text",
                System.currentTimeMillis());
    }

    @Test
    void keepsMessagesPerMeetingInOrderAcrossInstances() {
        FileChatStore store = new FileChatStore(folder);
        for (int i = 0; i < 10; i++) {
            store.append(message("11111111111", "m" + i));
        }
        store.append(message("22222222222", "other"));
        FileChatStore reopened = new FileChatStore(folder);
        assertThat(reopened.history("11111111111", 3)).extracting(ChatMessage::content).containsExactly("m7", "m8", "m9");
        assertThat(reopened.history("11111111111", 100)).hasSize(10);
        assertThat(reopened.history("22222222222", 100)).extracting(ChatMessage::content).containsExactly("other");
        assertThat(reopened.history("33333333333", 100)).isEmpty();
    }

    @Test
    void skipsADamagedLine() throws Exception {
        FileChatStore store = new FileChatStore(folder);
        store.append(message("11111111111", "before"));
        Files.writeString(folder.resolve("11111111111.jsonl"), "{\"meetingId\":\"1111", StandardOpenOption.APPEND);
        Files.writeString(folder.resolve("11111111111.jsonl"), "\n", StandardOpenOption.APPEND);
        store.append(message("11111111111", "after"));
        assertThat(store.history("11111111111", 10)).extracting(ChatMessage::content).containsExactly("before", "after");
    }

    @Test
    void refusesMeetingIdsThatAreNotDigits() {
        FileChatStore store = new FileChatStore(folder);
        assertThatThrownBy(() -> store.append(message("../etc", "x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.history("a/b", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
