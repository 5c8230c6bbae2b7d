from django.core.management.base import BaseCommand

from articles.content import CONTENT_DIR, load_content


class Command(BaseCommand):
    help = "Load (or update) the site's topics, articles and pages from the files in content/."

    def add_arguments(self, parser):
        parser.add_argument("--directory", default=str(CONTENT_DIR), help="Folder holding the content files.")

    def handle(self, *args, directory, **options):
        report = load_content(directory)
        self.stdout.write(
            f"Content loaded: {len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged."
        )
