"""Public URLs of the journalism."""

from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="list"),
    path("preview/<int:pk>/", views.ArticlePreviewView.as_view(), name="preview"),
    path("share/<str:token>/", views.SharedDraftView.as_view(), name="share"),
    path("authors/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("topics/<slug:slug>/", views.TopicView.as_view(), name="topic"),
    path("<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
]
