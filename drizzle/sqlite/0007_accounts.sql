-- One account per e-mail address; each partnership keeps its own row for the person (agency,
-- memberships, rights). Every existing person becomes an account of the same id, so nothing that
-- refers to a person moves. Run with foreign keys off (see openDatabase), then checked.
CREATE TABLE `accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`password_hash` text,
	`last_person_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_email_unique` ON `accounts` (`email`);--> statement-breakpoint
INSERT INTO `accounts` (`id`, `email`, `password_hash`, `last_person_id`, `created_at`)
  SELECT `id`, lower(`email`), `password_hash`, `id`, `created_at` FROM `people`;--> statement-breakpoint
CREATE TABLE `__new_people` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partnership_id` integer NOT NULL,
	`account_id` integer NOT NULL,
	`agency_id` integer NOT NULL,
	`name` text NOT NULL,
	`job_title` text,
	`is_partnership_admin` integer DEFAULT false NOT NULL,
	`disabled` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_people` (`id`, `partnership_id`, `account_id`, `agency_id`, `name`, `job_title`, `is_partnership_admin`, `disabled`, `created_at`)
  SELECT `id`, `partnership_id`, `id`, `agency_id`, `name`, `job_title`, `is_partnership_admin`, `disabled`, `created_at` FROM `people`;--> statement-breakpoint
DROP TABLE `people`;--> statement-breakpoint
ALTER TABLE `__new_people` RENAME TO `people`;--> statement-breakpoint
CREATE UNIQUE INDEX `people_account_partnership` ON `people` (`account_id`,`partnership_id`);--> statement-breakpoint
CREATE INDEX `people_partnership` ON `people` (`partnership_id`);
