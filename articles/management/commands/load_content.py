from django.core.management.base import BaseCommand

from articles.content import CONTENT_DIR, load_content


class Command(BaseCommand):
    help = (
        "Seed the site with the topics, articles and pages in content/ that it does not have yet. "
        "Never changes, republishes or unpublishes what exists (see import_content for that)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--directory", default=str(CONTENT_DIR), help="Folder holding the content files.")

    def handle(self, *args, directory, **options):
        report = load_content(directory)
        self.stdout.write(
            f"Content loaded: {len(report.created)} created, "
            f"{len(report.kept)} already on the site and kept as they are."
        )
