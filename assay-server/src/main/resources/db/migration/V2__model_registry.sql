-- The model registry's index (models, detectors and recommenders of keyed users) moves from a JSON file per user to
-- the database; their files stay content-addressed under the data directory. Same SQL subset as V1.

-- One row per owner whose registry has changed: a change takes this row's lock (UPDATE ... revision + 1) so that
-- changes to one owner's registry are serialized on PostgreSQL as they are on SQLite (one writer).
CREATE TABLE model_registries (
    owner       VARCHAR(64)  PRIMARY KEY,
    revision    BIGINT       NOT NULL
);

CREATE TABLE model_versions (
    owner             VARCHAR(64)   NOT NULL,
    name              VARCHAR(100)  NOT NULL,
    version           INTEGER       NOT NULL,
    stage             VARCHAR(16)   NOT NULL,
    type              VARCHAR(100)  NOT NULL,
    task              VARCHAR(32)   NOT NULL,
    target            VARCHAR(1000),
    classes           TEXT          NOT NULL,
    options           TEXT,
    metrics           TEXT          NOT NULL,
    data_sha256       VARCHAR(64),
    data_rows         BIGINT        NOT NULL,
    seed              BIGINT        NOT NULL,
    assay_version     VARCHAR(100),
    libraries         TEXT          NOT NULL,
    document_sha256   VARCHAR(64)   NOT NULL,
    estimator_sha256  VARCHAR(64)   NOT NULL,
    bytes             BIGINT        NOT NULL,
    created_at        BIGINT        NOT NULL,
    PRIMARY KEY (owner, name, version)
);
