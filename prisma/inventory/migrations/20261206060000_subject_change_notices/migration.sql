-- The subject registry is read by nearly every request (access decisions) and changes rarely, so
-- each process keeps it in memory (subgraph-runtime/database/cachedRows.ts). What keeps that copy
-- true is the table itself: whoever changes a row (the registry's event handler, a script, a
-- console session), the change's commit notifies every listening process of the changed key, and
-- TRUNCATE of all keys. The channel names the schema: channels are database-wide.
CREATE FUNCTION "notify_row_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify(
    'row_change_' || left(md5(TG_TABLE_SCHEMA), 16),
    TG_TABLE_NAME || ':' || CASE WHEN TG_LEVEL = 'STATEMENT' THEN '*' ELSE to_jsonb(OLD) ->> TG_ARGV[0] END
  );
  RETURN NULL;
END
$$;

CREATE TRIGGER "subject_changed"
  AFTER UPDATE ON "subject"
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION "notify_row_change"('patient_id');

CREATE TRIGGER "subject_deleted"
  AFTER DELETE ON "subject"
  FOR EACH ROW EXECUTE FUNCTION "notify_row_change"('patient_id');

CREATE TRIGGER "subject_truncated"
  AFTER TRUNCATE ON "subject"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_row_change"('patient_id');
