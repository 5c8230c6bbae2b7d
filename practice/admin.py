from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse

from .models import Clinician, Location, PracticeProfile, Treatment


class LocationInline(admin.StackedInline):
    model = Location
    extra = 0
    fields = ["name", "name_es", "street", "city", "state", "postal_code", "hours", "hours_es", "position"]


class TreatmentInline(admin.TabularInline):
    model = Treatment
    extra = 0
    fields = ["name", "description", "name_es", "description_es", "position"]


@admin.register(PracticeProfile)
class PracticeProfileAdmin(admin.ModelAdmin):
    """The one practice profile: the list goes straight to it; it is never added or deleted."""

    inlines = [LocationInline, TreatmentInline]
    fieldsets = [
        (None, {"fields": ["name", "phone", "email", "licensed_states", "fee_text", "fee_text_es"]}),
        ("Sample data", {"fields": ["is_sample"],
                         "description": "A new site starts with sample details. Saving this page marks them as real."}),
    ]
    readonly_fields = ["is_sample"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        profile = PracticeProfile.load()
        return HttpResponseRedirect(reverse("admin:practice_practiceprofile_change", args=[profile.pk]))

    def save_model(self, request, obj, form, change):
        # Staff have entered the practice's own details: no longer sample data.
        obj.is_sample = False
        super().save_model(request, obj, form, change)

    class Media:
        css = {"all": ["css/admin.css"]}


@admin.register(Clinician)
class ClinicianAdmin(admin.ModelAdmin):
    list_display = ["name", "credentials", "licence_states", "user", "listed", "is_sample"]
    list_filter = ["listed", "is_sample"]
    search_fields = ["name", "credentials"]
    autocomplete_fields = []
    fieldsets = [
        (None, {"fields": ["name", "credentials", "credentials_es", "licence_states", "bio", "bio_es", "is_physician",
                           "listed",
                           "position"]}),
        ("Photo", {"fields": ["photo", "photo_alt", "photo_alt_es"]}),
        ("Staff login", {
            "fields": ["user"],
            "description": "Link a clinical reviewer's login here: their approvals then show this name and "
                           "these credentials on the public pages.",
        }),
        ("Sample data", {"fields": ["is_sample"]}),
    ]
