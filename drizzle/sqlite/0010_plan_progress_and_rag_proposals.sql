CREATE TABLE `objective_rag_proposals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partnership_id` integer NOT NULL,
	`objective_id` integer NOT NULL,
	`meeting_id` integer NOT NULL,
	`period` text NOT NULL,
	`rag` text NOT NULL,
	`rationale` text DEFAULT '' NOT NULL,
	`proposed_by_id` integer NOT NULL,
	`proposed_at` text NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`objective_id`) REFERENCES `plan_objectives`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`proposed_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `objective_rag_proposals_objective` ON `objective_rag_proposals` (`objective_id`,`period`,`id`);--> statement-breakpoint
CREATE INDEX `objective_rag_proposals_meeting` ON `objective_rag_proposals` (`meeting_id`);--> statement-breakpoint
ALTER TABLE `plan_objectives` ADD `progress` text DEFAULT '' NOT NULL;