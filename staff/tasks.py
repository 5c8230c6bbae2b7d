from django.core.mail import send_mail
from django_tasks import task


@task()
def send_staff_email(subject, body, recipient):
    """Sign-in emails (password reset, invitation, set-up links), sent by the worker.

    They carry a link and the person's own username, never anything about a patient."""
    send_mail(subject, body, None, [recipient])
