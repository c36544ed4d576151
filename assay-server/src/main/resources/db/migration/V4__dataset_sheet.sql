-- The worksheet of an uploaded workbook to read (NULL: the first one), chosen with the upload's 'sheet' field.
ALTER TABLE datasets ADD COLUMN sheet VARCHAR(255);
