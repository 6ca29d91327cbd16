package org.parley.meetings.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

class PasscodesTest {

    @Test
    void generatedPasscodesAreSixUnambiguousCharactersAndValid() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 10_000; i++) {
            String code = Passcodes.generate(random);
            assertThat(code).matches("[a-hjkmnp-z2-9]{6}");
            assertThat(Passcodes.problem(code)).isEmpty();
        }
    }

    @Test
    void hostPasscodesFollowTheRules() {
        assertThat(Passcodes.problem("abcd")).isEmpty();
        assertThat(Passcodes.problem("Ab-1_@*z90")).isEmpty();
        assertThat(Passcodes.problem("abc")).contains("must be 4 to 10 characters");
        assertThat(Passcodes.problem("abcdefghijk")).contains("must be 4 to 10 characters");
        assertThat(Passcodes.problem("ab cd")).contains("may contain only letters, digits and @ * _ -");
        assertThat(Passcodes.problem("abcd'--")).isPresent();
        assertThat(Passcodes.problem("äbcd")).isPresent();
        assertThat(Passcodes.problem("ab\u0000cd")).isPresent();
    }

    @Test
    void matchingIsExact() {
        assertThat(Passcodes.matches("abc123", "abc123")).isTrue();
        assertThat(Passcodes.matches("abc123", "ABC123")).isFalse();
        assertThat(Passcodes.matches("abc123", "abc1234")).isFalse();
        assertThat(Passcodes.matches("abc123", "")).isFalse();
        assertThat(Passcodes.matches("abc123", null)).isFalse();
    }
}
