-- Backups and restores (contract: "Backups", "Restores").
--
-- A backup outlives its namespace: namespace_id becomes NULL when the namespace is deleted, and
-- namespace_name keeps the name it was listed under.
--
-- Jobs (creating a backup, running a restore) are owned by the instance that runs them through a
-- session advisory lock on job_lock_key, taken on the job's own connection before the row is committed.
-- Any instance that can take a job's lock knows its owner is gone and marks it failed (the reaper); an unfinished
-- row without a lock key has no owner to prove alive and is marked failed too.
-- job_backend_pid is that connection's backend, so that another instance can cancel the job's statement
-- (pg_cancel_backend) when the backup is deleted while it is being made.
CREATE TABLE backups (
    id               uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    name             text        NOT NULL,
    namespace_id     uuid        REFERENCES namespaces (id) ON DELETE SET NULL,
    namespace_name   text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    status           text        NOT NULL CHECK (status IN ('creating', 'ready', 'failed')),
    origin           text        NOT NULL CHECK (origin IN ('created', 'uploaded')),
    -- The archive, a large object; present exactly when the backup is ready. Deleting the row and
    -- unlinking the object happen in one transaction, so no large object is ever left without a row.
    archive_oid      oid         UNIQUE,
    size_bytes       bigint,
    sha256           text,
    schema_version   integer,
    format_version   integer,
    source_namespace text,
    folder_count     integer,
    item_count       integer,
    error            text,
    job_lock_key     bigint,
    job_backend_pid  integer,
    finished_at      timestamptz,
    CHECK ((status = 'ready') = (archive_oid IS NOT NULL)),
    CHECK (status <> 'ready' OR (size_bytes IS NOT NULL AND sha256 IS NOT NULL AND schema_version IS NOT NULL
                                 AND folder_count IS NOT NULL AND item_count IS NOT NULL)),
    CHECK (status <> 'failed' OR error IS NOT NULL)
);
CREATE INDEX backups_by_creation ON backups (created_at, id);
CREATE INDEX backups_by_namespace ON backups (namespace_id, created_at, id);
-- The reaper's scan: only unfinished jobs.
CREATE INDEX backups_unfinished ON backups (id) WHERE status = 'creating';

CREATE TABLE restores (
    id                 uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    -- No foreign key: the history keeps the id of a backup deleted since.
    backup_id          uuid        NOT NULL,
    namespace_id       uuid        REFERENCES namespaces (id) ON DELETE SET NULL,
    namespace_name     text        NOT NULL,
    status             text        NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    started_at         timestamptz NOT NULL DEFAULT now(),
    finished_at        timestamptz,
    error              text,
    -- {"folders", "items", "migratedFromSchemaVersion", "safetyBackupId", "warnings"}; set when it succeeded.
    report             jsonb,
    safety_backup      boolean     NOT NULL DEFAULT false,
    job_lock_key       bigint,
    job_backend_pid    integer,
    CHECK (status <> 'failed' OR error IS NOT NULL)
);
-- At most one running restore per namespace, across every instance: the second INSERT fails with a
-- unique violation, answered as 409 namespace_busy. Also the reaper's scan of running restores.
CREATE UNIQUE INDEX restores_one_running_per_namespace ON restores (namespace_id) WHERE status = 'running';
CREATE INDEX restores_by_namespace ON restores (namespace_id, started_at DESC, id);
CREATE INDEX restores_by_start ON restores (started_at DESC, id);
