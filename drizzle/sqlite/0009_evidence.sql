CREATE TABLE `evidence_files` (
	`evidence_id` integer PRIMARY KEY NOT NULL,
	`bytes` blob NOT NULL,
	FOREIGN KEY (`evidence_id`) REFERENCES `evidence_items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `evidence_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partnership_id` integer NOT NULL,
	`title` text NOT NULL,
	`date` text NOT NULL,
	`kind` text NOT NULL,
	`form` text NOT NULL,
	`file_name` text,
	`content_type` text,
	`size` integer,
	`url` text,
	`note` text,
	`added_by_id` integer NOT NULL,
	`added_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`removed_at` text,
	`removed_by_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`added_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`removed_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `evidence_items_partnership` ON `evidence_items` (`partnership_id`,`date`);--> statement-breakpoint
CREATE TABLE `evidence_links` (
	`evidence_id` integer NOT NULL,
	`target_kind` text NOT NULL,
	`target_id` integer NOT NULL,
	PRIMARY KEY(`evidence_id`, `target_kind`, `target_id`),
	FOREIGN KEY (`evidence_id`) REFERENCES `evidence_items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `evidence_links_target` ON `evidence_links` (`target_kind`,`target_id`);