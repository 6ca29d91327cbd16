package org.parley.store.jpa.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {

    @Test
    void defaultsToEmbeddedH2InTheDataFolder() {
        DatabaseSettings settings = DatabaseSettings.resolve(config("", "", ""), Map.of("parley.data", "/srv/parley/data")::get);
        assertThat(settings.kind()).isEqualTo(DatabaseSettings.Kind.H2);
        assertThat(settings.url()).isEqualTo("jdbc:h2:file:/srv/parley/data/db/parley;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
    }

    @Test
    void environmentOverridesTheConfiguration() {
        DatabaseSettings settings = DatabaseSettings.resolve(config("jdbc:h2:mem:x", "sa", "pw"), Map.of(
                "parley.env.db.url", "jdbc:postgresql://db:5432/parley", "parley.env.db.user", "parley",
                "parley.env.db.password", "secret")::get);
        assertThat(settings.kind()).isEqualTo(DatabaseSettings.Kind.POSTGRESQL);
        assertThat(settings.url()).isEqualTo("jdbc:postgresql://db:5432/parley");
        assertThat(settings.user()).isEqualTo("parley");
        assertThat(settings.password()).isEqualTo("secret");
    }

    @Test
    void refusesOtherDatabasesAndHidesPasswordsInLogs() {
        assertThatThrownBy(() -> DatabaseSettings.resolve(config("jdbc:mysql://x/y", "", ""), Map.<String, String>of()::get))
                .hasMessageContaining("Unsupported database URL");
        DatabaseSettings settings = DatabaseSettings.resolve(config("jdbc:postgresql://h/db?user=a&password=hunter2", "", ""),
                Map.<String, String>of()::get);
        assertThat(settings.describe()).doesNotContain("hunter2");
    }

    @Test
    void migrationFilesSplitIntoStatements() {
        assertThat(Migrations.statements("-- comment\nCREATE TABLE a (x INT);\n\nCREATE INDEX i ON a (x);\n"))
                .containsExactly("CREATE TABLE a (x INT)", "CREATE INDEX i ON a (x)");
        assertThat(Migrations.load()).extracting(Migrations.Migration::version).containsExactly(1, 2);
    }

    static DatabaseConfig config(String url, String user, String password) {
        return new DatabaseConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return DatabaseConfig.class;
            }

            @Override
            public String url() {
                return url;
            }

            @Override
            public String user() {
                return user;
            }

            @Override
            public String password() {
                return password;
            }

            @Override
            public int pool_max() {
                return 5;
            }

            @Override
            public int pool_timeout_seconds() {
                return 5;
            }
        };
    }
}
