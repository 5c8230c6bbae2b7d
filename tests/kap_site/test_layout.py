"""The layout the README describes: the project package is thin and imports no app; nothing
deployed imports the benchmark or the tests."""

import ast
from pathlib import Path

from django.conf import settings

APPS = {"articles", "consultations", "staff"}
DEPLOYED = ["kap_site", "articles", "consultations", "staff"]


def imported_packages(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0]


def python_files(package):
    return [path for path in (Path(settings.BASE_DIR) / package).rglob("*.py") if "migrations" not in path.parts]


def test_the_project_package_imports_no_app():
    # The root URLconf is where apps are wired in; everything else in kap_site stays app-free.
    offenders = {
        str(path.relative_to(settings.BASE_DIR)): sorted(set(imported_packages(path)) & APPS)
        for path in python_files("kap_site")
        if path.name != "urls.py" and set(imported_packages(path)) & APPS
    }
    assert offenders == {}


def test_nothing_deployed_imports_the_benchmark_or_the_tests():
    offenders = [
        str(path.relative_to(settings.BASE_DIR))
        for package in DEPLOYED
        for path in python_files(package)
        if {"bench", "tests"} & set(imported_packages(path))
    ]
    assert offenders == []
    assert not (Path(settings.BASE_DIR) / "kap_site" / "benchmark").exists()
