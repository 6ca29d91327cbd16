package org.parley.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A fresh database on the machine's PostgreSQL (127.0.0.1:5432, user postgres, trust authentication) for one
 * test class, dropped on close. When PostgreSQL is not running, it is started first with Debian's
 * {@code pg_ctlcluster}, so the suite also passes on a fresh machine.
 */
public final class PostgresDatabase implements AutoCloseable {
    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final String USER = "postgres";

    private final String name;

    private PostgresDatabase(String name) {
        this.name = name;
    }

    public static PostgresDatabase create() throws Exception {
        ensureRunning();
        String name = "parley_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return new PostgresDatabase(name);
    }

    public String url() {
        return SERVER + name;
    }

    public String user() {
        return USER;
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, "");
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static boolean reachable() {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, "")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static void ensureRunning() throws IOException, InterruptedException {
        if (reachable()) {
            return;
        }
        Path clusters = Path.of("/etc/postgresql");
        if (!Files.isDirectory(clusters)) {
            throw new IllegalStateException("PostgreSQL is not running on 127.0.0.1:5432 and not installed "
                    + "(apt-get install postgresql)");
        }
        List<String> versions = new ArrayList<>();
        try (var list = Files.list(clusters)) {
            list.map(p -> p.getFileName().toString()).sorted().forEach(versions::add);
        }
        String version = versions.get(versions.size() - 1);
        List<String> command = new ArrayList<>(List.of("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"));
        if (!"root".equals(System.getProperty("user.name"))) {
            command.add(0, "sudo");
            command.add(1, "-n");
        }
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("Could not start PostgreSQL with " + command);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!reachable()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("PostgreSQL started but does not accept connections on 127.0.0.1:5432");
            }
            Thread.sleep(200);
        }
    }
}
