-- Key projects and the problem loop are regional: the same jurisdiction policy as 0001.
-- Grants come from the default privileges set in 0001.
ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY projects_jurisdiction ON projects USING (region_code = ANY (zq_jurisdiction()));
--> statement-breakpoint
ALTER TABLE project_progress_reports ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY project_progress_reports_jurisdiction ON project_progress_reports USING (region_code = ANY (zq_jurisdiction()));
--> statement-breakpoint
ALTER TABLE problems ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY problems_jurisdiction ON problems USING (region_code = ANY (zq_jurisdiction()));
--> statement-breakpoint
ALTER TABLE problem_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY problem_events_jurisdiction ON problem_events USING (region_code = ANY (zq_jurisdiction()));
--> statement-breakpoint
-- Problem numbers are city-wide and never reused.
CREATE SEQUENCE problem_number_seq;
--> statement-breakpoint
GRANT USAGE, SELECT ON SEQUENCE problem_number_seq TO zq_app;
--> statement-breakpoint
-- Project numbers are unique city-wide: this answers "is it taken?" across jurisdictions without exposing the rows.
CREATE FUNCTION zq_project_number_taken(num text) RETURNS integer LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT count(*)::int FROM projects p WHERE p.number = num $$;
