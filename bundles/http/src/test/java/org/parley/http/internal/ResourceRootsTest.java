package org.parley.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import jakarta.ws.rs.Path;

class ResourceRootsTest {
    @Path("/meetings/")
    static class Meetings {
    }

    @Path("meetings")
    static class RivalMeetings {
    }

    @Path("users/{id}")
    static class User {
    }

    @Path("users/{userId}")
    static class RivalUser {
    }

    static class NoPath {
    }

    static class InheritsPath extends Meetings {
    }

    @Test
    void normalizesSlashesAndTemplates() {
        assertThat(ResourceRoots.rootOf(Meetings.class)).isEqualTo("meetings");
        assertThat(ResourceRoots.rootOf(User.class)).isEqualTo(ResourceRoots.rootOf(RivalUser.class));
        assertThat(ResourceRoots.rootOf(InheritsPath.class)).isEqualTo("meetings");
        assertThat(ResourceRoots.rootOf(NoPath.class)).isNull();
    }

    @Test
    void firstOfferedKeepsAPathAndLaterOnesAreRefusedNamingTheHolder() {
        ResourceRoots.Decision decision = ResourceRoots.decide(List.of(
                new ResourceRoots.Offer(9, "b.bundle 1.0.0", new RivalMeetings()),
                new ResourceRoots.Offer(3, "a.bundle 1.0.0", new Meetings()),
                new ResourceRoots.Offer(5, "c.bundle 1.0.0", new User()),
                new ResourceRoots.Offer(7, "d.bundle 1.0.0", new RivalUser()),
                new ResourceRoots.Offer(8, "e.bundle 1.0.0", new NoPath())));
        assertThat(decision.accepted()).extracting(ResourceRoots.Offer::order).containsExactly(3L, 5L);
        assertThat(decision.rejected()).extracting(r -> r.offer().order()).containsExactly(7L, 8L, 9L);
        assertThat(decision.rejected().get(2).reason()).contains("/api/meetings").contains("a.bundle 1.0.0")
                .contains(Meetings.class.getName());
        assertThat(decision.rejected().get(1).reason()).contains("has no @Path");
    }
}
