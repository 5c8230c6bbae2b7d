"""Derived state kept in step with edits made anywhere (admin, shell, content loader): an
article's copy of its references, and the version that makes cached pages stale."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from kap_site.page_cache import bump_content_version

from .models import Article, Page, Reference, Topic


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
