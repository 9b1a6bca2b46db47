-- Marks the accounts demo mode seeds: their passwords are public (the sign-in page shows
-- them), so a server pointed at a real BSS refuses to start while any of them is enabled.
-- Data folders seeded before this column existed hold them under these addresses.
ALTER TABLE staff ADD COLUMN demo_seeded BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE staff SET demo_seeded = TRUE
WHERE email IN ('admin@demo.example', 'operator@demo.example', 'viewer@demo.example');
