package org.parley.it;

import java.util.Map;

/** The accounts and meetings scenarios on a real PostgreSQL, in a database created for this class. */
class AccountsAndMeetingsPostgresIT extends AccountsAndMeetingsScenarios {
    private PostgresDatabase database;

    @Override
    Map<String, String> databaseEnvironment() throws Exception {
        if (database == null) {
            database = PostgresDatabase.create();
        }
        return Map.of("PARLEY_DB_URL", database.url(), "PARLEY_DB_USER", database.user());
    }

    @Override
    void dropDatabase() throws Exception {
        if (database != null) {
            database.close();
        }
    }
}
