package org.parley.store.jpa.internal;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

import org.parley.api.NodeProperties;

/**
 * The effective database settings: the configuration, overridden by {@code PARLEY_DB_URL},
 * {@code PARLEY_DB_USER} and {@code PARLEY_DB_PASSWORD}, with embedded H2 under the data folder when no URL
 * is given. Pure logic, unit tested.
 */
record DatabaseSettings(Kind kind, String url, String user, String password, int poolMax, int poolTimeoutSeconds) {

    enum Kind {
        H2("h2"), POSTGRESQL("postgresql");

        final String id;

        Kind(String id) {
            this.id = id;
        }
    }

    /**
     * @param properties framework properties ({@code BundleContext::getProperty})
     */
    static DatabaseSettings resolve(DatabaseConfig config, UnaryOperator<String> properties) {
        String url = firstNonBlank(properties.apply(NodeProperties.ENV_PREFIX + "db.url"), config.url());
        String user = firstNonBlank(properties.apply(NodeProperties.ENV_PREFIX + "db.user"), config.user());
        String password = firstNonBlank(properties.apply(NodeProperties.ENV_PREFIX + "db.password"), config.password());
        if (url == null) {
            String data = properties.apply(NodeProperties.DATA);
            Path folder = Path.of(data == null ? "data" : data, "db").toAbsolutePath();
            url = "jdbc:h2:file:" + folder.resolve("parley");
        }
        Kind kind;
        if (url.startsWith("jdbc:h2:")) {
            kind = Kind.H2;
            // Parley closes the database itself when the store stops; H2's own shutdown hook would close it
            // under the bundles that are still stopping.
            String upper = url.toUpperCase(java.util.Locale.ROOT);
            if (!upper.contains("DB_CLOSE_ON_EXIT")) {
                url = url + ";DB_CLOSE_ON_EXIT=FALSE";
            }
            // A commit is on disk when it returns, as with a server database (H2 would otherwise write
            // commits up to a second later, and a node killed in that second would lose them).
            if (!upper.contains("WRITE_DELAY")) {
                url = url + ";WRITE_DELAY=0";
            }
        } else if (url.startsWith("jdbc:postgresql:")) {
            kind = Kind.POSTGRESQL;
        } else {
            throw new IllegalArgumentException("Unsupported database URL '" + url
                    + "': use jdbc:h2:... or jdbc:postgresql://...");
        }
        return new DatabaseSettings(kind, url, user == null ? "" : user, password == null ? "" : password,
                Math.max(1, config.pool_max()), Math.max(1, config.pool_timeout_seconds()));
    }

    /** For logs: the URL without credentials that may have been put into it. */
    String describe() {
        return kind.id + " " + url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    private static String firstNonBlank(String first, String second) {
        if (first != null && !first.isBlank()) {
            return first.strip();
        }
        return second != null && !second.isBlank() ? second.strip() : null;
    }
}
