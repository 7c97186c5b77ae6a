-- Supervision notices, the in-app inbox and bulletins are regional: the jurisdiction policy of 0001/0003.
-- The inbox query further keeps to the caller's own user_id. Grants come from the default privileges of 0001.
ALTER TABLE supervision_notices ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY supervision_notices_jurisdiction ON supervision_notices USING (region_code = ANY (zq_jurisdiction()));
--> statement-breakpoint
ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY notifications_jurisdiction ON notifications USING (region_code = ANY (zq_jurisdiction()));
--> statement-breakpoint
ALTER TABLE bulletins ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY bulletins_jurisdiction ON bulletins USING (region_code = ANY (zq_jurisdiction()));
