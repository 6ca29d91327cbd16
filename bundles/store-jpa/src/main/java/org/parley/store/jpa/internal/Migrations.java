package org.parley.store.jpa.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

/**
 * Brings the schema to the newest version: the SQL files named in {@link #FILES} ({@code V<n>__<what>.sql}),
 * each applied once, in order, and recorded in {@code parley_schema_version} with a checksum. A file that
 * changed after it was applied stops the start (edit the schema with a new file, never an old one). On
 * PostgreSQL an advisory lock keeps two nodes from migrating at once.
 */
final class Migrations {
    /** The migrations, oldest first. Add new files at the end. */
    static final List<String> FILES = List.of("V1__accounts.sql", "V2__meetings.sql");
    private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");
    private static final long LOCK_KEY = 0x5061726c6579L; // "Parley"

    record Migration(int version, String description, String sql, String checksum) {
    }

    private Migrations() {
    }

    static List<Migration> load() {
        List<Migration> migrations = new ArrayList<>();
        for (String file : FILES) {
            Matcher matcher = NAME.matcher(file);
            if (!matcher.matches()) {
                throw new IllegalStateException("Bad migration name " + file);
            }
            try (InputStream in = Migrations.class.getResourceAsStream("/db/migration/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("Missing migration " + file);
                }
                String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                migrations.add(new Migration(Integer.parseInt(matcher.group(1)), matcher.group(2).replace('_', ' '),
                        sql, sha256(sql)));
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read migration " + file, e);
            }
        }
        return migrations;
    }

    /** Applies what is missing; returns the schema version afterwards. */
    static int apply(DataSource dataSource, DatabaseSettings.Kind kind, List<Migration> migrations) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean locked = false;
            if (kind == DatabaseSettings.Kind.POSTGRESQL) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
                    locked = true;
                }
            }
            try {
                return applyLocked(connection, migrations);
            } finally {
                if (locked) {
                    connection.setAutoCommit(true);
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
                    }
                }
            }
        }
    }

    private static int applyLocked(Connection connection, List<Migration> migrations) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS parley_schema_version (version INT PRIMARY KEY, "
                    + "description VARCHAR(200) NOT NULL, checksum VARCHAR(64) NOT NULL, installed_at TIMESTAMP NOT NULL)");
        }
        connection.commit();
        Map<Integer, String> applied = new HashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT version, checksum FROM parley_schema_version")) {
            while (rows.next()) {
                applied.put(rows.getInt(1), rows.getString(2));
            }
        }
        int version = applied.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        for (Migration migration : migrations) {
            String checksum = applied.get(migration.version());
            if (checksum != null) {
                if (!checksum.equals(migration.checksum())) {
                    throw new IllegalStateException("Migration V" + migration.version() + " (" + migration.description()
                            + ") was changed after it was applied; add a new migration instead");
                }
                continue;
            }
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements(migration.sql())) {
                    statement.execute(sql);
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO parley_schema_version (version, description, checksum, installed_at) VALUES (?, ?, ?, ?)")) {
                insert.setInt(1, migration.version());
                insert.setString(2, migration.description());
                insert.setString(3, migration.checksum());
                insert.setTimestamp(4, Timestamp.from(Instant.now()));
                insert.executeUpdate();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
            connection.commit();
            version = Math.max(version, migration.version());
        }
        return version;
    }

    /** The statements of a file: split at semicolons that end a line; {@code --} comment lines dropped. */
    static List<String> statements(String sql) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(statement.substring(0, statement.length() - 1).strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
