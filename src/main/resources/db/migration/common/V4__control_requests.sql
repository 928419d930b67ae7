-- Operator requests to a running or halted operation (cancel, pause, roll back): at most one per operation, a newer
-- one replaces it. Earlier versions kept them as a pseudo-checkpoint with step 'control'; move the pending ones.
CREATE TABLE control_requests (
    operation_id VARCHAR(32)              NOT NULL PRIMARY KEY REFERENCES operations (id),
    action       VARCHAR(16)              NOT NULL,
    actor        VARCHAR(200)             NOT NULL,
    requested_at TIMESTAMP WITH TIME ZONE NOT NULL
);

INSERT INTO control_requests (operation_id, action, actor, requested_at)
SELECT operation_id, UPPER(SUBSTRING(detail, 1, POSITION(' ' IN detail) - 1)),
       SUBSTRING(detail, POSITION(' ' IN detail) + 1), written_at
  FROM checkpoints
 WHERE step = 'control' AND status = 'STARTED' AND POSITION(' ' IN detail) > 1;

DELETE FROM checkpoints WHERE step = 'control';

-- HALTED became a state of its own (it was PAUSED with a detail starting ' — halted').
UPDATE operations SET state = 'HALTED', state_detail = SUBSTRING(state_detail, 10)
 WHERE state = 'PAUSED' AND state_detail LIKE ' — halted%';
