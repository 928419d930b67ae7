-- What a run changed on a cluster and must put back (throttles it set, a retention.ms it lowered), written before the
-- change and cleared after the undo. Kept here when several bot instances share the database (PostgreSQL), so that the
-- instance that takes a run over, or starts next, sees what another one left; one bot on H2 keeps them as files in its
-- data folder.
CREATE TABLE throttle_ledger (
    cluster  VARCHAR(200)  NOT NULL,
    run_id   VARCHAR(64)   NOT NULL,
    brokers  VARCHAR(4000) NOT NULL,
    topics   TEXT          NOT NULL,
    PRIMARY KEY (cluster, run_id)
);
CREATE TABLE retention_ledger (
    cluster   VARCHAR(200) NOT NULL,
    run_id    VARCHAR(64)  NOT NULL,
    topic     VARCHAR(300) NOT NULL,
    original  VARCHAR(64),
    PRIMARY KEY (cluster, run_id)
);
