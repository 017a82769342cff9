-- Namespaces and their content (contract: "Namespaces", "Namespace content").
--
-- Paths are stored as the full content path with a leading slash ('/Orders/Order Service') in
-- COLLATE "C", so that
--   * listings sorted "by path" use code-point order, never a locale's;
--   * a folder's subtree is the btree range  path > '/A/' AND path < '/A0'  of the primary key ('0' follows '/'
--     in code-point order, so '/AB' and '/A B' stay outside), with no LIKE escaping;
--   * the primary key (namespace_id, path) serves lookups, subtree deletes, sorted listings, the counts of the
--     namespace list and the cascades of a namespace delete. No other index is needed.
-- The rules for names and paths live in Sources/Domain/Names; the CHECKs below only back them up (lengths in
-- characters are code points, as char_length counts them; a whole path is at most 2,048 bytes so that a primary-key
-- entry always fits in a btree page).
--
-- Writers of one namespace serialize on its row (SELECT … FOR NO KEY UPDATE, see Domain/Content/NamespaceLock.swift):
-- content writes and restores exclude each other, foreign-key checks from backups/restores are not blocked.
CREATE TABLE namespaces (
    id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    name       text        COLLATE "C" NOT NULL CONSTRAINT namespaces_name_key UNIQUE
                           CHECK (char_length(name) BETWEEN 1 AND 100),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE folders (
    namespace_id uuid        NOT NULL REFERENCES namespaces (id) ON DELETE CASCADE,
    path         text        COLLATE "C" NOT NULL
                             CHECK (path LIKE '/%' AND path <> '/' AND octet_length(path) <= 2048),
    -- [{"principal": "group:designers", "access": "read"|"write"|"admin"}, …]
    permissions  jsonb       NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(permissions) = 'array'),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (namespace_id, path)
);

-- Item bytes live in the row (items are at most 64 MiB by default; bytea allows 1 GB), compressed with lz4
-- instead of the default pglz, because column compression dominates the cost of bulk writes and a restore is
-- exactly such a bulk write. Measured on this kind of machine (2 cores shared with other builds, PostgreSQL 15,
-- fsync off) with ContentBulkLoader (binary COPY, SHA-256 and path checks included) loading 10,000 items × 20 KiB of
-- XML-like text in one transaction, three runs each
-- (`NSBACKUP_BENCH=1 swift test -c release --filter ContentBenchmarkTests`):
--
--   storage of `content`         load         items table   read back (COPY TO)
--   COMPRESSION lz4              2.0–3.7 s    121 MiB       0.4–0.8 s
--   COMPRESSION pglz (default)   8.7–11.4 s    89 MiB       0.8–1.6 s
--   STORAGE EXTERNAL (none)      1.5–2.2 s    214 MiB       0.4–0.5 s
--
-- lz4 writes about as fast as no compression at all (best runs 2.0 s vs 1.5–2.0 s, 100 MB/s) at 57 % of the space —
-- less to write to disk and WAL, less for a backup to read — while pglz saves another 30 MiB at 4–5× the write time
-- and twice the read time. (Facts sheet, bare COPY: lz4 1.6 s, pglz 6.0 s.) Values that lz4 cannot shrink (already
-- compressed files) are stored uncompressed automatically. COMPRESSION lz4 needs a server built with lz4 (Debian's
-- and the official Docker images are).
CREATE TABLE items (
    namespace_id uuid        NOT NULL REFERENCES namespaces (id) ON DELETE CASCADE,
    path         text        COLLATE "C" NOT NULL
                             CHECK (path LIKE '/%' AND path <> '/' AND octet_length(path) <= 2048),
    kind         text        NOT NULL CHECK (kind IN ('service', 'model', 'form', 'library', 'file')),
    content_type text        NOT NULL CHECK (content_type <> '' AND octet_length(content_type) <= 255),
    size         bigint      NOT NULL CHECK (size >= 0),
    sha256       text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    content      bytea       COMPRESSION lz4 NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (namespace_id, path),
    CHECK (octet_length(content) = size)
);
