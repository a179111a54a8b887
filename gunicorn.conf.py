"""gunicorn settings read from the project folder: no server name or version in responses."""

import gunicorn.http.wsgi

# gunicorn has no setting for its Server header; it sends this module attribute as the value.
# Naming the server and its version only helps someone matching it against known flaws.
gunicorn.http.wsgi.SERVER = "newsroom"

# A worker stuck longer than this is restarted; the database's own limits (newsroom.dbfaults) end a hung
# query well before, so this only catches what those cannot.
timeout = 30
