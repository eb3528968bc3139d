"""On PostgreSQL, the database itself refuses to change or delete an audit
entry, whatever sends the SQL (the app, the admin, a shell, psql).

UPDATE is always refused. DELETE is refused unless the transaction has set
`audit.purge_before` (set_config(..., true), so it ends with the
transaction) and the row is older than that moment: only the retention
purge (accounts/audit/retention.py) does so. This guards against mistakes
and against any code path of the app; a database owner can still drop the
trigger, so operators who want more run the app as a role that does not own
the table. TRUNCATE is left alone: test databases are emptied with it.
SQLite (laptops) has no such guard; the model and its queryset still refuse.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND OLD.at < NULLIF(current_setting('audit.purge_before', true), '')::timestamptz THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit entries are append-only: % refused', TG_OP
        USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER audit_event_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_event_append_only();
"""


def _on_postgresql(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)  # no placeholders: RAISE uses %

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
