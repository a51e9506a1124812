-- Full-text search (issue 16 item 8): one FTS5 table per kind of record, its rowid the record's rowid.
-- The tables keep their own copy of the words (snippets are read from them) and are kept by triggers,
-- so every writer (the Yjs projection, commands, imports, seeds) changes the index in the transaction
-- that changes the record: a search never shows removed text nor misses stored text. They are not in
-- the drizzle schema (drizzle-kit knows no virtual tables); server/features/search reads them.
-- A risk's title, cause, event and effect; its mitigations have a table of their own (keyed by the
-- mitigation row's rowid, which nothing renumbers: no VACUUM is run), so a keystroke in one mitigation
-- re-indexes that mitigation only. A mitigation is found as its risk.
CREATE VIRTUAL TABLE search_risks USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER search_risks_insert AFTER INSERT ON risks BEGIN
  INSERT INTO search_risks(rowid, title, body) VALUES (new.id, new.title, new.cause || char(10) || new.event || char(10) || new.effect);
END;
--> statement-breakpoint
CREATE TRIGGER search_risks_update AFTER UPDATE OF title, cause, event, effect ON risks
WHEN old.title IS NOT new.title OR old.cause IS NOT new.cause OR old.event IS NOT new.event OR old.effect IS NOT new.effect BEGIN
  DELETE FROM search_risks WHERE rowid = old.id;
  INSERT INTO search_risks(rowid, title, body) VALUES (new.id, new.title, new.cause || char(10) || new.event || char(10) || new.effect);
END;
--> statement-breakpoint
CREATE TRIGGER search_risks_delete AFTER DELETE ON risks BEGIN
  DELETE FROM search_risks WHERE rowid = old.id;
END;
--> statement-breakpoint
INSERT INTO search_risks(rowid, title, body) SELECT id, title, risks.cause || char(10) || risks.event || char(10) || risks.effect FROM risks;
--> statement-breakpoint
CREATE VIRTUAL TABLE search_mitigations USING fts5(action, tokenize = 'unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER search_mitigations_insert AFTER INSERT ON mitigations BEGIN
  INSERT INTO search_mitigations(rowid, action) VALUES (new.rowid, new.action);
END;
--> statement-breakpoint
CREATE TRIGGER search_mitigations_update AFTER UPDATE OF action ON mitigations
WHEN old.action IS NOT new.action BEGIN
  DELETE FROM search_mitigations WHERE rowid = old.rowid;
  INSERT INTO search_mitigations(rowid, action) VALUES (new.rowid, new.action);
END;
--> statement-breakpoint
CREATE TRIGGER search_mitigations_delete AFTER DELETE ON mitigations BEGIN
  DELETE FROM search_mitigations WHERE rowid = old.rowid;
END;
--> statement-breakpoint
INSERT INTO search_mitigations(rowid, action) SELECT rowid, action FROM mitigations;
--> statement-breakpoint
-- The challenge log: the question, the board's discussion and the agency's response.
CREATE VIRTUAL TABLE search_challenges USING fts5(title, question, discussion, response, tokenize = 'unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER search_challenges_insert AFTER INSERT ON challenges BEGIN
  INSERT INTO search_challenges(rowid, title, question, discussion, response) VALUES (new.id, new.title, new.question, new.discussion, new.response);
END;
--> statement-breakpoint
CREATE TRIGGER search_challenges_update AFTER UPDATE OF title, question, discussion, response ON challenges
WHEN old.title IS NOT new.title OR old.question IS NOT new.question OR old.discussion IS NOT new.discussion OR old.response IS NOT new.response BEGIN
  DELETE FROM search_challenges WHERE rowid = old.id;
  INSERT INTO search_challenges(rowid, title, question, discussion, response) VALUES (new.id, new.title, new.question, new.discussion, new.response);
END;
--> statement-breakpoint
CREATE TRIGGER search_challenges_delete AFTER DELETE ON challenges BEGIN
  DELETE FROM search_challenges WHERE rowid = old.id;
END;
--> statement-breakpoint
INSERT INTO search_challenges(rowid, title, question, discussion, response) SELECT id, title, question, discussion, response FROM challenges;
--> statement-breakpoint
-- Actions agreed at meetings (the actions log).
CREATE VIRTUAL TABLE search_meeting_actions USING fts5(description, tokenize = 'unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER search_meeting_actions_insert AFTER INSERT ON meeting_actions BEGIN
  INSERT INTO search_meeting_actions(rowid, description) VALUES (new.id, new.description);
END;
--> statement-breakpoint
CREATE TRIGGER search_meeting_actions_update AFTER UPDATE OF description ON meeting_actions
WHEN old.description IS NOT new.description BEGIN
  DELETE FROM search_meeting_actions WHERE rowid = old.id;
  INSERT INTO search_meeting_actions(rowid, description) VALUES (new.id, new.description);
END;
--> statement-breakpoint
CREATE TRIGGER search_meeting_actions_delete AFTER DELETE ON meeting_actions BEGIN
  DELETE FROM search_meeting_actions WHERE rowid = old.id;
END;
--> statement-breakpoint
INSERT INTO search_meeting_actions(rowid, description) SELECT id, description FROM meeting_actions;
--> statement-breakpoint
-- The improvement plan: objectives with their progress narrative, actions, inspection recommendations.
CREATE VIRTUAL TABLE search_plan_objectives USING fts5(outcome, progress, tokenize = 'unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER search_plan_objectives_insert AFTER INSERT ON plan_objectives BEGIN
  INSERT INTO search_plan_objectives(rowid, outcome, progress) VALUES (new.id, new.outcome, new.progress);
END;
--> statement-breakpoint
CREATE TRIGGER search_plan_objectives_update AFTER UPDATE OF outcome, progress ON plan_objectives
WHEN old.outcome IS NOT new.outcome OR old.progress IS NOT new.progress BEGIN
  DELETE FROM search_plan_objectives WHERE rowid = old.id;
  INSERT INTO search_plan_objectives(rowid, outcome, progress) VALUES (new.id, new.outcome, new.progress);
END;
--> statement-breakpoint
CREATE TRIGGER search_plan_objectives_delete AFTER DELETE ON plan_objectives BEGIN
  DELETE FROM search_plan_objectives WHERE rowid = old.id;
END;
--> statement-breakpoint
INSERT INTO search_plan_objectives(rowid, outcome, progress) SELECT id, outcome, progress FROM plan_objectives;
--> statement-breakpoint
CREATE VIRTUAL TABLE search_plan_actions USING fts5(description, milestones, progress, tokenize = 'unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER search_plan_actions_insert AFTER INSERT ON plan_actions BEGIN
  INSERT INTO search_plan_actions(rowid, description, milestones, progress) VALUES (new.id, new.description, new.milestones, new.progress);
END;
--> statement-breakpoint
CREATE TRIGGER search_plan_actions_update AFTER UPDATE OF description, milestones, progress ON plan_actions
WHEN old.description IS NOT new.description OR old.milestones IS NOT new.milestones OR old.progress IS NOT new.progress BEGIN
  DELETE FROM search_plan_actions WHERE rowid = old.id;
  INSERT INTO search_plan_actions(rowid, description, milestones, progress) VALUES (new.id, new.description, new.milestones, new.progress);
END;
--> statement-breakpoint
CREATE TRIGGER search_plan_actions_delete AFTER DELETE ON plan_actions BEGIN
  DELETE FROM search_plan_actions WHERE rowid = old.id;
END;
--> statement-breakpoint
INSERT INTO search_plan_actions(rowid, description, milestones, progress) SELECT id, description, milestones, progress FROM plan_actions;
--> statement-breakpoint
CREATE VIRTUAL TABLE search_recommendations USING fts5(text, source, tokenize = 'unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER search_recommendations_insert AFTER INSERT ON inspection_recommendations BEGIN
  INSERT INTO search_recommendations(rowid, text, source) VALUES (new.id, new.text, new.source);
END;
--> statement-breakpoint
CREATE TRIGGER search_recommendations_update AFTER UPDATE OF text, source ON inspection_recommendations
WHEN old.text IS NOT new.text OR old.source IS NOT new.source BEGIN
  DELETE FROM search_recommendations WHERE rowid = old.id;
  INSERT INTO search_recommendations(rowid, text, source) VALUES (new.id, new.text, new.source);
END;
--> statement-breakpoint
CREATE TRIGGER search_recommendations_delete AFTER DELETE ON inspection_recommendations BEGIN
  DELETE FROM search_recommendations WHERE rowid = old.id;
END;
--> statement-breakpoint
INSERT INTO search_recommendations(rowid, text, source) SELECT id, text, source FROM inspection_recommendations;
--> statement-breakpoint
-- People by name and job title.
CREATE VIRTUAL TABLE search_people USING fts5(name, job_title, tokenize = 'unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER search_people_insert AFTER INSERT ON people BEGIN
  INSERT INTO search_people(rowid, name, job_title) VALUES (new.id, new.name, coalesce(new.job_title, ''));
END;
--> statement-breakpoint
CREATE TRIGGER search_people_update AFTER UPDATE OF name, job_title ON people
WHEN old.name IS NOT new.name OR old.job_title IS NOT new.job_title BEGIN
  DELETE FROM search_people WHERE rowid = old.id;
  INSERT INTO search_people(rowid, name, job_title) VALUES (new.id, new.name, coalesce(new.job_title, ''));
END;
--> statement-breakpoint
CREATE TRIGGER search_people_delete AFTER DELETE ON people BEGIN
  DELETE FROM search_people WHERE rowid = old.id;
END;
--> statement-breakpoint
INSERT INTO search_people(rowid, name, job_title) SELECT id, name, coalesce(job_title, '') FROM people;
