from django import forms
from django.contrib.auth.forms import PasswordResetForm, UsernameField
from django.contrib.auth.models import Group
from django.template import loader

from .models import StaffMember
from .roles import ROLE_PERMISSIONS
from .tasks import send_staff_email


class StaffPasswordResetForm(PasswordResetForm):
    """Django's reset form, for active staff only, with the email sent by the task worker.

    The page after it reads the same whether or not the address belongs to anyone."""

    def get_users(self, email):
        return (user for user in super().get_users(email) if user.is_staff)

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        send_staff_email.enqueue(subject, body, to_email)


def role_choices():
    # Whatever roles staff/roles.py defines, so a new role shows up here by itself.
    return [("", "Choose a role")] + [(name, name) for name in ROLE_PERMISSIONS]


class StaffMemberForm(forms.ModelForm):
    """A staff member's name, email and role (one of staff/roles.py's roles)."""

    role = forms.ChoiceField(choices=role_choices, help_text="What this person may see and do in the admin.")

    class Meta:
        model = StaffMember
        fields = ["first_name", "last_name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "email" in self.fields:  # not when the admin shows the form read-only
            self.fields["email"].required = True
            self.fields["email"].help_text = "Their own work address: sign-in links go here."
        if self.instance.pk and "role" in self.fields:
            self.fields["role"].initial = self.instance.role

    def save_role(self, member):
        """Give the chosen role in place of any other role; other groups are kept."""
        member.groups.remove(*Group.objects.filter(name__in=ROLE_PERMISSIONS))
        member.groups.add(Group.objects.get(name=self.cleaned_data["role"]))


class InvitationForm(StaffMemberForm):
    """A new staff member: an invitation goes to their email (staff/accounts.py)."""

    class Meta(StaffMemberForm.Meta):
        fields = ["username", "first_name", "last_name", "email"]
        field_classes = {"username": UsernameField}

    def save(self, commit=True):
        member = super().save(commit=False)
        member.is_staff = True
        member.set_unusable_password()  # they choose one from the invitation link
        if commit:
            member.save()
            self.save_role(member)
        return member


class AuthenticatorCodeForm(forms.Form):
    code = forms.CharField(
        label="The 6-digit code your app shows now", max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, device, **kwargs):
        self.device = device
        super().__init__(*args, **kwargs)

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not self.device.verify_token(code):
            raise forms.ValidationError(
                "That code did not match. Check the time on your phone is right, and type the code the app "
                "shows now."
            )
        return code
