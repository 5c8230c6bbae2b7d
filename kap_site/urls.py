from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import RedirectView

from articles.sitemaps import SITEMAPS
from articles.views import HomeView, PageDetailView, SearchView

from . import views

urlpatterns = [
    path("language/<str:code>/", views.choose_language, name="choose_language"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("favicon.ico", RedirectView.as_view(url=settings.STATIC_URL + "img/favicon.svg", permanent=True)),
    path("admin/", include("staff.urls")),
    path("admin/", admin.site.urls),
    # Images (hero images we draw, uploads); nginx serves /media/ itself in front of the app.
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", views.media_file, name="media"),
]

# What visitors read, in English at the plain addresses and in Spanish under /es/.
urlpatterns += i18n_patterns(
    path("", HomeView.as_view(), name="home"),
    path("articles/", include("articles.urls")),
    path("search/", SearchView.as_view(), name="search"),
    path("consultation/", include("consultations.urls")),
    # Informational pages last: /about/, /faq/, /privacy/ and so on.
    path("<slug:slug>/", PageDetailView.as_view(), name="page"),
    prefix_default_language=False,
)
