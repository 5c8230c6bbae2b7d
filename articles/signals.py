"""Derived state kept in step with edits made anywhere (admin, shell, content loader): an
article's copy of its references, the version that makes cached pages stale, and a revision
for every save of an article or page."""

import reversion
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from kap_site.page_cache import bump_content_version

from .models import Article, Page, Reference, Topic


@receiver(post_save, sender=Article)
@receiver(post_save, sender=Page)
def keep_a_revision(sender, instance, raw=False, **kwargs):
    """A save outside a revision block (the shell, a script) still keeps a revision; the admin,
    the workflow steps and the content loader make their own, with who and what changed."""
    if raw or reversion.is_active():
        return
    with reversion.create_revision():
        reversion.set_comment("Saved outside the admin.")
        reversion.add_to_revision(instance)


@receiver([post_save, post_delete], sender=Reference)
def refresh_article_references(sender, instance, **kwargs):
    article = Article.objects.filter(pk=instance.article_id).first()
    if article is not None:
        article.refresh_reference_list()


@receiver([post_save, post_delete], sender=Article)
@receiver([post_save, post_delete], sender=Page)
@receiver([post_save, post_delete], sender=Topic)
@receiver([post_save, post_delete], sender=Reference)
@receiver(m2m_changed, sender=Article.topics.through)
def content_changed(sender, **kwargs):
    bump_content_version()
