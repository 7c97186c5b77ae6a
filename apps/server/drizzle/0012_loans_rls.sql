-- Special-loan tables are regional (the applicant's region): the jurisdiction policy of 0001/0003.
-- Product versions are city-wide configuration (no region). Grants come from the default privileges of 0001.
ALTER TABLE loan_applications ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY loan_applications_jurisdiction ON loan_applications USING (region_code = ANY (zq_jurisdiction()));
--> statement-breakpoint
ALTER TABLE loan_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY loan_events_jurisdiction ON loan_events USING (region_code = ANY (zq_jurisdiction()));
--> statement-breakpoint
ALTER TABLE loan_disbursements ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY loan_disbursements_jurisdiction ON loan_disbursements USING (region_code = ANY (zq_jurisdiction()));
--> statement-breakpoint
ALTER TABLE loan_instalments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY loan_instalments_jurisdiction ON loan_instalments USING (region_code = ANY (zq_jurisdiction()));
--> statement-breakpoint
ALTER TABLE loan_repayments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY loan_repayments_jurisdiction ON loan_repayments USING (region_code = ANY (zq_jurisdiction()));
--> statement-breakpoint
ALTER TABLE loan_remedy_tasks ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY loan_remedy_tasks_jurisdiction ON loan_remedy_tasks USING (region_code = ANY (zq_jurisdiction()));
--> statement-breakpoint
ALTER TABLE loan_desk_log ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY loan_desk_log_jurisdiction ON loan_desk_log USING (region_code = ANY (zq_jurisdiction()));
--> statement-breakpoint
CREATE SEQUENCE IF NOT EXISTS loan_number_seq;
--> statement-breakpoint
GRANT USAGE, SELECT ON SEQUENCE loan_number_seq TO zq_app;
