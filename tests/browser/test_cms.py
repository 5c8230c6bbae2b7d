"""The CMS in a real browser: an editor writes with live writing help and sends a draft for
review, a clinical reviewer previews and approves it, it is published with the reviewer's
name; staff edit the practice profile and the public pages show it. Axe on what changed."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group, Permission
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from articles.models import Article, Workflow
from practice.models import Clinician, PracticeProfile
from staff.roles import CLINICAL_REVIEWER, CONTENT_EDITOR, PRACTICE_ADMINS, ROLE_PERMISSIONS

from .conftest import DESKTOP, PHONE
from .test_accessibility import AXE_OPTIONS

PASSWORD = "correct-horse-2718-staple"


def role_group(role):
    """The role as its data migration made it (a live-server test's database is flushed between tests)."""
    group, _created = Group.objects.get_or_create(name=role)
    for app_label, codename in ROLE_PERMISSIONS[role]:
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return group


def staff(django_user_model, username, role, **clinician):
    user = django_user_model.objects.create_user(username, f"{username}@example.com", PASSWORD, is_staff=True)
    user.groups.add(role_group(role))
    TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    if clinician:
        Clinician.objects.create(user=user, **clinician)
    return user


def sign_in(page, site, user, next_path):
    page.goto(f"{site}/admin/login/?next={next_path}")
    page.get_by_label("Username").fill(user.get_username())
    page.get_by_label("Password").fill(PASSWORD)
    device = TOTPDevice.objects.get(user=user)
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.locator("#id_otp_token").fill(f"{code:0{device.digits}d}")
    with page.expect_navigation():
        page.locator("#id_otp_token").press("Enter")
    expect(page).to_have_url(site + next_path)


def axe_problems(page):
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    return [f"{v['id']} ({v['impact']}) {v['nodes'][0]['target']}" for v in violations]


def test_edit_review_approve_publish(browser, page, site, django_user_model, console_errors):
    editor = staff(django_user_model, "writer", CONTENT_EDITOR)
    reviewer = staff(django_user_model, "drlee", CLINICAL_REVIEWER, name="Dana Lee", credentials="MD, psychiatrist")
    article = Article.objects.create(title="Sleep and ketamine", slug="sleep-and-ketamine",
                                     summary="How sleep may change.", body="## Sleep\n\nSome people sleep well.")
    change = f"/admin/articles/article/{article.pk}/change/"

    # The editor writes; the help panel checks the unsaved text as they type.
    page.set_viewport_size(DESKTOP)
    sign_in(page, site, editor, change)
    body = page.locator("#id_draft_body")
    body.fill("## Sleep\n\nSome people sleep well after a session. One man committed suicide.")
    body.press("End")
    help_panel = page.locator("#kap-writing-help")
    expect(help_panel).to_contain_text("committed suicide", timeout=10_000)
    expect(help_panel).to_contain_text("Recommendations for Reporting on Suicide")
    body.fill("## Sleep\n\nSome people sleep well after a session. Tell us if you sleep badly.")
    body.press("End")
    expect(help_panel).not_to_contain_text("committed suicide", timeout=10_000)
    page.get_by_role("button", name="Send for clinical review").click()
    expect(page.locator(".messagelist")).to_contain_text("Sent for clinical review")
    assert page.get_by_role("button", name=re.compile("Approve")).count() == 0

    # The public cannot see it; the reviewer (in their own browser) previews it as the public
    # would, then approves.
    visitor = browser.new_page()
    assert visitor.goto(site + article.get_absolute_url()).status == 404
    reviewer_page = browser.new_page()
    sign_in(reviewer_page, site, reviewer, change)
    reviewer_page.goto(f"{site}/admin/articles/article/{article.pk}/preview/")
    expect(reviewer_page.locator(".preview-banner")).to_contain_text("Preview of the working copy")
    expect(reviewer_page.locator(".prose")).to_contain_text("Tell us if you sleep badly.")
    reviewer_page.goto(site + change)
    reviewer_page.get_by_role("button", name="Approve (clinical reviewer)").click()
    expect(reviewer_page.locator(".messagelist")).to_contain_text("Approved")

    # The editor publishes; the public page names the reviewer.
    page.reload()
    page.get_by_role("button", name="Publish approved text").click()
    expect(page.locator(".messagelist")).to_contain_text("Published")
    for viewport in (PHONE, DESKTOP):
        visitor.set_viewport_size(viewport)
        visitor.goto(site + article.get_absolute_url())
        expect(visitor.locator(".review-box")).to_contain_text("Dana Lee, MD, psychiatrist")
        expect(visitor.locator(".prose")).to_contain_text("Tell us if you sleep badly.")
        assert axe_problems(visitor) == []
    article.refresh_from_db()
    assert article.workflow_state == Workflow.PUBLISHED and article.approved_by == reviewer
    assert console_errors == []


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_staff_edit_the_practice_profile(page, site, django_user_model, viewport):
    admin = staff(django_user_model, "owner", PRACTICE_ADMINS)
    profile = PracticeProfile.load()
    page.set_viewport_size(viewport)
    sign_in(page, site, admin, "/admin/practice/practiceprofile/1/change/")
    page.locator("#id_name").fill("Harbor Light KAP")
    page.get_by_label("Phone").fill("(206) 555-0117")
    page.get_by_text("Add another Location").click()
    page.locator("#id_locations-0-name").fill("Seattle office")
    page.locator("#id_locations-0-street").fill("700 Pine Street")
    page.locator("#id_locations-0-city").fill("Seattle")
    page.locator("#id_locations-0-state").fill("wa")
    page.locator("#id_locations-0-postal_code").fill("98101")
    page.locator("#id_locations-0-hours").fill("Tuesday to Saturday, 10 AM to 6 PM")
    page.get_by_label("Licensed states").fill("WA")
    page.locator("#id_fee_text").fill("Each medicine session costs $450 to $650.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    profile.refresh_from_db()
    assert profile.name == "Harbor Light KAP" and not profile.is_sample

    page.context.clear_cookies()
    page.goto(site + "/about/")
    footer = page.locator("footer")
    expect(footer).to_contain_text("Harbor Light KAP")
    expect(footer.locator('a[href="tel:2065550117"]')).to_have_text("(206) 555-0117")
    expect(footer).to_contain_text("700 Pine Street, Seattle, WA 98101 (Tuesday to Saturday, 10 AM to 6 PM)")
    expect(page.locator(".practice-profile")).to_contain_text("Each medicine session costs $450 to $650.")
    expect(page.locator(".practice-profile")).to_contain_text("licensed in Washington")
    assert axe_problems(page) == []
