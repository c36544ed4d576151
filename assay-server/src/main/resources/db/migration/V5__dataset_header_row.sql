-- The header row of an uploaded workbook's sheet (1-based as Excel shows it; NULL: detected), chosen with the upload's
-- 'header_row' field.
ALTER TABLE datasets ADD COLUMN header_row INTEGER;
