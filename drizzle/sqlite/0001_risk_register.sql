CREATE TABLE `doc_snapshots` (
	`doc_name` text PRIMARY KEY NOT NULL,
	`state` blob NOT NULL,
	`up_to_update_id` integer NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `doc_updates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`doc_name` text NOT NULL,
	`update` blob NOT NULL,
	`editor_id` integer,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `doc_updates_doc` ON `doc_updates` (`doc_name`,`id`);--> statement-breakpoint
CREATE TABLE `field_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partnership_id` integer NOT NULL,
	`doc_name` text NOT NULL,
	`record_id` integer NOT NULL,
	`mitigation_id` text,
	`field` text NOT NULL,
	`from_value` text,
	`to_value` text,
	`editor_id` integer,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `field_changes_doc` ON `field_changes` (`doc_name`,`id`);--> statement-breakpoint
CREATE TABLE `mitigations` (
	`id` text PRIMARY KEY NOT NULL,
	`risk_id` integer NOT NULL,
	`action` text DEFAULT '' NOT NULL,
	`owner_id` integer,
	`agency_id` integer,
	`due_date` text,
	`status` text DEFAULT 'not_started' NOT NULL,
	`note_count` integer DEFAULT 0 NOT NULL,
	`last_note_at` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`risk_id`) REFERENCES `risks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `mitigations_risk` ON `mitigations` (`risk_id`);--> statement-breakpoint
CREATE INDEX `mitigations_owner` ON `mitigations` (`owner_id`);--> statement-breakpoint
CREATE TABLE `risks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partnership_id` integer NOT NULL,
	`number` integer NOT NULL,
	`board_id` integer NOT NULL,
	`escalated_to_board_id` integer,
	`lead_agency_id` integer,
	`owner_id` integer,
	`title` text DEFAULT '' NOT NULL,
	`cause` text DEFAULT '' NOT NULL,
	`event` text DEFAULT '' NOT NULL,
	`effect` text DEFAULT '' NOT NULL,
	`category` text,
	`inherent_likelihood` integer,
	`inherent_impact` integer,
	`current_likelihood` integer,
	`current_impact` integer,
	`target_likelihood` integer,
	`target_impact` integer,
	`tolerance` integer,
	`review_frequency_days` integer,
	`next_review_date` text,
	`last_review_score` integer,
	`last_reviewed_at` text,
	`status` text DEFAULT 'open' NOT NULL,
	`closed_reason` text,
	`created_at` text NOT NULL,
	`created_by` integer,
	`updated_at` text NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`board_id`) REFERENCES `boards`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`escalated_to_board_id`) REFERENCES `boards`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lead_agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `risks_partnership_number` ON `risks` (`partnership_id`,`number`);--> statement-breakpoint
CREATE INDEX `risks_board` ON `risks` (`board_id`);--> statement-breakpoint
CREATE TABLE `score_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`risk_id` integer NOT NULL,
	`kind` text NOT NULL,
	`likelihood` integer,
	`impact` integer,
	`score` integer,
	`editor_id` integer,
	`at` text NOT NULL,
	FOREIGN KEY (`risk_id`) REFERENCES `risks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `score_history_risk` ON `score_history` (`risk_id`,`id`);--> statement-breakpoint
ALTER TABLE `partnerships` ADD `risk_matrix` text;