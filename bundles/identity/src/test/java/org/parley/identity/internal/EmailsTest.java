package org.parley.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailsTest {

    @Test
    void acceptsOrdinaryAddressesAndNormalizesCase() {
        assertThat(Emails.valid("alice@example.com")).isTrue();
        assertThat(Emails.valid("a.b+tag@sub.example.co.uk")).isTrue();
        assertThat(Emails.normalize("  Alice@Example.COM ")).isEqualTo("alice@example.com");
    }

    @Test
    void refusesWhatIsNotAnAddress() {
        for (String bad : new String[] { null, "", "alice", "alice@", "@example.com", "alice@example", "a b@example.com",
                "alice@exa mple.com", "alice@-example.com", "alice\u0000@example.com", "x".repeat(65) + "@example.com",
                "alice@" + "x".repeat(250) + ".com" }) {
            assertThat(Emails.valid(bad)).as(String.valueOf(bad)).isFalse();
        }
    }
}
