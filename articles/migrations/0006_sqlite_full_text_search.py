"""SQLite's full-text index of articles (FTS5), so search ranks by relevance on SQLite as it does
on PostgreSQL (articles/search.py). PostgreSQL keeps its own search_document column instead."""

from django.db import migrations

from articles.search import FTS_TABLE, readers_text, write_fts_row


def create_fts_table(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        # Porter stemming ("sprays" finds "spray"); accents ignored ("cafe" finds "café").
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
            "title, summary, body, tokenize = 'porter unicode61 remove_diacritics 2')"
        )
    Article = apps.get_model("articles", "Article")
    for pk, title, summary, body in Article.objects.values_list("pk", "title", "summary", "body").iterator():
        write_fts_row(connection, pk, title, summary, readers_text(body))


def drop_fts_table(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_review_digest")]

    operations = [migrations.RunPython(create_fts_table, drop_fts_table, elidable=False)]
