CREATE TABLE `indicator_comparator_values` (
	`comparator_id` integer NOT NULL,
	`period` text NOT NULL,
	`value` real NOT NULL,
	PRIMARY KEY(`comparator_id`, `period`),
	FOREIGN KEY (`comparator_id`) REFERENCES `indicator_comparators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `indicator_comparators` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partnership_id` integer NOT NULL,
	`indicator_id` integer NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `indicator_comparators_indicator` ON `indicator_comparators` (`indicator_id`,`position`);--> statement-breakpoint
CREATE TABLE `indicator_objectives` (
	`indicator_id` integer NOT NULL,
	`objective_id` integer NOT NULL,
	PRIMARY KEY(`indicator_id`, `objective_id`),
	FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`objective_id`) REFERENCES `plan_objectives`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `indicator_objectives_objective` ON `indicator_objectives` (`objective_id`);--> statement-breakpoint
CREATE TABLE `indicator_risks` (
	`indicator_id` integer NOT NULL,
	`risk_id` integer NOT NULL,
	PRIMARY KEY(`indicator_id`, `risk_id`),
	FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`risk_id`) REFERENCES `risks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `indicator_risks_risk` ON `indicator_risks` (`risk_id`);--> statement-breakpoint
CREATE TABLE `indicator_values` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partnership_id` integer NOT NULL,
	`indicator_id` integer NOT NULL,
	`period` text NOT NULL,
	`value` real NOT NULL,
	`numerator` real,
	`denominator` real,
	`note` text DEFAULT '' NOT NULL,
	`entered_by_id` integer NOT NULL,
	`entered_at` text NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entered_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `indicator_values_indicator` ON `indicator_values` (`indicator_id`,`period`,`id`);--> statement-breakpoint
CREATE TABLE `indicators` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partnership_id` integer NOT NULL,
	`area` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`name` text NOT NULL,
	`definition` text DEFAULT '' NOT NULL,
	`polarity` text NOT NULL,
	`unit` text NOT NULL,
	`decimals` integer DEFAULT 1 NOT NULL,
	`frequency` text NOT NULL,
	`agency_id` integer,
	`lead_person_id` integer,
	`target` real,
	`tolerance` real DEFAULT 0 NOT NULL,
	`maintained_within` real DEFAULT 0 NOT NULL,
	`caveat` text DEFAULT '' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lead_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `indicators_partnership` ON `indicators` (`partnership_id`,`area`,`position`);--> statement-breakpoint
CREATE UNIQUE INDEX `indicators_name` ON `indicators` (`partnership_id`,`name`);