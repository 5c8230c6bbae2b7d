"""Staff management for practice admins: invite, change role, deactivate, reset a second
factor. Every action goes through staff/accounts.py, which logs it in the admin's history."""

from django.contrib import admin, messages
from django.db import transaction

from . import accounts
from .forms import InvitationForm, StaffMemberForm
from .models import StaffMember


@admin.register(StaffMember)
class StaffMemberAdmin(admin.ModelAdmin):
    list_display = ["username", "full_name", "email", "role", "is_active", "second_factors", "last_login"]
    list_filter = ["is_active", "groups"]
    search_fields = ["username", "first_name", "last_name", "email"]
    readonly_fields = ["username", "is_active", "last_login", "date_joined", "second_factors"]
    actions = ["send_second_factor_reset", "deactivate", "reactivate"]

    @admin.display(description="name")
    def full_name(self, member):
        return member.get_full_name()

    @admin.display(description="second factor")
    def second_factors(self, member):
        return member.second_factor_names()

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = StaffMemberForm if obj else InvitationForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["username", "first_name", "last_name", "email", "role"]
        return ["username", "first_name", "last_name", "email", "role", "is_active", "second_factors",
                "last_login", "date_joined"]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def has_change_permission(self, request, obj=None):
        # A practice admin cannot change the practice owner's login (a superuser), only owners can.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # someone who leaves is deactivated: their history stays

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            if change:
                obj.save()
                form.save_role(obj)
            else:
                form.save()
                accounts.invite(request, obj)

    def log_addition(self, request, obj, message):
        return None  # accounts.invite logs the invitation

    def response_add(self, request, obj, post_url_continue=None):
        messages.success(request, f"An invitation was emailed to {obj.email}. The link works for a week.")
        return self.response_post_save_add(request, obj)

    def _changeable(self, request, queryset):
        members = [m for m in queryset if self.has_change_permission(request, m)]
        skipped = len(queryset) - len(members)
        if skipped:
            messages.warning(request, f"{skipped} practice owner login(s) left alone: only an owner can change them.")
        return members

    @admin.action(description="Reset second factor and email a set-up link", permissions=["reset_second_factor"])
    def send_second_factor_reset(self, request, queryset):
        members = self._changeable(request, queryset)
        for member in members:
            accounts.reset_second_factor(request, member)
        if members:
            messages.success(request, f"Second factor reset for {len(members)}; each was emailed a set-up link.")

    def has_reset_second_factor_permission(self, request):
        return request.user.has_perm("staff.reset_second_factor")

    @admin.action(description="Deactivate (someone who left): they can no longer sign in", permissions=["change"])
    def deactivate(self, request, queryset):
        members = [m for m in self._changeable(request, queryset.filter(is_active=True)) if m.pk != request.user.pk]
        for member in members:
            accounts.deactivate(request, member)
        if queryset.filter(pk=request.user.pk).exists():
            messages.warning(request, "You cannot deactivate your own login.")
        if members:
            messages.success(request, f"Deactivated {len(members)}: they can no longer sign in.")

    @admin.action(description="Reactivate", permissions=["change"])
    def reactivate(self, request, queryset):
        members = self._changeable(request, queryset.filter(is_active=False))
        for member in members:
            accounts.reactivate(request, member)
        if members:
            messages.success(request, f"Reactivated {len(members)}.")
