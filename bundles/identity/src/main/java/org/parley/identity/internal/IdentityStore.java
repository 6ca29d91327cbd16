package org.parley.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.parley.api.identity.OpenedSession;
import org.parley.api.identity.Session;
import org.parley.api.identity.SessionLookup;
import org.parley.api.identity.SessionStore;
import org.parley.api.identity.User;
import org.parley.api.identity.UserDirectory;
import org.parley.store.jpa.api.PersistenceUnits;
import org.parley.store.jpa.api.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.persistence.EntityManagerFactory;

/**
 * Accounts and sessions in the database. Sessions are looked up by the SHA-256 of the bearer token (a
 * token has 256 random bits, so a plain hash is enough and keeps lookups one indexed read); expired
 * sessions are answered as expired until the hourly sweep removes them.
 */
@Component(service = { IdentityStore.class, SessionStore.class, UserDirectory.class },
        configurationPid = IdentityConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = IdentityConfig.class)
public final class IdentityStore implements SessionStore, UserDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityStore.class);
    private static final int TOKEN_BYTES = 32;
    /** Largest id that JavaScript clients read exactly (2^53 - 1). */
    private static final long MAX_ID = (1L << 53) - 1;

    @Reference
    private PersistenceUnits units;

    private final SecureRandom random = new SecureRandom();
    private EntityManagerFactory factory;
    private PasswordHasher hasher;
    private String dummyHash;
    private Duration sessionTtl;
    private ScheduledExecutorService sweeper;

    @Activate
    void activate(IdentityConfig config) {
        hasher = new PasswordHasher(config.argon2_memory_kib(), config.argon2_iterations(), config.argon2_parallelism());
        dummyHash = hasher.hash("not a real password");
        sessionTtl = Duration.ofSeconds(Math.max(1, config.session_ttl_seconds()));
        factory = units.create("identity", IdentityStore.class.getClassLoader(),
                List.of(UserEntity.class.getName(), SessionEntity.class.getName()));
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-session-sweeper");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweepExpired, 1, 60, TimeUnit.MINUTES);
    }

    @Deactivate
    void deactivate() {
        sweeper.shutdownNow();
        factory.close();
    }

    Duration sessionTtl() {
        return sessionTtl;
    }

    /** Creates an account; empty when the email is taken. */
    Optional<User> createUser(String email, String displayName, String password) {
        if (findEntityByEmail(email).isPresent()) {
            return Optional.empty(); // the unique index still decides when two sign-ups race
        }
        UserEntity user = new UserEntity();
        user.id = 1 + random.nextLong(MAX_ID);
        user.email = email;
        user.displayName = displayName;
        user.passwordHash = hasher.hash(password);
        user.planType = "free";
        user.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try {
            Transactions.inTransaction(factory, em -> {
                em.persist(user);
                em.flush();
                return null;
            });
            return Optional.of(view(user));
        } catch (RuntimeException e) {
            if (Transactions.isUniqueViolation(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The account whose password this is; empty otherwise, after the same work either way. */
    Optional<User> checkPassword(String email, String password) {
        Optional<UserEntity> user = findEntityByEmail(email);
        String hash = user.map(u -> u.passwordHash).orElse(dummyHash);
        boolean matches = hasher.verify(password, hash);
        if (user.isEmpty() || !matches) {
            return Optional.empty();
        }
        if (hasher.needsRehash(hash)) {
            String upgraded = hasher.hash(password);
            Transactions.inTransaction(factory, em -> {
                UserEntity row = em.find(UserEntity.class, user.get().id);
                if (row != null) {
                    row.passwordHash = upgraded;
                }
                return null;
            });
        }
        return user.map(IdentityStore::view);
    }

    Optional<User> rename(long userId, String displayName) {
        return Transactions.inTransaction(factory, em -> {
            UserEntity row = em.find(UserEntity.class, userId);
            if (row == null) {
                return Optional.<User>empty();
            }
            row.displayName = displayName;
            return Optional.of(view(row));
        });
    }

    @Override
    public Optional<User> find(long userId) {
        return Transactions.read(factory, em -> Optional.ofNullable(em.find(UserEntity.class, userId)).map(IdentityStore::view));
    }

    @Override
    public Optional<User> findByEmail(String email) {
        return findEntityByEmail(email).map(IdentityStore::view);
    }

    private Optional<UserEntity> findEntityByEmail(String email) {
        if (email == null) {
            return Optional.empty();
        }
        String normalized = Emails.normalize(email);
        return Transactions.read(factory, em -> em.createQuery("SELECT u FROM UserEntity u WHERE u.email = :email",
                UserEntity.class).setParameter("email", normalized).getResultList().stream().findFirst());
    }

    @Override
    public OpenedSession open(long userId, Duration ttl) {
        byte[] secret = new byte[TOKEN_BYTES];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        SessionEntity row = new SessionEntity();
        row.tokenHash = hash(token);
        row.userId = userId;
        row.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        row.expiresAt = row.createdAt.plus(ttl);
        Transactions.inTransaction(factory, em -> {
            em.persist(row);
            return null;
        });
        return new OpenedSession(token, view(row));
    }

    @Override
    public SessionLookup find(String token) {
        if (!wellFormed(token)) {
            return new SessionLookup.Unknown();
        }
        String key = hash(token);
        SessionEntity row = Transactions.read(factory, em -> em.find(SessionEntity.class, key));
        if (row == null) {
            return new SessionLookup.Unknown();
        }
        if (!Instant.now().isBefore(row.expiresAt)) {
            return new SessionLookup.Expired();
        }
        return new SessionLookup.Active(view(row));
    }

    @Override
    public boolean revoke(String token) {
        if (!wellFormed(token)) {
            return false;
        }
        String key = hash(token);
        return Transactions.inTransaction(factory, em -> em.createQuery(
                "DELETE FROM SessionEntity s WHERE s.tokenHash = :hash").setParameter("hash", key).executeUpdate()) > 0;
    }

    @Override
    public int revokeAll(long userId) {
        return Transactions.inTransaction(factory, em -> em.createQuery(
                "DELETE FROM SessionEntity s WHERE s.userId = :user").setParameter("user", userId).executeUpdate());
    }

    private void sweepExpired() {
        try {
            int removed = Transactions.inTransaction(factory, em -> em.createQuery(
                    "DELETE FROM SessionEntity s WHERE s.expiresAt < :now").setParameter("now", Instant.now())
                    .executeUpdate());
            if (removed > 0) {
                LOG.info("Removed {} expired sessions", removed);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not remove expired sessions: {}", e.toString());
        }
    }

    private static boolean wellFormed(String token) {
        return token != null && token.length() == 43 && token.chars().allMatch(c -> c == '-' || c == '_'
                || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static User view(UserEntity row) {
        return new User(row.id, row.email, row.displayName, row.createdAt);
    }

    private static Session view(SessionEntity row) {
        return new Session(row.tokenHash.substring(0, 16), row.userId, row.createdAt, row.expiresAt);
    }
}
