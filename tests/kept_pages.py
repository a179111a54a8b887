"""Reading a page as a reader and checking it was kept: shared by the shell and kept-listing tests."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext


def read(client, url: str) -> tuple[str, int]:
    """The page's HTML (it must answer 200) and how many SQL queries it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), len(queries)


def assert_kept(client, *urls: str) -> None:
    """Each page, read twice, answers the second time from what was kept: the same HTML, no database read."""
    for url in urls:
        first, _ = read(client, url)
        again, queries = read(client, url)
        assert queries == 0, f"{url} was rendered again ({queries} queries)"
        assert again == first, url
