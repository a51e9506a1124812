CREATE TABLE `inspection_recommendations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partnership_id` integer NOT NULL,
	`source` text NOT NULL,
	`report_date` text NOT NULL,
	`number` integer NOT NULL,
	`text` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inspection_recommendations_number` ON `inspection_recommendations` (`partnership_id`,`source`,`number`);--> statement-breakpoint
CREATE TABLE `objective_rags` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partnership_id` integer NOT NULL,
	`objective_id` integer NOT NULL,
	`period` text NOT NULL,
	`rag` text NOT NULL,
	`suggested_rag` text NOT NULL,
	`suggested_reasons` text NOT NULL,
	`rationale` text,
	`decided_by_id` integer NOT NULL,
	`decided_at` text NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`objective_id`) REFERENCES `plan_objectives`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `objective_rags_objective` ON `objective_rags` (`objective_id`,`period`,`id`);--> statement-breakpoint
CREATE TABLE `plan_action_leads` (
	`action_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`action_id`, `person_id`),
	FOREIGN KEY (`action_id`) REFERENCES `plan_actions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `plan_action_leads_person` ON `plan_action_leads` (`person_id`);--> statement-breakpoint
CREATE TABLE `plan_action_recommendations` (
	`action_id` integer NOT NULL,
	`recommendation_id` integer NOT NULL,
	PRIMARY KEY(`action_id`, `recommendation_id`),
	FOREIGN KEY (`action_id`) REFERENCES `plan_actions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recommendation_id`) REFERENCES `inspection_recommendations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `plan_action_recommendations_rec` ON `plan_action_recommendations` (`recommendation_id`);--> statement-breakpoint
CREATE TABLE `plan_actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partnership_id` integer NOT NULL,
	`plan_id` integer NOT NULL,
	`objective_id` integer NOT NULL,
	`position` integer NOT NULL,
	`description` text NOT NULL,
	`milestones` text DEFAULT '' NOT NULL,
	`due_date` text,
	`status` text DEFAULT 'not_started' NOT NULL,
	`completed_date` text,
	`progress` text DEFAULT '' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`objective_id`) REFERENCES `plan_objectives`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `plan_actions_objective` ON `plan_actions` (`objective_id`,`position`);--> statement-breakpoint
CREATE INDEX `plan_actions_plan` ON `plan_actions` (`plan_id`);--> statement-breakpoint
CREATE TABLE `plan_objective_recommendations` (
	`objective_id` integer NOT NULL,
	`recommendation_id` integer NOT NULL,
	PRIMARY KEY(`objective_id`, `recommendation_id`),
	FOREIGN KEY (`objective_id`) REFERENCES `plan_objectives`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recommendation_id`) REFERENCES `inspection_recommendations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `plan_objective_recommendations_rec` ON `plan_objective_recommendations` (`recommendation_id`);--> statement-breakpoint
CREATE TABLE `plan_objective_risks` (
	`objective_id` integer NOT NULL,
	`risk_id` integer NOT NULL,
	PRIMARY KEY(`objective_id`, `risk_id`),
	FOREIGN KEY (`objective_id`) REFERENCES `plan_objectives`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`risk_id`) REFERENCES `risks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `plan_objective_risks_risk` ON `plan_objective_risks` (`risk_id`);--> statement-breakpoint
CREATE TABLE `plan_objectives` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partnership_id` integer NOT NULL,
	`plan_id` integer NOT NULL,
	`theme_id` integer NOT NULL,
	`position` integer NOT NULL,
	`outcome` text NOT NULL,
	`lead_person_id` integer,
	`lead_agency_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`theme_id`) REFERENCES `plan_themes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lead_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lead_agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `plan_objectives_plan` ON `plan_objectives` (`plan_id`);--> statement-breakpoint
CREATE INDEX `plan_objectives_theme` ON `plan_objectives` (`theme_id`,`position`);--> statement-breakpoint
CREATE TABLE `plan_themes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partnership_id` integer NOT NULL,
	`plan_id` integer NOT NULL,
	`position` integer NOT NULL,
	`title` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `plan_themes_plan` ON `plan_themes` (`plan_id`,`position`);--> statement-breakpoint
CREATE TABLE `plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partnership_id` integer NOT NULL,
	`board_id` integer NOT NULL,
	`title` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` integer,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`board_id`) REFERENCES `boards`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `plans_partnership` ON `plans` (`partnership_id`);