package org.parley.api.chat;

import java.util.UUID;

/**
 * One chat message.
 *
 * @param messageId a time-based (version 1) UUID: orders messages within a meeting
 * @param senderId the sender's participant id; {@code senderUserId} its account (null for a guest)
 * @param recipientId null for everyone, else the one participant it was sent to privately
 * @param messageType {@code text} (more kinds, such as files, later)
 */
public record ChatMessage(String meetingId, UUID messageId, String senderId, Long senderUserId, String senderName,
        String recipientId, Long recipientUserId, String content, String messageType, long sentAt) {

    public boolean isPrivate() {
        return recipientId != null;
    }
}
