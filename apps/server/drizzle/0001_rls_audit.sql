-- The application's role: no BYPASSRLS, so row-level security applies to every query it runs.
-- Each use-case transaction does SET LOCAL ROLE zq_app and sets zq.regions to the caller's
-- jurisdiction (the region and everything under it).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'zq_app') THEN
    CREATE ROLE zq_app NOLOGIN NOBYPASSRLS;
  END IF;
END
$$;
--> statement-breakpoint
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'zq_app', 'MEMBER') THEN
    EXECUTE format('GRANT zq_app TO %I', current_user);
  END IF;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO zq_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO zq_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO zq_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO zq_app;
--> statement-breakpoint
REVOKE UPDATE, DELETE ON audit_log FROM zq_app;
--> statement-breakpoint
CREATE FUNCTION zq_jurisdiction() RETURNS text[] LANGUAGE sql STABLE AS
$$ SELECT string_to_array(nullif(current_setting('zq.regions', true), ''), ',') $$;
--> statement-breakpoint
ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY organizations_jurisdiction ON organizations USING (region_code = ANY (zq_jurisdiction()));
--> statement-breakpoint
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY users_jurisdiction ON users USING (region_code = ANY (zq_jurisdiction()));
--> statement-breakpoint
ALTER TABLE market_entities ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY market_entities_jurisdiction ON market_entities USING (region_code = ANY (zq_jurisdiction()));
--> statement-breakpoint
ALTER TABLE entity_headcounts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY entity_headcounts_jurisdiction ON entity_headcounts USING (region_code = ANY (zq_jurisdiction()));
--> statement-breakpoint
ALTER TABLE entity_payment_records ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY entity_payment_records_jurisdiction ON entity_payment_records USING (region_code = ANY (zq_jurisdiction()));
--> statement-breakpoint
ALTER TABLE persons ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY persons_jurisdiction ON persons USING (region_code = ANY (zq_jurisdiction()));
--> statement-breakpoint
-- Audit records are read within the jurisdiction too; anyone in a transaction may append.
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY audit_log_read ON audit_log FOR SELECT USING (region_code IS NULL OR region_code = ANY (zq_jurisdiction()));
--> statement-breakpoint
CREATE POLICY audit_log_append ON audit_log FOR INSERT WITH CHECK (true);
--> statement-breakpoint
-- The audit log is append-only for everyone, the table owner included.
CREATE FUNCTION zq_audit_immutable() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege'; END $$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION zq_audit_immutable();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION zq_audit_immutable();
--> statement-breakpoint
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
--> statement-breakpoint
-- USCC uniqueness is city-wide: this answers "is it taken?" across jurisdictions without exposing the rows.
CREATE FUNCTION zq_uscc_taken(codes text[]) RETURNS TABLE (uscc text) LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT m.uscc FROM market_entities m WHERE m.uscc = ANY (codes) $$;
--> statement-breakpoint
CREATE FUNCTION zq_person_taken(id_hash text) RETURNS integer LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT count(*)::int FROM persons p WHERE p.national_id_hash = id_hash $$;
