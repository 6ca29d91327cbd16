package org.parley.api.chat;

import java.util.List;

/** Durable chat history. */
public interface ChatStore {

    /** Stores a message; when this returns, the message survives a restart. */
    void append(ChatMessage message);

    /** The latest {@code limit} messages of a meeting, oldest first. */
    List<ChatMessage> history(String meetingId, int limit);
}
