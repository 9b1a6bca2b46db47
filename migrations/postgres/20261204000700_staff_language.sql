-- The language each staff member chose in the header's switch: it wins over the browser's
-- cookie and Accept-Language on every page they open, in every browser. NULL: never chose.
ALTER TABLE staff_preferences
    ADD COLUMN language TEXT CHECK (language IN ('en', 'zh-CN'));
