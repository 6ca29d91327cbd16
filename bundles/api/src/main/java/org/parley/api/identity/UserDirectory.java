package org.parley.api.identity;

import java.util.Optional;

/** Looks accounts up. */
public interface UserDirectory {

    Optional<User> find(long userId);

    /** By email, compared case-insensitively. */
    Optional<User> findByEmail(String email);
}
