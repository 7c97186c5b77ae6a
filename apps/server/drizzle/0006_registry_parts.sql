CREATE TABLE "project_helping_officials" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"region_code" text NOT NULL,
	"user_id" text,
	"name" text NOT NULL,
	"title" text NOT NULL,
	"role" text NOT NULL,
	"since" date NOT NULL,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_parties" (
	"project_id" text NOT NULL,
	"kind" text NOT NULL,
	"region_code" text NOT NULL,
	"unit_name" text NOT NULL,
	"uscc" text NOT NULL,
	"responsible_person" text NOT NULL,
	"licence_number" text DEFAULT '' NOT NULL,
	"authorised_on" date,
	"commitment_on" date,
	CONSTRAINT "project_parties_project_id_kind_pk" PRIMARY KEY("project_id","kind")
);
--> statement-breakpoint
CREATE TABLE "project_procedures" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"region_code" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"responsible_unit" text DEFAULT '' NOT NULL,
	"applied_on" date,
	"approved_on" date,
	"limit_workdays" integer,
	"note" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "project_helping_officials" ADD CONSTRAINT "project_helping_officials_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_parties" ADD CONSTRAINT "project_parties_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_procedures" ADD CONSTRAINT "project_procedures_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "project_helping_officials_project_idx" ON "project_helping_officials" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "project_procedures_project_kind_uq" ON "project_procedures" USING btree ("project_id","kind");--> statement-breakpoint
CREATE INDEX "project_procedures_region_status_idx" ON "project_procedures" USING btree ("region_code","status");