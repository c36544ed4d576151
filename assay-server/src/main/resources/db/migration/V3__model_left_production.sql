-- When a version last left production (epoch milliseconds; NULL: never in production, or still there): a rollback
-- puts back the version that left most recently, whatever its number.
ALTER TABLE model_versions ADD COLUMN left_production_at BIGINT;
