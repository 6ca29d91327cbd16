package org.parley.admin.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.parley.api.NodeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer token that guards the admin API. Taken from {@code PARLEY_ADMIN_TOKEN}, else from
 * {@code etc/org.parley.admin.cfg}, else generated once and kept in {@code data/admin.token} (owner-only),
 * so a fresh install is never open and {@code bin/parley} on the same machine still finds it.
 */
@Component(service = AdminToken.class, configurationPid = AdminToken.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AdminToken.Config.class)
public final class AdminToken {
    static final String PID = "org.parley.admin";
    private static final Logger LOG = LoggerFactory.getLogger(AdminToken.class);

    @ObjectClassDefinition(name = "Parley admin", description = "Access to the admin API")
    public @interface Config {
        @AttributeDefinition(description = "Bearer token for /api/admin; empty = generated into data/admin.token")
        String token() default "";
    }

    private volatile byte[] expected;

    @Activate
    @Modified
    void configure(BundleContext context, Config config) throws IOException {
        String fromEnvironment = context.getProperty(NodeProperties.ENV_PREFIX + "admin.token");
        String token;
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            token = fromEnvironment.strip();
        } else if (!config.token().isBlank()) {
            token = config.token().strip();
        } else {
            token = generatedToken(Path.of(context.getProperty(NodeProperties.DATA)));
        }
        expected = token.getBytes(StandardCharsets.UTF_8);
    }

    private static String generatedToken(Path data) throws IOException {
        Path file = data.resolve("admin.token");
        if (Files.isRegularFile(file)) {
            String existing = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!existing.isEmpty()) {
                return existing;
            }
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.createDirectories(data);
        Files.writeString(file, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            LOG.warn("Cannot restrict permissions of {}", file);
        }
        LOG.info("Generated an admin token in {}", file);
        return token;
    }

    /** Whether an {@code Authorization} header carries the token; compared in constant time. */
    public boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, expected);
    }
}
