-- Meetings (seed: meetings). meeting_id is the 11-digit meeting number; settings and recurrence are JSON text.
CREATE TABLE meetings (
    meeting_id BIGINT PRIMARY KEY,
    host_user_id BIGINT NOT NULL REFERENCES users (user_id),
    title VARCHAR(255) NOT NULL,
    passcode VARCHAR(10) NOT NULL,
    meeting_type VARCHAR(16) NOT NULL,
    status VARCHAR(16) NOT NULL,
    scheduled_start TIMESTAMP NOT NULL,
    duration_minutes INT NOT NULL,
    time_zone VARCHAR(64) NOT NULL,
    is_recurring BOOLEAN NOT NULL,
    recurrence VARCHAR(1000),
    settings VARCHAR(4000) NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    row_version INT NOT NULL
);
CREATE INDEX meetings_host_idx ON meetings (host_user_id);
CREATE INDEX meetings_start_idx ON meetings (scheduled_start);

CREATE TABLE meeting_co_hosts (
    meeting_id BIGINT NOT NULL REFERENCES meetings (meeting_id),
    user_id BIGINT NOT NULL REFERENCES users (user_id),
    PRIMARY KEY (meeting_id, user_id)
);
CREATE INDEX meeting_co_hosts_user_idx ON meeting_co_hosts (user_id);
