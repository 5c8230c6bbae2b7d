"""The benchmark's PostgreSQL databases: made fresh per corpus size, dropped at the end."""

import contextlib
import urllib.parse
import uuid

import psycopg2


class PostgresServer:
    """The PostgreSQL server the benchmark makes its databases on (no database in the URL)."""

    def __init__(self, url):
        parts = urllib.parse.urlsplit(url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 5432
        self.user = urllib.parse.unquote(parts.username or "postgres")
        self.password = urllib.parse.unquote(parts.password or "")

    def url(self, name):
        auth = urllib.parse.quote(self.user, safe="")
        if self.password:
            auth += ":" + urllib.parse.quote(self.password, safe="")
        return f"postgres://{auth}@{self.host}:{self.port}/{name}"

    def connect(self, name, timeout=10):
        return psycopg2.connect(dbname=name, host=self.host, port=self.port, user=self.user,
                                password=self.password or None, connect_timeout=timeout)

    def _admin(self, statement):
        """CREATE/DROP DATABASE cannot run in a transaction: autocommit on the maintenance database."""
        conn = self.connect("postgres")
        try:
            conn.autocommit = True
            with conn.cursor() as cursor:
                cursor.execute(statement)
        finally:
            conn.close()

    def recreate_database(self, name):
        self.drop_database(name)
        self._admin(f'CREATE DATABASE "{name}"')

    def drop_database(self, name):
        # FORCE ends connections a stopped server may have left behind.
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def drop_quietly(self, name):
        with contextlib.suppress(psycopg2.Error):
            self.drop_database(name)

    def scalar(self, name, sql, params=None):
        conn = self.connect(name)
        try:
            with conn.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchone()[0]
        finally:
            conn.close()

    def last_consultation_id(self, name):
        return self.scalar(name, "SELECT COALESCE(MAX(id), 0) FROM consultations_consultationrequest")

    def consultations_after(self, name, last_id):
        """(token as 32 hex digits, suspected spam) of every request stored after `last_id`."""
        conn = self.connect(name)
        try:
            with conn.cursor() as cursor:
                cursor.execute(
                    "SELECT submission_token, suspected_spam FROM consultations_consultationrequest WHERE id > %s",
                    [last_id],
                )
                return [(uuid.UUID(str(token)).hex, spam) for token, spam in cursor.fetchall()]
        finally:
            conn.close()
