-- Files are regional: the jurisdiction policy of 0001/0003. Reference lists are city-wide
-- configuration (no region): every application role reads them; only administrators change them
-- (checked by the service); the built-in items are upserted by the reference seed on every start.
-- Grants come from the default privileges set in 0001.
ALTER TABLE files ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY files_jurisdiction ON files USING (region_code = ANY (zq_jurisdiction()));
