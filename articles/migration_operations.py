from django.db import migrations


class AddIndexOnPostgreSQL(migrations.AddIndex):
    """AddIndex that only touches a PostgreSQL database (GIN indexes do not exist in SQLite).

    The index still goes into the migration state, so makemigrations sees no change.
    """

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
