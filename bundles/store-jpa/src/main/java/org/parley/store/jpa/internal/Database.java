package org.parley.store.jpa.internal;

import java.io.File;
import java.net.URL;
import java.util.List;
import java.util.Properties;

import javax.sql.DataSource;

import org.eclipse.persistence.config.PersistenceUnitProperties;
import org.eclipse.persistence.jpa.PersistenceProvider;
import org.h2.jdbcx.JdbcDataSource;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.parley.store.jpa.api.PersistenceUnits;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import jakarta.persistence.EntityManagerFactory;

/**
 * The node's database (PID {@code org.parley.database}): opens the pool, migrates the schema, then offers
 * {@link PersistenceUnits}. A configuration change restarts the component, so the units of the bundles that
 * use it are rebuilt over the new database.
 */
@Component(service = PersistenceUnits.class, configurationPid = DatabaseConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = DatabaseConfig.class)
public final class Database implements PersistenceUnits {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private DatabaseSettings settings;
    private HikariDataSource pool;
    private URL unitRoot;

    @Activate
    void activate(BundleContext context, DatabaseConfig config) throws Exception {
        settings = DatabaseSettings.resolve(config, context::getProperty);
        try {
            pool = openPool(settings);
            int version = Migrations.apply(pool, settings.kind(), Migrations.load());
            LOG.info("Database {} at schema version {}", settings.describe(), version);
        } catch (Exception | LinkageError e) {
            LOG.error("Database {} is not usable: {}", settings.describe(), e.toString());
            if (pool != null) {
                pool.close();
                pool = null;
            }
            throw e;
        }
        File root = context.getDataFile("unit-root");
        if (root != null) {
            root.mkdirs();
        } else {
            root = java.nio.file.Files.createTempDirectory("parley-unit-root").toFile();
        }
        unitRoot = root.toURI().toURL();
    }

    @Deactivate
    void deactivate() {
        if (pool == null) {
            return;
        }
        pool.close();
        if (settings.kind() == DatabaseSettings.Kind.H2) {
            // Make sure the embedded database is closed and flushed now, not by whichever session ends last.
            JdbcDataSource direct = new JdbcDataSource();
            direct.setURL(settings.url());
            direct.setUser(settings.user());
            direct.setPassword(settings.password());
            try (java.sql.Connection connection = direct.getConnection();
                    java.sql.Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN");
            } catch (java.sql.SQLException e) {
                LOG.debug("Embedded database shutdown: {}", e.toString());
            }
        }
    }

    static HikariDataSource openPool(DatabaseSettings settings) {
        DataSource driver = switch (settings.kind()) {
            case H2 -> {
                JdbcDataSource h2 = new JdbcDataSource();
                h2.setURL(settings.url());
                h2.setUser(settings.user());
                h2.setPassword(settings.password());
                yield h2;
            }
            case POSTGRESQL -> {
                PGSimpleDataSource pg = new PGSimpleDataSource();
                pg.setURL(settings.url());
                if (!settings.user().isEmpty()) {
                    pg.setUser(settings.user());
                }
                if (!settings.password().isEmpty()) {
                    pg.setPassword(settings.password());
                }
                yield pg;
            }
        };
        HikariConfig config = new HikariConfig();
        config.setPoolName("parley-db");
        config.setDataSource(driver);
        config.setMaximumPoolSize(settings.poolMax());
        config.setMinimumIdle(Math.min(2, settings.poolMax()));
        config.setConnectionTimeout(settings.poolTimeoutSeconds() * 1000L);
        config.setAutoCommit(true);
        return new HikariDataSource(config);
    }

    @Override
    public EntityManagerFactory create(String name, ClassLoader loader, List<String> entityClasses) {
        Properties properties = new Properties();
        properties.put(PersistenceUnitProperties.WEAVING, "false");
        properties.put(PersistenceUnitProperties.DDL_GENERATION, PersistenceUnitProperties.NONE);
        properties.put(PersistenceUnitProperties.CACHE_SHARED_DEFAULT, "false");
        properties.put(PersistenceUnitProperties.LOGGING_LOGGER, "JavaLogger");
        properties.put(PersistenceUnitProperties.LOGGING_LEVEL, "WARNING");
        properties.put(PersistenceUnitProperties.TARGET_SERVER, "None");
        properties.put(PersistenceUnitProperties.DEPLOY_ON_STARTUP, "true");
        properties.put(PersistenceUnitProperties.TARGET_DATABASE, settings.kind() == DatabaseSettings.Kind.H2
                ? "org.eclipse.persistence.platform.database.H2Platform"
                : "org.eclipse.persistence.platform.database.PostgreSQLPlatform");
        ClassLoader unitLoader = new UnitClassLoader(List.of(loader, PersistenceProvider.class.getClassLoader(),
                Database.class.getClassLoader()));
        List<String> managed = new java.util.ArrayList<>(entityClasses);
        managed.add(org.parley.store.jpa.api.InstantColumn.class.getName()); // converters are managed classes too
        UnitInfo info = new UnitInfo(name, unitLoader, List.copyOf(managed), pool, unitRoot, properties);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(unitLoader);
        try {
            EntityManagerFactory factory = new PersistenceProvider().createContainerEntityManagerFactory(info, properties);
            if (factory == null) {
                throw new IllegalStateException("EclipseLink did not create persistence unit " + name);
            }
            return factory;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public String databaseKind() {
        return settings.kind().id;
    }

}
