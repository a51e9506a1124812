ALTER TABLE `sessions` ADD `sso_partnership_id` integer REFERENCES partnerships(id);--> statement-breakpoint
ALTER TABLE `partnership_sso` ADD `new_people_agency_id` integer REFERENCES agencies(id);--> statement-breakpoint
ALTER TABLE `partnership_sso` ADD `trusts_provider_email` integer DEFAULT false NOT NULL;