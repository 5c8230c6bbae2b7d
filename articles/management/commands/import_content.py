from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.content import apply_import, plan_import


class Command(BaseCommand):
    help = (
        "Bring one content file's text into the site again. Shows the difference from the working copy and "
        "asks first (or --force). The new text needs clinical review; what is live stays live until then."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A Markdown file from content/articles/ or content/pages/.")
        parser.add_argument("--force", action="store_true", help="Apply without asking.")

    def handle(self, *args, file, force, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            plan = plan_import(path)
        except (KeyError, ValueError) as error:
            raise CommandError(f"{path.name} is not a content file: {error}") from error
        if plan.item is None:
            apply_import(plan, path)
            self.stdout.write(f"Created {plan.kind} {plan.slug} from {path.name}.")
            return
        if not plan.changes:
            self.stdout.write(f"{plan.kind.capitalize()} {plan.slug} already has this text. Nothing to do.")
            return
        self.stdout.write(plan.diff)
        if not force:
            try:
                answer = input(f"\nReplace the working copy of {plan.kind} {plan.slug} with this file's text? [y/N] ")
            except EOFError:
                answer = ""  # no one to ask (a script): change nothing unless --force
            if answer.strip().lower() not in ("y", "yes"):
                self.stdout.write("Nothing changed.")
                return
        item = apply_import(plan, path)
        self.stdout.write(
            f"Imported. {plan.kind.capitalize()} {plan.slug} is now: {item.workflow_label}. "
            "What the public sees changes only after clinical review and publishing."
        )
