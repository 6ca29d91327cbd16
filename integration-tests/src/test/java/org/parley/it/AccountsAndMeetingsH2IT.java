package org.parley.it;

import java.util.Map;

/** The accounts and meetings scenarios on the default store: embedded H2 in the node's data folder. */
class AccountsAndMeetingsH2IT extends AccountsAndMeetingsScenarios {

    @Override
    Map<String, String> databaseEnvironment() {
        return Map.of();
    }

    @Override
    void dropDatabase() {
        // the H2 files go with the node's folder
    }
}
