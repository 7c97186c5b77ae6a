CREATE TABLE "problem_events" (
	"problem_id" text NOT NULL,
	"region_code" text NOT NULL,
	"seq" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" text NOT NULL,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"note" text,
	CONSTRAINT "problem_events_problem_id_seq_pk" PRIMARY KEY("problem_id","seq")
);
--> statement-breakpoint
CREATE TABLE "problems" (
	"id" text PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"project_id" text NOT NULL,
	"region_code" text NOT NULL,
	"category" text NOT NULL,
	"severity" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"state" text NOT NULL,
	"reporter_id" text NOT NULL,
	"unit_id" text,
	"handler_id" text,
	"co_unit_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"deadline" date,
	"deadline_provisional" boolean DEFAULT false NOT NULL,
	"assigned_on" date,
	"extension" jsonb,
	"reopenings" integer DEFAULT 0 NOT NULL,
	"feedback_on" date,
	"closed_on" date,
	"result" text,
	"closing_note" text,
	"reject_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_progress_reports" (
	"project_id" text NOT NULL,
	"region_code" text NOT NULL,
	"month" text NOT NULL,
	"investment_completed_fen" bigint NOT NULL,
	"stage" text NOT NULL,
	"percent" integer,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "project_progress_reports_project_id_month_pk" PRIMARY KEY("project_id","month")
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" text PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"name" text NOT NULL,
	"region_code" text NOT NULL,
	"owner_entity_id" text,
	"class" text NOT NULL,
	"level" text NOT NULL,
	"sector" text NOT NULL,
	"total_investment_fen" bigint NOT NULL,
	"annual_plan_fen" bigint NOT NULL,
	"year" integer NOT NULL,
	"planned_start_on" date,
	"actual_start_on" date,
	"planned_completion_on" date,
	"actual_completion_on" date,
	"status" text NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "problem_events" ADD CONSTRAINT "problem_events_problem_id_problems_id_fk" FOREIGN KEY ("problem_id") REFERENCES "public"."problems"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "problems" ADD CONSTRAINT "problems_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_progress_reports" ADD CONSTRAINT "project_progress_reports_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_owner_entity_id_market_entities_id_fk" FOREIGN KEY ("owner_entity_id") REFERENCES "public"."market_entities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "problems_number_uq" ON "problems" USING btree ("number");--> statement-breakpoint
CREATE INDEX "problems_state_deadline_idx" ON "problems" USING btree ("state","deadline");--> statement-breakpoint
CREATE INDEX "problems_project_idx" ON "problems" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "problems_region_idx" ON "problems" USING btree ("region_code");--> statement-breakpoint
CREATE UNIQUE INDEX "projects_number_uq" ON "projects" USING btree ("number");--> statement-breakpoint
CREATE INDEX "projects_region_year_idx" ON "projects" USING btree ("region_code","year");--> statement-breakpoint
CREATE INDEX "projects_name_idx" ON "projects" USING btree ("name");