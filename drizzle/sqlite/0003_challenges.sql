CREATE TABLE `board_challenge_settings` (
	`board_id` integer PRIMARY KEY NOT NULL,
	`raiser_may_decide` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`board_id`) REFERENCES `boards`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `challenge_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`challenge_id` integer NOT NULL,
	`kind` text NOT NULL,
	`actor_id` integer,
	`reason` text,
	`due_date` text,
	`response` text,
	`at` text NOT NULL,
	FOREIGN KEY (`challenge_id`) REFERENCES `challenges`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `challenge_events_challenge` ON `challenge_events` (`challenge_id`,`id`);--> statement-breakpoint
CREATE TABLE `challenges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partnership_id` integer NOT NULL,
	`number` integer NOT NULL,
	`board_id` integer NOT NULL,
	`escalated_to_board_id` integer,
	`title` text NOT NULL,
	`question` text DEFAULT '' NOT NULL,
	`discussion` text DEFAULT '' NOT NULL,
	`response` text DEFAULT '' NOT NULL,
	`raised_by_id` integer NOT NULL,
	`raised_by_agency_id` integer NOT NULL,
	`raised_at` text NOT NULL,
	`meeting_id` integer,
	`agenda_item_id` integer,
	`directed_agency_id` integer NOT NULL,
	`directed_person_id` integer,
	`subject_kind` text DEFAULT 'none' NOT NULL,
	`subject_ref` text,
	`due_date` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`round` integer DEFAULT 1 NOT NULL,
	`responded_at` text,
	`closed_at` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`board_id`) REFERENCES `boards`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`escalated_to_board_id`) REFERENCES `boards`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`raised_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`raised_by_agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`directed_agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`directed_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `challenges_partnership_number` ON `challenges` (`partnership_id`,`number`);--> statement-breakpoint
CREATE INDEX `challenges_directed` ON `challenges` (`directed_agency_id`,`status`);--> statement-breakpoint
CREATE INDEX `challenges_board` ON `challenges` (`board_id`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partnership_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`kind` text NOT NULL,
	`challenge_id` integer,
	`dedupe_key` text,
	`text` text NOT NULL,
	`link` text NOT NULL,
	`created_at` text NOT NULL,
	`read_at` text,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`challenge_id`) REFERENCES `challenges`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notifications_person` ON `notifications` (`person_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_dedupe` ON `notifications` (`person_id`,`dedupe_key`);