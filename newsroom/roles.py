"""The newsroom's roles: which permissions the reporter, editor and data editor groups hold.

The groups are created by a data migration (articles/migrations/0007_newsroom_roles.py) and brought up to date
by `manage.py create_editor`; rules finer than a permission (a reporter edits only their own drafts) are in
articles/permissions.py.
"""

from __future__ import annotations

from typing import Any

REPORTER = "reporter"
EDITOR = "editor"
DATA_EDITOR = "data editor"

_VIEW_RECORDS = [
    "flights.view_flight",
    "flights.view_flightleg",
    "flights.view_claim",
    "flights.view_source",
    "flights.view_airport",
    "flights.view_operator",
]
_WRITE = ["add", "change", "view"]
_ALL = ["add", "change", "delete", "view"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    # Writes and edits own drafts and submits them; cannot publish, schedule, withdraw, or edit others' stories.
    REPORTER: [
        "articles.add_article",
        "articles.change_article",
        "articles.view_article",
        "articles.add_articleflight",
        "articles.change_articleflight",
        "articles.delete_articleflight",
        "articles.view_articleflight",
        "articles.view_author",
        "articles.view_topic",
        "articles.view_correction",
        "articles.view_articlerevision",
        "articles.add_sharelink",
        "articles.view_sharelink",
        "articles.change_sharelink",
        *_VIEW_RECORDS,
    ],
    # Reviews, publishes, schedules, withdraws, writes corrections, overrides the fact check with a reason.
    EDITOR: [
        *[f"articles.{action}_article" for action in ["add", "change", "delete", "view"]],
        "articles.publish_article",
        "articles.withdraw_article",
        "articles.override_factcheck",
        *[f"articles.{action}_articleflight" for action in ["add", "change", "delete", "view"]],
        *[f"articles.{action}_correction" for action in ["add", "change", "delete", "view"]],
        *[f"articles.{action}_author" for action in _WRITE],
        *[f"articles.{action}_topic" for action in _WRITE],
        "articles.view_articlerevision",
        "articles.view_workflowstep",
        *[f"articles.{action}_sharelink" for action in _WRITE],
        "articles.view_slugredirect",
        "articles.delete_slugredirect",
        *_VIEW_RECORDS,
    ],
    # Keeps the records: flights, legs, sources, claims, airports, operators, and imports; no stories.
    DATA_EDITOR: [
        *[f"flights.{action}_{model}" for model in ["flight", "flightleg", "claim", "source"] for action in _ALL],
        *[f"flights.{action}_{model}" for model in ["airport", "operator"] for action in _WRITE],
        "flights.import_flights",
        "articles.view_article",
        "articles.view_articleflight",
        "articles.view_correction",
    ],
}


def sync_roles(apps: Any) -> None:
    """Create the three groups and give each exactly its permissions (safe to run again).

    `apps` is a migration's app registry or django.apps.apps. Permissions of apps that have not been
    migrated yet are created first, since a fresh database creates them only after every migration.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = getattr(app_config, "models_module", None) or True
        create_permissions(app_config, apps=apps, verbosity=0)
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=role)
        wanted = []
        for name in names:
            app_label, codename = name.split(".")
            wanted.append(permission_model.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)
