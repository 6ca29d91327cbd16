package org.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What a node stored is still there after a clean restart and after a crash (embedded H2, the default). */
class PersistenceIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void accountsAndMeetingsSurviveRestartAndCrash() throws Exception {
        ParleyServer server = ParleyServer.start("persistence");
        try {
            MeetingsApi api = new MeetingsApi(server);
            MeetingsApi.Account host = api.account("keeper");
            MeetingsApi.Meeting before = api.createMeeting(host, "Survives a restart", true);

            server = server.restart();
            api = new MeetingsApi(server);
            assertThat(api.ticket(before, null, "After restart")).isNotBlank();
            assertThat(myMeetings(server, host)).contains("Survives a restart");

            // created right before a SIGKILL: committed means on disk
            MeetingsApi.Meeting justBeforeCrash = api.createMeeting(host, "Survives a crash", false);
            server = server.crashAndRestart();
            api = new MeetingsApi(server);
            assertThat(api.ticket(justBeforeCrash, null, "After crash")).isNotBlank();
            assertThat(myMeetings(server, host)).contains("Survives a restart").contains("Survives a crash");
        } finally {
            server.close();
        }
    }

    private static String myMeetings(ParleyServer server, MeetingsApi.Account host) throws Exception {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri("/api/me/meetings"))
                .header("Authorization", "Bearer " + host.token()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode mine = JSON.readTree(response.body());
        return mine.toString();
    }
}
