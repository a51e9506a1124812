-- Full-text search (issue 16 item 8), as SQLite's drizzle/sqlite/0016_search.sql does it with FTS5: one table
-- per kind of record, named as SQLite's, its `rid` the record's id. Each keeps its own copy of the words
-- (headlines are made from them) and a tsvector `document` computed from them, with a GIN index; triggers
-- keep it, so every writer (the Yjs projection, commands, imports, seeds) changes the index in the
-- transaction that changes the record: a search never shows removed text nor misses stored text. As
-- SQLite's, they are not in the drizzle schema (drizzle-kit leaves them alone); the search feature reads
-- them (server/features/search; its PostgreSQL repository is still to come).
-- Words as FTS5's `unicode61 remove_diacritics 2` makes them: no stemming, no stop words, lower case,
-- accents removed (the board_search configuration: the simple dictionary after unaccent). Query with the
-- same configuration, each word a prefix: document @@ to_tsquery('board_search', 'wintergreen:* & corridor:*').
-- Each column's words carry a weight in column order (A: the first, a title), for ts_rank to weigh or not.
-- unaccent is a trusted extension (PostgreSQL 13+): the database's owner may create it.
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION board_search (COPY = pg_catalog.simple);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION board_search
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, simple;
--> statement-breakpoint
-- A risk's title, cause, event and effect; its mitigations have a table of their own, so a keystroke in one
-- mitigation re-indexes that mitigation only. A mitigation is found as its risk.
CREATE TABLE search_risks (
  rid integer PRIMARY KEY,
  title text NOT NULL,
  body text NOT NULL,
  document tsvector GENERATED ALWAYS AS (setweight(to_tsvector('board_search', title), 'A') || setweight(to_tsvector('board_search', body), 'B')) STORED
);
--> statement-breakpoint
CREATE INDEX search_risks_document ON search_risks USING gin (document);
--> statement-breakpoint
CREATE FUNCTION search_risks_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM search_risks WHERE rid = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO search_risks (rid, title, body) VALUES (NEW.id, NEW.title, NEW.cause || E'\n' || NEW.event || E'\n' || NEW.effect);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER search_risks_insert AFTER INSERT ON risks FOR EACH ROW EXECUTE FUNCTION search_risks_sync();
--> statement-breakpoint
CREATE TRIGGER search_risks_update AFTER UPDATE OF title, cause, event, effect ON risks
FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.cause IS DISTINCT FROM NEW.cause OR OLD.event IS DISTINCT FROM NEW.event OR OLD.effect IS DISTINCT FROM NEW.effect) EXECUTE FUNCTION search_risks_sync();
--> statement-breakpoint
CREATE TRIGGER search_risks_delete AFTER DELETE ON risks FOR EACH ROW EXECUTE FUNCTION search_risks_sync();
--> statement-breakpoint
INSERT INTO search_risks (rid, title, body) SELECT risks.id, risks.title, risks.cause || E'\n' || risks.event || E'\n' || risks.effect FROM risks;
--> statement-breakpoint
-- Keyed by the mitigation's own id (`<riskId>:<key>`, text), where SQLite keys by its rowid.
CREATE TABLE search_mitigations (
  rid text PRIMARY KEY,
  action text NOT NULL,
  document tsvector GENERATED ALWAYS AS (setweight(to_tsvector('board_search', action), 'A')) STORED
);
--> statement-breakpoint
CREATE INDEX search_mitigations_document ON search_mitigations USING gin (document);
--> statement-breakpoint
CREATE FUNCTION search_mitigations_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM search_mitigations WHERE rid = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO search_mitigations (rid, action) VALUES (NEW.id, NEW.action);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER search_mitigations_insert AFTER INSERT ON mitigations FOR EACH ROW EXECUTE FUNCTION search_mitigations_sync();
--> statement-breakpoint
CREATE TRIGGER search_mitigations_update AFTER UPDATE OF action ON mitigations
FOR EACH ROW WHEN (OLD.action IS DISTINCT FROM NEW.action) EXECUTE FUNCTION search_mitigations_sync();
--> statement-breakpoint
CREATE TRIGGER search_mitigations_delete AFTER DELETE ON mitigations FOR EACH ROW EXECUTE FUNCTION search_mitigations_sync();
--> statement-breakpoint
INSERT INTO search_mitigations (rid, action) SELECT mitigations.id, mitigations.action FROM mitigations;
--> statement-breakpoint
-- The challenge log: the question, the board's discussion and the agency's response.
CREATE TABLE search_challenges (
  rid integer PRIMARY KEY,
  title text NOT NULL,
  question text NOT NULL,
  discussion text NOT NULL,
  response text NOT NULL,
  document tsvector GENERATED ALWAYS AS (setweight(to_tsvector('board_search', title), 'A') || setweight(to_tsvector('board_search', question), 'B') || setweight(to_tsvector('board_search', discussion), 'C') || setweight(to_tsvector('board_search', response), 'D')) STORED
);
--> statement-breakpoint
CREATE INDEX search_challenges_document ON search_challenges USING gin (document);
--> statement-breakpoint
CREATE FUNCTION search_challenges_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM search_challenges WHERE rid = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO search_challenges (rid, title, question, discussion, response) VALUES (NEW.id, NEW.title, NEW.question, NEW.discussion, NEW.response);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER search_challenges_insert AFTER INSERT ON challenges FOR EACH ROW EXECUTE FUNCTION search_challenges_sync();
--> statement-breakpoint
CREATE TRIGGER search_challenges_update AFTER UPDATE OF title, question, discussion, response ON challenges
FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.question IS DISTINCT FROM NEW.question OR OLD.discussion IS DISTINCT FROM NEW.discussion OR OLD.response IS DISTINCT FROM NEW.response) EXECUTE FUNCTION search_challenges_sync();
--> statement-breakpoint
CREATE TRIGGER search_challenges_delete AFTER DELETE ON challenges FOR EACH ROW EXECUTE FUNCTION search_challenges_sync();
--> statement-breakpoint
INSERT INTO search_challenges (rid, title, question, discussion, response) SELECT challenges.id, challenges.title, challenges.question, challenges.discussion, challenges.response FROM challenges;
--> statement-breakpoint
-- Actions agreed at meetings (the actions log).
CREATE TABLE search_meeting_actions (
  rid integer PRIMARY KEY,
  description text NOT NULL,
  document tsvector GENERATED ALWAYS AS (setweight(to_tsvector('board_search', description), 'A')) STORED
);
--> statement-breakpoint
CREATE INDEX search_meeting_actions_document ON search_meeting_actions USING gin (document);
--> statement-breakpoint
CREATE FUNCTION search_meeting_actions_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM search_meeting_actions WHERE rid = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO search_meeting_actions (rid, description) VALUES (NEW.id, NEW.description);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER search_meeting_actions_insert AFTER INSERT ON meeting_actions FOR EACH ROW EXECUTE FUNCTION search_meeting_actions_sync();
--> statement-breakpoint
CREATE TRIGGER search_meeting_actions_update AFTER UPDATE OF description ON meeting_actions
FOR EACH ROW WHEN (OLD.description IS DISTINCT FROM NEW.description) EXECUTE FUNCTION search_meeting_actions_sync();
--> statement-breakpoint
CREATE TRIGGER search_meeting_actions_delete AFTER DELETE ON meeting_actions FOR EACH ROW EXECUTE FUNCTION search_meeting_actions_sync();
--> statement-breakpoint
INSERT INTO search_meeting_actions (rid, description) SELECT meeting_actions.id, meeting_actions.description FROM meeting_actions;
--> statement-breakpoint
-- The improvement plan: objectives with their progress narrative, actions, inspection recommendations.
CREATE TABLE search_plan_objectives (
  rid integer PRIMARY KEY,
  outcome text NOT NULL,
  progress text NOT NULL,
  document tsvector GENERATED ALWAYS AS (setweight(to_tsvector('board_search', outcome), 'A') || setweight(to_tsvector('board_search', progress), 'B')) STORED
);
--> statement-breakpoint
CREATE INDEX search_plan_objectives_document ON search_plan_objectives USING gin (document);
--> statement-breakpoint
CREATE FUNCTION search_plan_objectives_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM search_plan_objectives WHERE rid = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO search_plan_objectives (rid, outcome, progress) VALUES (NEW.id, NEW.outcome, NEW.progress);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER search_plan_objectives_insert AFTER INSERT ON plan_objectives FOR EACH ROW EXECUTE FUNCTION search_plan_objectives_sync();
--> statement-breakpoint
CREATE TRIGGER search_plan_objectives_update AFTER UPDATE OF outcome, progress ON plan_objectives
FOR EACH ROW WHEN (OLD.outcome IS DISTINCT FROM NEW.outcome OR OLD.progress IS DISTINCT FROM NEW.progress) EXECUTE FUNCTION search_plan_objectives_sync();
--> statement-breakpoint
CREATE TRIGGER search_plan_objectives_delete AFTER DELETE ON plan_objectives FOR EACH ROW EXECUTE FUNCTION search_plan_objectives_sync();
--> statement-breakpoint
INSERT INTO search_plan_objectives (rid, outcome, progress) SELECT plan_objectives.id, plan_objectives.outcome, plan_objectives.progress FROM plan_objectives;
--> statement-breakpoint
CREATE TABLE search_plan_actions (
  rid integer PRIMARY KEY,
  description text NOT NULL,
  milestones text NOT NULL,
  progress text NOT NULL,
  document tsvector GENERATED ALWAYS AS (setweight(to_tsvector('board_search', description), 'A') || setweight(to_tsvector('board_search', milestones), 'B') || setweight(to_tsvector('board_search', progress), 'C')) STORED
);
--> statement-breakpoint
CREATE INDEX search_plan_actions_document ON search_plan_actions USING gin (document);
--> statement-breakpoint
CREATE FUNCTION search_plan_actions_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM search_plan_actions WHERE rid = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO search_plan_actions (rid, description, milestones, progress) VALUES (NEW.id, NEW.description, NEW.milestones, NEW.progress);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER search_plan_actions_insert AFTER INSERT ON plan_actions FOR EACH ROW EXECUTE FUNCTION search_plan_actions_sync();
--> statement-breakpoint
CREATE TRIGGER search_plan_actions_update AFTER UPDATE OF description, milestones, progress ON plan_actions
FOR EACH ROW WHEN (OLD.description IS DISTINCT FROM NEW.description OR OLD.milestones IS DISTINCT FROM NEW.milestones OR OLD.progress IS DISTINCT FROM NEW.progress) EXECUTE FUNCTION search_plan_actions_sync();
--> statement-breakpoint
CREATE TRIGGER search_plan_actions_delete AFTER DELETE ON plan_actions FOR EACH ROW EXECUTE FUNCTION search_plan_actions_sync();
--> statement-breakpoint
INSERT INTO search_plan_actions (rid, description, milestones, progress) SELECT plan_actions.id, plan_actions.description, plan_actions.milestones, plan_actions.progress FROM plan_actions;
--> statement-breakpoint
CREATE TABLE search_recommendations (
  rid integer PRIMARY KEY,
  text text NOT NULL,
  source text NOT NULL,
  document tsvector GENERATED ALWAYS AS (setweight(to_tsvector('board_search', text), 'A') || setweight(to_tsvector('board_search', source), 'B')) STORED
);
--> statement-breakpoint
CREATE INDEX search_recommendations_document ON search_recommendations USING gin (document);
--> statement-breakpoint
CREATE FUNCTION search_recommendations_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM search_recommendations WHERE rid = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO search_recommendations (rid, text, source) VALUES (NEW.id, NEW.text, NEW.source);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER search_recommendations_insert AFTER INSERT ON inspection_recommendations FOR EACH ROW EXECUTE FUNCTION search_recommendations_sync();
--> statement-breakpoint
CREATE TRIGGER search_recommendations_update AFTER UPDATE OF text, source ON inspection_recommendations
FOR EACH ROW WHEN (OLD.text IS DISTINCT FROM NEW.text OR OLD.source IS DISTINCT FROM NEW.source) EXECUTE FUNCTION search_recommendations_sync();
--> statement-breakpoint
CREATE TRIGGER search_recommendations_delete AFTER DELETE ON inspection_recommendations FOR EACH ROW EXECUTE FUNCTION search_recommendations_sync();
--> statement-breakpoint
INSERT INTO search_recommendations (rid, text, source) SELECT inspection_recommendations.id, inspection_recommendations.text, inspection_recommendations.source FROM inspection_recommendations;
--> statement-breakpoint
-- People by name and job title.
CREATE TABLE search_people (
  rid integer PRIMARY KEY,
  name text NOT NULL,
  job_title text NOT NULL,
  document tsvector GENERATED ALWAYS AS (setweight(to_tsvector('board_search', name), 'A') || setweight(to_tsvector('board_search', job_title), 'B')) STORED
);
--> statement-breakpoint
CREATE INDEX search_people_document ON search_people USING gin (document);
--> statement-breakpoint
CREATE FUNCTION search_people_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM search_people WHERE rid = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO search_people (rid, name, job_title) VALUES (NEW.id, NEW.name, coalesce(NEW.job_title, ''));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER search_people_insert AFTER INSERT ON people FOR EACH ROW EXECUTE FUNCTION search_people_sync();
--> statement-breakpoint
CREATE TRIGGER search_people_update AFTER UPDATE OF name, job_title ON people
FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.job_title IS DISTINCT FROM NEW.job_title) EXECUTE FUNCTION search_people_sync();
--> statement-breakpoint
CREATE TRIGGER search_people_delete AFTER DELETE ON people FOR EACH ROW EXECUTE FUNCTION search_people_sync();
--> statement-breakpoint
INSERT INTO search_people (rid, name, job_title) SELECT people.id, people.name, coalesce(people.job_title, '') FROM people;
