-- The language of the admin who asked for an export: the file's headers and words, and the
-- sentence of a failed one, are written in it.
ALTER TABLE customer_exports
    ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'zh-CN'));
