-- A reaction names a message: find its operation without scanning the table.
CREATE INDEX operations_by_message ON operations (channel, message_ts);
