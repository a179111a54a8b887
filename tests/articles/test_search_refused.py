"""Search text the database cannot read (PostgreSQL's tsquery limits) is a message next to the field, never a 500."""

from __future__ import annotations

from urllib.parse import quote

from django.urls import reverse

from articles.search import refresh_search_vectors
from tests.search_data import Newsroom, SearchTestCase, postgres_only

URL = reverse("articles:list")


@postgres_only
class RefusedSearchTests(SearchTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.n = Newsroom()
        refresh_search_vectors()  # on_commit never fires inside a test's transaction

    def test_runs_of_operators_the_database_refuses_are_a_message_and_other_filters_still_apply(self):
        refused = [
            "-" * 33,
            "china " + "-" * 40,
            "-" * 120,
            '"' + "- " * 60 + '"',
            "a " + "-b " * 60,
            "!" * 150,
        ]
        for text in refused:
            with self.subTest(text=text[:20]):
                response = self.client.get(URL + "?q=" + quote(text) + "&topic=china")
                self.assertEqual(response.status_code, 200)
                errors = " ".join(response.context["form"].errors.get("q", []))
                if errors:  # the database refused it: said next to the field, the topic still narrows the list
                    self.assertIn("We could not run this search as written", errors)
                    self.assertContains(response, 'id="id_q_error"')
                    slugs = [a.slug for a in response.context["articles"]]
                    self.assertEqual(slugs, ["charter-to-china", "first-since-2018"])

    def test_the_reported_case_is_refused_by_the_database_and_answered_in_words(self):
        response = self.client.get(URL + "?q=" + "-" * 33)
        self.assertEqual(response.status_code, 200)
        self.assertIn("We could not run this search as written", " ".join(response.context["form"].errors["q"]))

    def test_ordinary_searches_are_not_refused(self):
        for text in ["china", '"removal flight" -children', "guatemala or honduras", "-", "---"]:
            response = self.client.get(URL + "?q=" + quote(text))
            self.assertEqual(response.status_code, 200)
            self.assertNotIn("q", response.context["form"].errors, text)
