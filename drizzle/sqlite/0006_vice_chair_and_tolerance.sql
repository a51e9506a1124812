ALTER TABLE `risks` ADD `above_tolerance_since` text;--> statement-breakpoint
-- Risks already above tolerance: the best-known moment is their last update.
UPDATE `risks` SET `above_tolerance_since` = `updated_at`
  WHERE `current_likelihood` IS NOT NULL AND `current_impact` IS NOT NULL AND `tolerance` IS NOT NULL
    AND `current_likelihood` * `current_impact` > `tolerance`;--> statement-breakpoint
-- Vice-chairs named in a quorum rule become vice-chair members of the board (never over the chair).
UPDATE `memberships` SET `role` = 'vice_chair'
  WHERE `role` = 'member' AND EXISTS (
    SELECT 1 FROM `board_quorum_rules` q, json_each(q.`vice_chair_ids`) v
    WHERE q.`board_id` = `memberships`.`board_id` AND v.`value` = `memberships`.`person_id`
  );--> statement-breakpoint
ALTER TABLE `board_quorum_rules` DROP COLUMN `vice_chair_ids`;
