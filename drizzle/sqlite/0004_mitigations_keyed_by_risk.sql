DROP INDEX `mitigations_risk`;--> statement-breakpoint
ALTER TABLE `mitigations` ADD `key` text DEFAULT '' NOT NULL;--> statement-breakpoint
-- A mitigation's id becomes '<riskId>:<key>', so a key written into one risk's doc can never reach
-- another risk's row; links that named a mitigation by its old (then global) key follow it.
UPDATE `agenda_links` SET `ref` = (SELECT `m`.`risk_id` || ':' || `m`.`id` FROM `mitigations` `m` WHERE `m`.`id` = `agenda_links`.`ref`) WHERE `kind` = 'mitigation' AND `ref` IN (SELECT `id` FROM `mitigations`);--> statement-breakpoint
UPDATE `challenges` SET `subject_ref` = (SELECT `m`.`risk_id` || ':' || `m`.`id` FROM `mitigations` `m` WHERE `m`.`id` = `challenges`.`subject_ref`) WHERE `subject_kind` = 'mitigation' AND `subject_ref` IN (SELECT `id` FROM `mitigations`);--> statement-breakpoint
UPDATE `mitigations` SET `key` = `id`, `id` = `risk_id` || ':' || `id`;--> statement-breakpoint
CREATE UNIQUE INDEX `mitigations_risk_key` ON `mitigations` (`risk_id`,`key`);