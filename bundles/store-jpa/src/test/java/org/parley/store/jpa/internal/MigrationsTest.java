package org.parley.store.jpa.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The real migrations on an in-memory H2: applied once, idempotent, and guarded against edits. */
class MigrationsTest {

    @Test
    void appliesEachMigrationOnceAndCreatesTheSeedIndexes() throws Exception {
        JdbcDataSource db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        assertThat(Migrations.apply(db, DatabaseSettings.Kind.H2, Migrations.load())).isEqualTo(2);
        assertThat(Migrations.apply(db, DatabaseSettings.Kind.H2, Migrations.load())).isEqualTo(2);
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES")) {
            List<String> indexes = new ArrayList<>();
            while (rows.next()) {
                indexes.add(rows.getString(1).toLowerCase());
            }
            assertThat(indexes).contains("users_email_uq", "meetings_host_idx", "meetings_start_idx");
        }
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO users (user_id, email, display_name, password_hash, created_at) VALUES (1, 'a@b.c', 'A', 'h', CURRENT_TIMESTAMP)");
            assertThatThrownBy(() -> s.execute("INSERT INTO users (user_id, email, display_name, password_hash, created_at) "
                    + "VALUES (2, 'a@b.c', 'B', 'h', CURRENT_TIMESTAMP)")).hasMessageContaining("USERS_EMAIL_UQ");
        }
        List<Migrations.Migration> edited = new ArrayList<>(Migrations.load());
        Migrations.Migration first = edited.get(0);
        edited.set(0, new Migrations.Migration(first.version(), first.description(), first.sql() + "\n-- edit", "changed"));
        assertThatThrownBy(() -> Migrations.apply(db, DatabaseSettings.Kind.H2, edited)).hasMessageContaining("was changed");
    }
}
