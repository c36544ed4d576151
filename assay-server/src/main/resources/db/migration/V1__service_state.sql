-- Assay service state. One SQL subset that SQLite and PostgreSQL both run: text ids (UUIDs), times as epoch
-- milliseconds, JSON documents as text.

CREATE TABLE users (
    id          VARCHAR(36)  PRIMARY KEY,
    name        VARCHAR(100) NOT NULL UNIQUE,
    created_at  BIGINT       NOT NULL
);

CREATE TABLE api_keys (
    id          VARCHAR(36)  PRIMARY KEY,
    user_id     VARCHAR(36)  NOT NULL REFERENCES users (id),
    role        VARCHAR(16)  NOT NULL,
    key_hash    VARCHAR(64)  NOT NULL UNIQUE,
    label       VARCHAR(200),
    created_at  BIGINT       NOT NULL,
    revoked_at  BIGINT
);

CREATE TABLE datasets (
    id             VARCHAR(36)   PRIMARY KEY,
    owner          VARCHAR(36)   NOT NULL,
    name           VARCHAR(255)  NOT NULL,
    format         VARCHAR(16)   NOT NULL,
    bytes          BIGINT        NOT NULL,
    sha256         VARCHAR(64)   NOT NULL,
    file           VARCHAR(1000) NOT NULL,
    status         VARCHAR(16)   NOT NULL,
    error_type     VARCHAR(100),
    error_message  TEXT,
    row_count      BIGINT,
    column_count   INTEGER,
    profile        TEXT,
    created_at     BIGINT        NOT NULL,
    expires_at     BIGINT        NOT NULL
);
CREATE INDEX datasets_by_owner ON datasets (owner, created_at);
CREATE INDEX datasets_by_expiry ON datasets (expires_at);

CREATE TABLE jobs (
    id                VARCHAR(36)  PRIMARY KEY,
    owner             VARCHAR(36)  NOT NULL,
    kind              VARCHAR(32)  NOT NULL,
    subject           VARCHAR(200),
    status            VARCHAR(16)  NOT NULL,
    stage             VARCHAR(200),
    progress          DOUBLE PRECISION NOT NULL,
    attempts          INTEGER      NOT NULL,
    cancel_requested  INTEGER      NOT NULL,
    request           TEXT         NOT NULL,
    result            TEXT,
    error_type        VARCHAR(100),
    error_message     TEXT,
    created_at        BIGINT       NOT NULL,
    started_at        BIGINT,
    finished_at       BIGINT,
    expires_at        BIGINT       NOT NULL
);
CREATE INDEX jobs_by_owner ON jobs (owner, created_at);
CREATE INDEX jobs_by_status ON jobs (status);
