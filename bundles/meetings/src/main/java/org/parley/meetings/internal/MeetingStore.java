package org.parley.meetings.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.parley.api.NodeProperties;
import org.parley.api.meetings.JoinTicket;
import org.parley.api.meetings.JoinTickets;
import org.parley.api.meetings.MeetingDirectory;
import org.parley.api.meetings.MeetingInfo;
import org.parley.store.jpa.api.PersistenceUnits;
import org.parley.store.jpa.api.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.persistence.EntityManagerFactory;
import jakarta.ws.rs.core.UriInfo;

/**
 * Meetings in the database, and the two services the room uses: {@link MeetingDirectory} and
 * {@link JoinTickets}. The ticket key comes from the configuration or, by default, from a random key file in
 * the data folder, so tickets stay valid across restarts of one node.
 */
@Component(service = { MeetingStore.class, MeetingDirectory.class, JoinTickets.class },
        configurationPid = MeetingsConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = MeetingsConfig.class)
public final class MeetingStore implements MeetingDirectory, JoinTickets {
    private static final Logger LOG = LoggerFactory.getLogger(MeetingStore.class);
    static final String SCHEDULED = "scheduled";
    static final String CANCELLED = "cancelled";
    private static final int MAX_ID_ATTEMPTS = 10;

    @Reference
    private PersistenceUnits units;

    private final SecureRandom random = new SecureRandom();
    private EntityManagerFactory factory;
    private TicketSigner signer;
    private URI publicUrl;

    @Activate
    void activate(BundleContext context, MeetingsConfig config) throws IOException {
        signer = new TicketSigner(ticketKey(context, config));
        publicUrl = config.public_url() == null || config.public_url().isBlank() ? null
                : URI.create(config.public_url().strip().replaceAll("/*$", "/"));
        factory = units.create("meetings", MeetingStore.class.getClassLoader(), List.of(MeetingEntity.class.getName()));
    }

    @Deactivate
    void deactivate() {
        factory.close();
    }

    /** Stores a new meeting under a fresh random meeting ID; {@code fill} sets everything but the ID. */
    MeetingEntity create(Consumer<MeetingEntity> fill) {
        return create(fill, () -> MeetingIds.next(random));
    }

    MeetingEntity create(Consumer<MeetingEntity> fill, LongSupplier ids) {
        MeetingEntity[] stored = new MeetingEntity[1];
        MeetingIds.allocate(ids, id -> {
            MeetingEntity meeting = new MeetingEntity();
            fill.accept(meeting);
            meeting.id = id;
            try {
                Transactions.inTransaction(factory, em -> {
                    em.persist(meeting);
                    em.flush();
                    return null;
                });
                stored[0] = meeting;
                return MeetingIds.Insert.STORED;
            } catch (RuntimeException e) {
                if (!Transactions.isUniqueViolation(e)) {
                    throw e;
                }
                LOG.debug("Meeting ID {} is taken; drawing another", id);
                return MeetingIds.Insert.TAKEN;
            }
        }, MAX_ID_ATTEMPTS);
        return stored[0];
    }

    Optional<MeetingEntity> find(long id) {
        return Transactions.read(factory, em -> Optional.ofNullable(em.find(MeetingEntity.class, id)));
    }

    /** Applies {@code change} to the stored meeting in one transaction; empty when there is none. */
    Optional<MeetingEntity> update(long id, Consumer<MeetingEntity> change) {
        return Transactions.inTransaction(factory, em -> {
            MeetingEntity meeting = em.find(MeetingEntity.class, id);
            if (meeting == null) {
                return Optional.empty();
            }
            change.accept(meeting);
            meeting.updatedAt = Instant.now();
            return Optional.of(meeting);
        });
    }

    /** The meetings the user hosts or co-hosts, newest first, at most {@code limit}. */
    List<MeetingEntity> ofUser(long userId, int limit) {
        return Transactions.read(factory, em -> em.createQuery(
                "SELECT DISTINCT m FROM MeetingEntity m LEFT JOIN m.coHostUserIds c "
                        + "WHERE m.hostUserId = :user OR c = :user ORDER BY m.scheduledStart DESC", MeetingEntity.class)
                .setParameter("user", userId).setMaxResults(limit).getResultList());
    }

    /** Where join links and the signaling URL point: {@code public.url}, or the site the request came to. */
    URI siteBase(UriInfo request) {
        return publicUrl != null ? publicUrl : request.getBaseUri().resolve("/");
    }

    /** A fresh generated passcode. */
    String newPasscode() {
        return Passcodes.generate(random);
    }

    String sign(JoinTicket ticket) {
        return signer.sign(ticket);
    }

    @Override
    public Optional<JoinTicket> verify(String token) {
        Optional<JoinTicket> ticket = signer.verify(token, Instant.now());
        if (ticket.isEmpty()) {
            return ticket;
        }
        return find(ticket.get().meetingId()).isPresent() ? ticket : Optional.empty();
    }

    @Override
    public Optional<MeetingInfo> find(String meetingId) {
        Optional<Long> id = MeetingIds.parse(meetingId);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        return find(id.get()).filter(m -> !CANCELLED.equals(m.status)).map(m -> {
            MeetingSettings settings = MeetingJson.settings(m.settings);
            return new MeetingInfo(MeetingIds.digits(m.id), m.title, m.hostUserId, Set.copyOf(m.coHostUserIds),
                    settings.waitingRoom(), settings.muteOnEntry(), settings.allowRecording(), settings.e2ee());
        });
    }

    private static byte[] ticketKey(BundleContext context, MeetingsConfig config) throws IOException {
        String secret = context.getProperty(NodeProperties.ENV_PREFIX + "meetings.ticket.secret");
        if (secret == null || secret.isBlank()) {
            secret = config.ticket_secret();
        }
        if (secret != null && !secret.isBlank()) {
            byte[] key = secret.strip().getBytes(StandardCharsets.UTF_8);
            if (key.length < 32) {
                throw new IllegalArgumentException("ticket.secret must have at least 32 characters");
            }
            return key;
        }
        String data = context.getProperty(NodeProperties.DATA);
        Path file = Path.of(data == null ? "data" : data, "meetings", "ticket.key");
        if (Files.exists(file)) {
            byte[] key = Files.readAllBytes(file);
            if (key.length >= 32) {
                return key;
            }
        }
        Files.createDirectories(file.getParent());
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path temp = Files.createTempFile(file.getParent(), "ticket", ".tmp");
        try {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // best effort on other file systems
        }
        Files.write(temp, key);
        Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return key;
    }
}
