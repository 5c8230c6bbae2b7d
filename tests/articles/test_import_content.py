"""Re-importing one content file is deliberate: it shows the difference and asks (or --force),
and the imported text goes through clinical review while the approved text stays live."""

import io

import pytest
from django.core.management import CommandError, call_command

from articles.content import CONTENT_DIR, load_content
from articles.models import Article, Workflow

FILE = sorted((CONTENT_DIR / "articles").glob("*.md"))[0]


@pytest.fixture
def edited(db):
    load_content()
    article = Article.objects.get(language="en", slug=__import__("frontmatter").load(FILE)["slug"])
    article.draft_body = "## Staff wrote this\n\nA correction made in the admin."
    article.save()
    article.refresh_from_db()
    return article


def run(*args, answer=None, monkeypatch=None):
    if monkeypatch is not None:
        monkeypatch.setattr("builtins.input", lambda prompt="": answer)
    out = io.StringIO()
    call_command("import_content", *args, stdout=out)
    return out.getvalue()


def test_shows_the_difference_and_changes_nothing_without_a_yes(edited, monkeypatch):
    output = run(str(FILE), answer="n", monkeypatch=monkeypatch)
    assert "-A correction made in the admin." in output and "Nothing changed." in output
    edited.refresh_from_db()
    assert edited.draft_body.startswith("## Staff wrote this")


def test_yes_or_force_imports_into_review_and_keeps_the_live_text(edited, monkeypatch):
    live_before = edited.body
    output = run(str(FILE), answer="y", monkeypatch=monkeypatch)
    assert "Imported." in output
    edited.refresh_from_db()
    assert not edited.draft_body.startswith("## Staff wrote this")
    assert edited.workflow_state == Workflow.IN_REVIEW and edited.body == live_before and edited.is_public
    assert "already has this text" in run(str(FILE), "--force")


def test_no_answer_changes_nothing(edited, monkeypatch):
    def no_terminal(prompt=""):
        raise EOFError

    monkeypatch.setattr("builtins.input", no_terminal)
    assert "Nothing changed." in run(str(FILE))


def test_a_missing_file_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_content", "content/articles/nope.md")
