-- Helping officials, the five responsible parties and procedures are regional: the jurisdiction policy of 0001/0003.
-- Grants come from the default privileges set in 0001.
ALTER TABLE project_helping_officials ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY project_helping_officials_jurisdiction ON project_helping_officials USING (region_code = ANY (zq_jurisdiction()));
--> statement-breakpoint
ALTER TABLE project_parties ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY project_parties_jurisdiction ON project_parties USING (region_code = ANY (zq_jurisdiction()));
--> statement-breakpoint
ALTER TABLE project_procedures ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY project_procedures_jurisdiction ON project_procedures USING (region_code = ANY (zq_jurisdiction()));
