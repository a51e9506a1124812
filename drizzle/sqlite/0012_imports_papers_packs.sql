CREATE TABLE `import_mappings` (
	`partnership_id` integer NOT NULL,
	`kind` text NOT NULL,
	`mapping` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` integer,
	PRIMARY KEY(`partnership_id`, `kind`),
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `imports` (
	`id` text PRIMARY KEY NOT NULL,
	`partnership_id` integer NOT NULL,
	`kind` text NOT NULL,
	`person_id` integer NOT NULL,
	`file_name` text NOT NULL,
	`plan` text NOT NULL,
	`status` text DEFAULT 'previewed' NOT NULL,
	`created_at` text NOT NULL,
	`committed_at` text,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `imports_partnership` ON `imports` (`partnership_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `meeting_packs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partnership_id` integer NOT NULL,
	`meeting_id` integer NOT NULL,
	`version` integer NOT NULL,
	`published_at` text NOT NULL,
	`published_by` integer NOT NULL,
	`pdf` blob NOT NULL,
	`pages` integer NOT NULL,
	`snapshot` text NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`published_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `meeting_packs_meeting` ON `meeting_packs` (`meeting_id`,`version`);--> statement-breakpoint
CREATE TABLE `meeting_papers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partnership_id` integer NOT NULL,
	`meeting_id` integer NOT NULL,
	`item_id` integer NOT NULL,
	`title` text NOT NULL,
	`evidence_id` integer,
	`author_person_id` integer,
	`position` integer DEFAULT 0 NOT NULL,
	`added_by` integer NOT NULL,
	`added_at` text NOT NULL,
	`received_at` text,
	`removed_at` text,
	`removed_by` integer,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `agenda_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`evidence_id`) REFERENCES `evidence_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`added_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`removed_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `meeting_papers_meeting` ON `meeting_papers` (`meeting_id`,`item_id`);--> statement-breakpoint
ALTER TABLE `boards` ADD `reporting_cycle` text DEFAULT 'monthly' NOT NULL;--> statement-breakpoint
ALTER TABLE `partnerships` ADD `protective_marking` text DEFAULT 'OFFICIAL' NOT NULL;