"""Clinical review for articles and pages. Existing content is carried over as it was: its text
becomes both the live text and the working copy, and what was public stays public, approved by
the clinician staff had named on it (a clinician profile is made from that name) or, failing
that, by the sample clinician of the sample practice profile, which `check --deploy` warns
about until a real clinical reviewer approves it again."""

import datetime
import hashlib

import django.db.models.deletion

from django.conf import settings
from django.db import migrations, models


def text_hash(title, summary, body):
    # Frozen copy of articles.workflow.text_hash as it was when this migration was written.
    text = "\x1f".join([title.strip(), summary.strip(), body.strip()])
    return hashlib.sha256(text.encode()).hexdigest()


def carry_over_content(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Page = apps.get_model("articles", "Page")
    Clinician = apps.get_model("practice", "Clinician")

    def sample_clinician():
        return Clinician.objects.filter(is_sample=True).first() or Clinician.objects.create(
            name="Sample Clinician", credentials="MD (sample profile, not a real person)", is_sample=True,
            bio="This is a sample profile that a new site starts with. The practice replaces it with its real "
                "clinicians in the admin.",
        )

    def carry(item, clinician, published, interval):
        item.draft_title, item.draft_summary, item.draft_body = item.title, item.summary, item.body
        item.live_hash = text_hash(item.title, item.summary, item.body)
        item.review_every_days = interval
        if published:
            item.status = "published"
            item.workflow_state = "published"
            item.approved_clinician = item.reviewed_by = clinician
            item.approved_hash = item.published_hash = item.live_hash
            item.last_reviewed = item.last_reviewed or datetime.date.today()
            item.next_review_due = item.next_review_due or item.last_reviewed + datetime.timedelta(days=interval)
            item.approved_at = datetime.datetime.combine(item.last_reviewed, datetime.time(12), datetime.UTC)
        item.save()

    for article in Article.objects.all():
        if article.reviewer_name.strip():
            clinician = Clinician.objects.filter(name=article.reviewer_name.strip()).first() or Clinician.objects.create(
                name=article.reviewer_name.strip(), credentials=article.reviewer_credentials.strip(), is_sample=False,
            )
        else:
            clinician = sample_clinician() if article.status == "published" else None
        carry(article, clinician, article.status == "published", 365)
    for page in Page.objects.all():
        # Pages had no status: every page was public. The crisis page's numbers are checked every 90 days.
        carry(page, sample_clinician(), True, 90 if page.slug == "crisis" else 365)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0003_featured_index'),
        ('practice', '0002_sample_profile'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='approved_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='article',
            name='approved_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='article',
            name='approved_clinician',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='practice.clinician'),
        ),
        migrations.AddField(
            model_name='article',
            name='approved_hash',
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name='article',
            name='draft_body',
            field=models.TextField(blank=True, help_text="Markdown. Start with ## headings; the title is the page's only top heading.", verbose_name='body'),
        ),
        migrations.AddField(
            model_name='article',
            name='draft_summary',
            field=models.CharField(blank=True, help_text='One or two plain sentences. Shown in lists and used as the page description.', max_length=300, verbose_name='summary'),
        ),
        migrations.AddField(
            model_name='article',
            name='draft_title',
            field=models.CharField(blank=True, max_length=200, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='article',
            name='editors_since_approval',
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name='article',
            name='last_edited_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='article',
            name='live_hash',
            field=models.CharField(default='', editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name='article',
            name='published_hash',
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name='article',
            name='review_every_days',
            field=models.PositiveSmallIntegerField(default=365, help_text='How often a clinician must review this again.', verbose_name='review every (days)'),
        ),
        migrations.AddField(
            model_name='article',
            name='reviewed_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='practice.clinician', verbose_name='medically reviewed by'),
        ),
        migrations.AddField(
            model_name='article',
            name='submitted_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='sent for review'),
        ),
        migrations.AddField(
            model_name='article',
            name='workflow_state',
            field=models.CharField(choices=[('draft', 'Draft'), ('in_review', 'In clinical review'), ('approved', 'Approved'), ('published', 'Published')], db_index=True, default='draft', max_length=12, verbose_name='review'),
        ),
        migrations.AddField(
            model_name='page',
            name='approved_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='page',
            name='approved_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='page',
            name='approved_clinician',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='practice.clinician'),
        ),
        migrations.AddField(
            model_name='page',
            name='approved_hash',
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name='page',
            name='draft_body',
            field=models.TextField(blank=True, help_text="Markdown. Start with ## headings; the title is the page's only top heading.", verbose_name='body'),
        ),
        migrations.AddField(
            model_name='page',
            name='draft_summary',
            field=models.CharField(blank=True, help_text='One or two plain sentences. Shown in lists and used as the page description.', max_length=300, verbose_name='summary'),
        ),
        migrations.AddField(
            model_name='page',
            name='draft_title',
            field=models.CharField(blank=True, max_length=200, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='page',
            name='editors_since_approval',
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name='page',
            name='last_edited_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='page',
            name='live_hash',
            field=models.CharField(default='', editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name='page',
            name='next_review_due',
            field=models.DateField(blank=True, help_text='Set when published: the last review plus the review interval. You may bring it forward.', null=True),
        ),
        migrations.AddField(
            model_name='page',
            name='published_hash',
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name='page',
            name='review_every_days',
            field=models.PositiveSmallIntegerField(default=365, help_text='How often a clinician must review this again.', verbose_name='review every (days)'),
        ),
        migrations.AddField(
            model_name='page',
            name='reviewed_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='practice.clinician', verbose_name='medically reviewed by'),
        ),
        migrations.AddField(
            model_name='page',
            name='status',
            field=models.CharField(choices=[('draft', 'Draft'), ('published', 'Published')], db_index=True, default='draft', editable=False, max_length=10, verbose_name='public status'),
        ),
        migrations.AddField(
            model_name='page',
            name='submitted_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='sent for review'),
        ),
        migrations.AddField(
            model_name='page',
            name='workflow_state',
            field=models.CharField(choices=[('draft', 'Draft'), ('in_review', 'In clinical review'), ('approved', 'Approved'), ('published', 'Published')], db_index=True, default='draft', max_length=12, verbose_name='review'),
        ),
        migrations.AlterField(
            model_name='article',
            name='body',
            field=models.TextField(editable=False, verbose_name='live body'),
        ),
        migrations.AlterField(
            model_name='article',
            name='last_reviewed',
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name='article',
            name='next_review_due',
            field=models.DateField(blank=True, help_text='Set when published: the last review plus the review interval. You may bring it forward.', null=True),
        ),
        migrations.AlterField(
            model_name='article',
            name='status',
            field=models.CharField(choices=[('draft', 'Draft'), ('published', 'Published')], db_index=True, default='draft', editable=False, max_length=10, verbose_name='public status'),
        ),
        migrations.AlterField(
            model_name='article',
            name='summary',
            field=models.CharField(editable=False, max_length=300, verbose_name='live summary'),
        ),
        migrations.AlterField(
            model_name='article',
            name='title',
            field=models.CharField(editable=False, max_length=200, verbose_name='live title'),
        ),
        migrations.AlterField(
            model_name='page',
            name='body',
            field=models.TextField(editable=False, verbose_name='live body'),
        ),
        migrations.AlterField(
            model_name='page',
            name='last_reviewed',
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name='page',
            name='summary',
            field=models.CharField(editable=False, max_length=300, verbose_name='live summary'),
        ),
        migrations.AlterField(
            model_name='page',
            name='title',
            field=models.CharField(editable=False, max_length=200, verbose_name='live title'),
        ),
        migrations.RunPython(carry_over_content, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='article',
            name='reviewer_credentials',
        ),
        migrations.RemoveField(
            model_name='article',
            name='reviewer_name',
        ),
        migrations.RemoveField(
            model_name='article',
            name='reviewer_role',
        ),
        migrations.AddConstraint(
            model_name='article',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'published'), _negated=True), models.Q(('last_reviewed__isnull', False), ('reviewed_by__isnull', False), ('live_hash', models.F('published_hash'))), _connector='OR'), name='articles_article_public_text_is_approved'),
        ),
        migrations.AddConstraint(
            model_name='article',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('workflow_state__in', ['approved', 'published']), _negated=True), models.Q(('approved_clinician__isnull', False), models.Q(('approved_hash', ''), _negated=True)), _connector='OR'), name='articles_article_approval_is_recorded'),
        ),
        migrations.AddConstraint(
            model_name='article',
            constraint=models.CheckConstraint(condition=models.Q(('approved_by', models.F('last_edited_by')), _negated=True), name='articles_article_no_approving_own_edit'),
        ),
        migrations.AddConstraint(
            model_name='page',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'published'), _negated=True), models.Q(('last_reviewed__isnull', False), ('reviewed_by__isnull', False), ('live_hash', models.F('published_hash'))), _connector='OR'), name='articles_page_public_text_is_approved'),
        ),
        migrations.AddConstraint(
            model_name='page',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('workflow_state__in', ['approved', 'published']), _negated=True), models.Q(('approved_clinician__isnull', False), models.Q(('approved_hash', ''), _negated=True)), _connector='OR'), name='articles_page_approval_is_recorded'),
        ),
        migrations.AddConstraint(
            model_name='page',
            constraint=models.CheckConstraint(condition=models.Q(('approved_by', models.F('last_edited_by')), _negated=True), name='articles_page_no_approving_own_edit'),
        ),    ]
