-- Bearer tokens of the REST API (contract: "Tokens and roles").
-- Secrets are never stored: token_hash is the SHA-256 of the secret, in lowercase hex.
CREATE TABLE api_tokens (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    name           text        NOT NULL,
    role           text        NOT NULL CHECK (role IN ('reader', 'operator', 'admin')),
    -- true: every namespace ("*"); false: only those in namespace_ids.
    all_namespaces boolean     NOT NULL,
    namespace_ids  uuid[]      NOT NULL DEFAULT '{}',
    token_hash     text        NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    -- The token that NSBACKUP_ADMIN_TOKEN configures (replaced when the variable changes).
    is_bootstrap   boolean     NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL DEFAULT now()
);
