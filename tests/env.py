"""Environment for the test run, set before Django reads its settings (loaded with pytest -p)."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key")
os.environ.setdefault("DJANGO_PLAIN_STATIC", "1")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# Playwright's sync API runs an event loop in the test thread; the ORM calls in e2e tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# One JSON line per request is for production; tests that check it turn it on with caplog.
os.environ.setdefault("REQUEST_LOG_LEVEL", "WARNING")
# Whole-page caching is tested in tests/test_page_cache.py (the page_cache fixture turns it on); elsewhere
# a test reading a page twice gets the view's response, with its template context, each time.
os.environ.setdefault("PAGE_CACHE", "0")
# Kept listings likewise (tests/test_kept_listings.py turns them on): archive tests read the listing's context.
os.environ.setdefault("KEPT_LISTINGS", "0")
# Public requests get a 5 s statement timeout (newsroom.dbfaults), which stays on the connection after the
# request; in the test process the same connection then flushes tables and drops the test database, which
# on a busy machine takes longer. The fault tests run gunicorn with the real default.
os.environ.setdefault("DATABASE_PUBLIC_STATEMENT_TIMEOUT_MS", "60000")
