"""A PostgreSQL server to make databases on: the benchmark's (one per corpus size) and the
reliability proofs' (tests/reliability)."""

import contextlib
import urllib.parse
import uuid

import psycopg2


class PostgresServer:
    """A PostgreSQL server, reached as one user; databases are named per call."""

    def __init__(self, host="127.0.0.1", port=5432, user="postgres", password=""):
        self.host, self.port, self.user, self.password = host, int(port), user, password or ""

    @classmethod
    def from_url(cls, url):
        """From a URL without a database, e.g. postgres://postgres@127.0.0.1:5432."""
        parts = urllib.parse.urlsplit(url)
        user = urllib.parse.unquote(parts.username or "postgres")
        return cls(parts.hostname or "127.0.0.1", parts.port or 5432, user, urllib.parse.unquote(parts.password or ""))

    def url(self, name):
        auth = urllib.parse.quote(self.user, safe="")
        if self.password:
            auth += ":" + urllib.parse.quote(self.password, safe="")
        return f"postgres://{auth}@{self.host}:{self.port}/{name}"

    def connect(self, name, timeout=10):
        return psycopg2.connect(dbname=name, host=self.host, port=self.port, user=self.user,
                                password=self.password or None, connect_timeout=timeout)

    def admin(self, *statements):
        """CREATE/DROP DATABASE cannot run in a transaction: autocommit on the maintenance database."""
        conn = self.connect("postgres")
        try:
            conn.autocommit = True
            with conn.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
        finally:
            conn.close()

    def create_database(self, name, template=None):
        self.admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))

    def recreate_database(self, name):
        self.drop_database(name)
        self.create_database(name)

    def drop_database(self, name):
        # FORCE ends connections a stopped server may have left behind.
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

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

    def over_rate_limit_flags(self, name):
        """{token as 32 hex digits: whether staff see it flagged as over the hourly limit} of every request."""
        conn = self.connect(name)
        try:
            with conn.cursor() as cursor:
                cursor.execute("SELECT submission_token, over_rate_limit FROM consultations_consultationrequest")
                return {uuid.UUID(str(token)).hex: flagged for token, flagged in cursor.fetchall()}
        finally:
            conn.close()

    def consultations_after(self, name, last_id=0):
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
