-- Full-text search (issue 16 item 8): the FTS5 tables and their triggers are written here by the search work.
SELECT 1;
