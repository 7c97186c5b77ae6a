CREATE TABLE "bulletins" (
	"id" text PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"serial" integer NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"content" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"region_code" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"link" text,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "supervision_notices" (
	"problem_id" text NOT NULL,
	"region_code" text NOT NULL,
	"deadline" date NOT NULL,
	"days_overdue" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "supervision_notices_problem_id_deadline_pk" PRIMARY KEY("problem_id","deadline")
);
--> statement-breakpoint
ALTER TABLE "bulletins" ADD CONSTRAINT "bulletins_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_notices" ADD CONSTRAINT "supervision_notices_problem_id_problems_id_fk" FOREIGN KEY ("problem_id") REFERENCES "public"."problems"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bulletins_number_uq" ON "bulletins" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "bulletins_region_serial_uq" ON "bulletins" USING btree ("region_code","year","serial");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "supervision_notices_region_idx" ON "supervision_notices" USING btree ("region_code","created_at");