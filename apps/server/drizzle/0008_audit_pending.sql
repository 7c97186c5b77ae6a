-- Audit records waiting to be sealed into the SM3 chain (docs/decisions/0010). A use-case
-- transaction inserts its record here, committing with the change; right after the commit the
-- sealer (system scope, the owner) locks audit_head, moves the waiting records into audit_log
-- with their seq, prev_hash and hash, and moves the head. Appends no longer queue on audit_head.
CREATE TABLE "audit_pending" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_user_id" text,
	"actor_org_id" text,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"region_code" text,
	"before" jsonb,
	"after" jsonb,
	"request_id" text
);
--> statement-breakpoint
-- The application role may add records and nothing else: it can neither read nor remove them.
REVOKE ALL ON audit_pending FROM zq_app;
--> statement-breakpoint
GRANT INSERT ON audit_pending TO zq_app;
--> statement-breakpoint
GRANT USAGE ON SEQUENCE audit_pending_id_seq TO zq_app;
--> statement-breakpoint
ALTER TABLE audit_pending ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY audit_pending_append ON audit_pending FOR INSERT WITH CHECK (true);
