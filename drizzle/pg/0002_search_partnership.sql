-- Each search table says whose record each row is (partnership_id), so a search reads, ranks and
-- headlines one partnership's matches only: before this, ts_rank ran on every partnership's matches of
-- a word, and the read rules (server/features/search/read-rules.ts) dropped the others' afterwards. The
-- read rules stay: the column narrows the work, the rules decide what a person may read. A record never
-- changes partnership, so the update triggers need not watch the column. A mitigation's partnership is
-- its risk's.
ALTER TABLE search_risks ADD COLUMN partnership_id integer;
--> statement-breakpoint
UPDATE search_risks s SET partnership_id = r.partnership_id FROM risks r WHERE r.id = s.rid;
--> statement-breakpoint
DELETE FROM search_risks WHERE partnership_id IS NULL;
--> statement-breakpoint
ALTER TABLE search_risks ALTER COLUMN partnership_id SET NOT NULL;
--> statement-breakpoint
CREATE INDEX search_risks_partnership ON search_risks (partnership_id);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION search_risks_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM search_risks WHERE rid = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO search_risks (rid, partnership_id, title, body) VALUES (NEW.id, NEW.partnership_id, NEW.title, NEW.cause || E'\n' || NEW.event || E'\n' || NEW.effect);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
ALTER TABLE search_mitigations ADD COLUMN partnership_id integer;
--> statement-breakpoint
UPDATE search_mitigations s SET partnership_id = r.partnership_id FROM mitigations m JOIN risks r ON r.id = m.risk_id WHERE m.id = s.rid;
--> statement-breakpoint
DELETE FROM search_mitigations WHERE partnership_id IS NULL;
--> statement-breakpoint
ALTER TABLE search_mitigations ALTER COLUMN partnership_id SET NOT NULL;
--> statement-breakpoint
CREATE INDEX search_mitigations_partnership ON search_mitigations (partnership_id);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION search_mitigations_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM search_mitigations WHERE rid = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO search_mitigations (rid, partnership_id, action) VALUES (NEW.id, (SELECT r.partnership_id FROM risks r WHERE r.id = NEW.risk_id), NEW.action);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
ALTER TABLE search_challenges ADD COLUMN partnership_id integer;
--> statement-breakpoint
UPDATE search_challenges s SET partnership_id = c.partnership_id FROM challenges c WHERE c.id = s.rid;
--> statement-breakpoint
DELETE FROM search_challenges WHERE partnership_id IS NULL;
--> statement-breakpoint
ALTER TABLE search_challenges ALTER COLUMN partnership_id SET NOT NULL;
--> statement-breakpoint
CREATE INDEX search_challenges_partnership ON search_challenges (partnership_id);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION search_challenges_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM search_challenges WHERE rid = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO search_challenges (rid, partnership_id, title, question, discussion, response) VALUES (NEW.id, NEW.partnership_id, NEW.title, NEW.question, NEW.discussion, NEW.response);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
ALTER TABLE search_meeting_actions ADD COLUMN partnership_id integer;
--> statement-breakpoint
UPDATE search_meeting_actions s SET partnership_id = ma.partnership_id FROM meeting_actions ma WHERE ma.id = s.rid;
--> statement-breakpoint
DELETE FROM search_meeting_actions WHERE partnership_id IS NULL;
--> statement-breakpoint
ALTER TABLE search_meeting_actions ALTER COLUMN partnership_id SET NOT NULL;
--> statement-breakpoint
CREATE INDEX search_meeting_actions_partnership ON search_meeting_actions (partnership_id);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION search_meeting_actions_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM search_meeting_actions WHERE rid = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO search_meeting_actions (rid, partnership_id, description) VALUES (NEW.id, NEW.partnership_id, NEW.description);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
ALTER TABLE search_plan_objectives ADD COLUMN partnership_id integer;
--> statement-breakpoint
UPDATE search_plan_objectives s SET partnership_id = o.partnership_id FROM plan_objectives o WHERE o.id = s.rid;
--> statement-breakpoint
DELETE FROM search_plan_objectives WHERE partnership_id IS NULL;
--> statement-breakpoint
ALTER TABLE search_plan_objectives ALTER COLUMN partnership_id SET NOT NULL;
--> statement-breakpoint
CREATE INDEX search_plan_objectives_partnership ON search_plan_objectives (partnership_id);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION search_plan_objectives_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM search_plan_objectives WHERE rid = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO search_plan_objectives (rid, partnership_id, outcome, progress) VALUES (NEW.id, NEW.partnership_id, NEW.outcome, NEW.progress);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
ALTER TABLE search_plan_actions ADD COLUMN partnership_id integer;
--> statement-breakpoint
UPDATE search_plan_actions s SET partnership_id = pa.partnership_id FROM plan_actions pa WHERE pa.id = s.rid;
--> statement-breakpoint
DELETE FROM search_plan_actions WHERE partnership_id IS NULL;
--> statement-breakpoint
ALTER TABLE search_plan_actions ALTER COLUMN partnership_id SET NOT NULL;
--> statement-breakpoint
CREATE INDEX search_plan_actions_partnership ON search_plan_actions (partnership_id);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION search_plan_actions_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM search_plan_actions WHERE rid = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO search_plan_actions (rid, partnership_id, description, milestones, progress) VALUES (NEW.id, NEW.partnership_id, NEW.description, NEW.milestones, NEW.progress);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
ALTER TABLE search_recommendations ADD COLUMN partnership_id integer;
--> statement-breakpoint
UPDATE search_recommendations s SET partnership_id = ir.partnership_id FROM inspection_recommendations ir WHERE ir.id = s.rid;
--> statement-breakpoint
DELETE FROM search_recommendations WHERE partnership_id IS NULL;
--> statement-breakpoint
ALTER TABLE search_recommendations ALTER COLUMN partnership_id SET NOT NULL;
--> statement-breakpoint
CREATE INDEX search_recommendations_partnership ON search_recommendations (partnership_id);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION search_recommendations_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM search_recommendations WHERE rid = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO search_recommendations (rid, partnership_id, text, source) VALUES (NEW.id, NEW.partnership_id, NEW.text, NEW.source);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
ALTER TABLE search_people ADD COLUMN partnership_id integer;
--> statement-breakpoint
UPDATE search_people s SET partnership_id = p.partnership_id FROM people p WHERE p.id = s.rid;
--> statement-breakpoint
DELETE FROM search_people WHERE partnership_id IS NULL;
--> statement-breakpoint
ALTER TABLE search_people ALTER COLUMN partnership_id SET NOT NULL;
--> statement-breakpoint
CREATE INDEX search_people_partnership ON search_people (partnership_id);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION search_people_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM search_people WHERE rid = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO search_people (rid, partnership_id, name, job_title) VALUES (NEW.id, NEW.partnership_id, NEW.name, coalesce(NEW.job_title, ''));
  END IF;
  RETURN NULL;
END
$$;
