CREATE TABLE "loan_applications" (
	"id" text PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"region_code" text NOT NULL,
	"entity_id" text NOT NULL,
	"entity_name" text NOT NULL,
	"entity_uscc" text NOT NULL,
	"applicant_kind" text NOT NULL,
	"product_code" text NOT NULL,
	"product_version" text NOT NULL,
	"bank_code" text NOT NULL,
	"applied_on" date NOT NULL,
	"state" text NOT NULL,
	"channel" text NOT NULL,
	"priority" boolean DEFAULT false NOT NULL,
	"requested_amount_fen" bigint NOT NULL,
	"term_months" integer NOT NULL,
	"method" text NOT NULL,
	"categories_claimed" integer[] NOT NULL,
	"contact_note" text DEFAULT '' NOT NULL,
	"eligibility" jsonb,
	"facts_snapshot" jsonb,
	"certification" jsonb,
	"diligence" jsonb,
	"decision" jsonb,
	"contract" jsonb,
	"headcount_at_decision" integer,
	"approved_amount_fen" bigint,
	"annual_rate" text,
	"disbursed_fen" bigint DEFAULT 0 NOT NULL,
	"repaid_principal_fen" bigint DEFAULT 0 NOT NULL,
	"step_since" date,
	"step_deadline" date,
	"created_by" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "loan_desk_log" (
	"id" text PRIMARY KEY NOT NULL,
	"region_code" text NOT NULL,
	"kind" text NOT NULL,
	"held_on" date NOT NULL,
	"subject" text NOT NULL,
	"attendees" text NOT NULL,
	"outcome" text NOT NULL,
	"entity_id" text,
	"entity_name" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "loan_disbursements" (
	"id" text PRIMARY KEY NOT NULL,
	"application_id" text NOT NULL,
	"region_code" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"disbursed_on" date NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "loan_events" (
	"application_id" text NOT NULL,
	"region_code" text NOT NULL,
	"seq" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" text,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"note" text,
	CONSTRAINT "loan_events_application_id_seq_pk" PRIMARY KEY("application_id","seq")
);
--> statement-breakpoint
CREATE TABLE "loan_instalments" (
	"disbursement_id" text NOT NULL,
	"application_id" text NOT NULL,
	"region_code" text NOT NULL,
	"n" integer NOT NULL,
	"due_date" date NOT NULL,
	"principal_fen" bigint NOT NULL,
	"interest_fen" bigint NOT NULL,
	"paid_principal_fen" bigint DEFAULT 0 NOT NULL,
	"paid_interest_fen" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "loan_instalments_disbursement_id_n_pk" PRIMARY KEY("disbursement_id","n")
);
--> statement-breakpoint
CREATE TABLE "loan_product_versions" (
	"product_code" text NOT NULL,
	"version" text NOT NULL,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"status" text NOT NULL,
	"content" jsonb NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" text,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "loan_product_versions_product_code_version_pk" PRIMARY KEY("product_code","version")
);
--> statement-breakpoint
CREATE TABLE "loan_remedy_tasks" (
	"id" text PRIMARY KEY NOT NULL,
	"application_id" text NOT NULL,
	"region_code" text NOT NULL,
	"month" text NOT NULL,
	"opened_on" date NOT NULL,
	"failed" text[] NOT NULL,
	"evidence" jsonb NOT NULL,
	"state" text NOT NULL,
	"resolved_note" text
);
--> statement-breakpoint
CREATE TABLE "loan_repayments" (
	"id" text PRIMARY KEY NOT NULL,
	"application_id" text NOT NULL,
	"region_code" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"interest_fen" bigint NOT NULL,
	"principal_fen" bigint NOT NULL,
	"paid_on" date NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "loan_disbursements" ADD CONSTRAINT "loan_disbursements_application_id_loan_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."loan_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_events" ADD CONSTRAINT "loan_events_application_id_loan_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."loan_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_instalments" ADD CONSTRAINT "loan_instalments_disbursement_id_loan_disbursements_id_fk" FOREIGN KEY ("disbursement_id") REFERENCES "public"."loan_disbursements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_remedy_tasks" ADD CONSTRAINT "loan_remedy_tasks_application_id_loan_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."loan_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_repayments" ADD CONSTRAINT "loan_repayments_application_id_loan_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."loan_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "loan_applications_number_uq" ON "loan_applications" USING btree ("number");--> statement-breakpoint
CREATE INDEX "loan_applications_region_state_idx" ON "loan_applications" USING btree ("region_code","state");--> statement-breakpoint
CREATE INDEX "loan_applications_entity_idx" ON "loan_applications" USING btree ("entity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "loan_disbursements_key_uq" ON "loan_disbursements" USING btree ("application_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "loan_instalments_app_idx" ON "loan_instalments" USING btree ("application_id","due_date");--> statement-breakpoint
CREATE UNIQUE INDEX "loan_remedy_tasks_month_uq" ON "loan_remedy_tasks" USING btree ("application_id","month");