package org.parley.chat.internal;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.parley.api.chat.ChatStore;
import org.parley.api.http.ProblemException;
import org.parley.api.http.RestResource;
import org.parley.api.meetings.JoinTicket;
import org.parley.api.meetings.JoinTickets;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/meetings/{id}/chat?limit=N}: a meeting's chat history for its participants. The caller
 * proves it may see the meeting with a join ticket of that meeting ({@code Authorization: Bearer TICKET}),
 * and sees the public messages and the private ones of its own account.
 */
@Component(service = RestResource.class)
@Path("meetings/{meetingId}/chat")
public final class ChatHistoryResource implements RestResource {
    @Reference
    private ChatStore store;

    @Reference
    private JoinTickets tickets;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> history(@PathParam("meetingId") String meetingId,
            @HeaderParam("Authorization") String authorization, @QueryParam("limit") Integer limit) {
        String digits = meetingId == null ? "" : meetingId.replace("-", "");
        if (!digits.matches("\\d{11}")) {
            throw ProblemException.validation(List.of(new org.parley.api.http.FieldError("meetingId",
                    "must be an 11-digit meeting id")));
        }
        int max = limit == null ? 100 : limit;
        if (max < 1 || max > 1000) {
            throw ProblemException.validation(List.of(new org.parley.api.http.FieldError("limit", "must be 1 to 1000")));
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ProblemException(401, "unauthorized", "Join ticket required",
                    "Send 'Authorization: Bearer <join ticket>' of this meeting");
        }
        JoinTicket ticket = tickets.verify(authorization.substring(7).strip())
                .orElseThrow(() -> new ProblemException(401, "invalid-ticket", "Invalid join ticket",
                        "The join ticket is not valid or has expired"));
        if (!ticket.meetingId().equals(digits)) {
            throw new ProblemException(403, "forbidden", "Not your meeting", "The join ticket is for another meeting");
        }
        List<Map<String, Object>> messages = store.history(digits, max * 4).stream()
                .filter(m -> ChatHandler.visibleTo(m, null, ticket.userId())).map(ChatHandler::view).toList();
        messages = messages.subList(Math.max(0, messages.size() - max), messages.size());
        return Map.of("meetingId", digits, "messages", messages);
    }
}
