-- Several bot instances on one database (PostgreSQL, a Quartz cluster) each run an outbox worker: an instance
-- delivers only the items it claimed, until the claim expires (an instance that died mid-delivery), so a queued
-- write is not sent by two instances.
ALTER TABLE chat_outbox ADD COLUMN claimed_by VARCHAR(64);
ALTER TABLE chat_outbox ADD COLUMN claimed_until TIMESTAMP WITH TIME ZONE;
