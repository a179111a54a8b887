"""Synthetic newsroom data at scale for benchmarks: flights, sources, claims, authors, topics, articles."""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, models
from django.utils import timezone

from articles.models import Article, ArticleFlight, Author, Topic
from articles.search import GIN_INDEXED, refresh_search_vectors
from flights.models import Airport, Claim, Flight, Operator, Source

# Where removal flights leave from: ICE Air hubs and staging airports.
ORIGINS = [
    "KAEX", "KDFW", "KIAH", "KSAT", "KELP", "KBRO", "KHRL", "KMIA", "KPHX", "KYUM",
    "KIWA", "KSEA", "KLAX", "KMSY", "KOMA", "KBFL", "KMCI", "KLRD", "KGSO", "KBOI",
]  # fmt: skip
# Destination countries, weighted roughly as removals are: Central America and Mexico most often.
COUNTRIES = {
    "GT": 18, "HN": 16, "MX": 14, "SV": 10, "CO": 6, "EC": 6, "DO": 4, "NI": 3, "HT": 3, "VE": 3,
    "PE": 2, "BR": 2, "JM": 2, "CN": 2, "IN": 2, "MR": 1, "SN": 1, "NG": 1, "GH": 1, "UZ": 1,
    "RO": 1, "CU": 1, "BO": 1, "CM": 1, "KH": 1, "VN": 1, "LA": 1, "TR": 1, "RU": 1, "PK": 1,
}  # fmt: skip
KIND_WEIGHTS = {
    Flight.Kind.REMOVAL: 60, Flight.Kind.CHARTER_REMOVAL: 15, Flight.Kind.SPECIAL_HIGH_RISK_CHARTER: 8,
    Flight.Kind.DOMESTIC_TRANSFER: 12, Flight.Kind.RETURN: 5,
}  # fmt: skip
OPERATORS = [
    ("GlobalX", "GXA"), ("Eastern Air Express", "EAX"), ("Avelo Airlines", "VXP"), ("iAero Airways", "SWQ"),
    ("World Atlantic Airlines", "WAL"), ("Omni Air International", "OAE"), ("Sun Country Airlines", "SCX"),
    ("Key Lime Air", "LYM"), ("Western Global Airlines", "WGN"), ("Air Transport International", "ATN"),
]  # fmt: skip
TOPICS = [
    "Removals", "Deportation flights", "Detention", "Courts", "Asylum", "Border", "Policy", "Family separation",
    "Children", "Data", "Investigations", "Corrections", "Contractors", "Guatemala", "Honduras", "Mexico",
    "El Salvador", "China", "India", "Venezuela", "Haiti", "Africa", "Louisiana", "Texas", "Congress",
]  # fmt: skip
FIRST = ["Ana", "Luis", "Maria", "James", "Li", "Priya", "Omar", "Sara", "Tom", "Grace", "Jorge", "Nina", "Sam"]
LAST = ["Reyes", "Wei", "Garcia", "Smith", "Patel", "Haddad", "Nguyen", "Okafor", "Brown", "Silva", "Kim", "Lopez"]

SENTENCES = [
    "The {kind} left {city} early in the morning with {n} people aboard, according to {agency}.",
    "Advocates in {city} said families were not told where their relatives were being taken.",
    "{agency} did not respond to a request for comment about the flight to {country}.",
    "Flight tracking data show the aircraft returned empty to {origin_city} the next day.",
    "Lawyers for several of the detainees said they had pending asylum claims.",
    "The government of {country} confirmed the arrival of {n} of its nationals.",
    "It was at least the {ordinal} such flight to {country} this year.",
    "Records obtained through a public records request list the operator as {operator}.",
    "A judge in {state} ordered the agency to explain the legal basis for the removals.",
    "Among those removed were {juveniles} minors travelling without their parents.",
    "Officials described the people aboard as having final orders of removal.",
    "Deportation flights from {origin_city} have increased sharply since the start of the year.",
    "The charter contractor was paid under a multi-year agreement with the agency.",
    "Witnesses at the airport in {city} counted the passengers as they stepped off the plane.",
    "The numbers released by {agency} differ from those reported by local media in {country}.",
    "Some of those deported had lived in the United States for more than a decade.",
    "Immigration attorneys said detention conditions in {state} had worsened.",
    "A spokesperson for the consulate of {country} said it was assisting returnees.",
    "Data analysed for this story cover every removal flight we could document since 2018.",
    "The aircraft, registered as {tail}, is operated by {operator}.",
    "Relatives gathered outside the terminal in {city} hoping for a glimpse of loved ones.",
    "A federal appeals court heard arguments over the expedited removals on {weekday}.",
    "The {agency} contract for charter flights was renewed for another five years.",
    "Several passengers reported being shackled at the wrists, waist and ankles for the entire trip.",
    "Human rights monitors in {country} documented the arrivals and interviewed returnees.",
    "A mother of three said she had been detained during a routine check-in appointment in {state}.",
    "The operator declined to discuss its government work, citing confidentiality.",
    "Congressional staff have requested a briefing on the cost of the program.",
    "The flight made a refuelling stop in {stopover} before continuing to {country}.",
    "Public health officials in {country} screened the returnees on arrival.",
    "Teachers at a school in {state} said two pupils stopped attending after their parents were detained.",
    "An internal audit found gaps in how medical records travel with detainees.",
    "The number of removals to {country} this quarter exceeded the total for all of last year.",
    "Airport workers in {city} said the charter arrived shortly after dawn.",
    "A pastor who runs a shelter in {city} said it was already at capacity.",
    "Lawmakers from {state} called for an inspector general review.",
    "The detention center near {origin_city} has faced complaints about overcrowding.",
    "Consular officials interviewed each passenger before the plane departed.",
    "Volunteers met the arrivals with water, phone chargers and bus fare.",
    "Satellite imagery reviewed for this report shows the aircraft parked at a remote apron.",
    "Court filings describe a bus ride of more than ten hours before the flight.",
    "Several of the deportees said they had been arrested at work sites in {state}.",
    "The government of {country} has asked for advance notice of each flight.",
    "An attorney said her client had a hearing scheduled for next month.",
    "Records show the same tail number flew to {stopover} earlier that week.",
    "Local reporters in {country} counted the buses leaving the airport.",
    "A spokesperson for {operator} referred questions to the government.",
    "Economists say remittances to {country} could fall as removals rise.",
    "The agency said every person aboard had exhausted their appeals.",
    "Interpreters were not available for speakers of Indigenous languages, advocates said.",
]
AGENCIES = ["ICE", "Immigration and Customs Enforcement", "the Department of Homeland Security", "CBP"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
STOPOVERS = ["Harlingen", "San Diego", "Anchorage", "Shannon", "Dakar", "Honolulu", "Guam", "Miami", "Panama City"]
STATES = ["Texas", "Louisiana", "Arizona", "California", "Florida", "Georgia", "New Mexico"]
ORDINALS = ["second", "third", "fourth", "fifth", "sixth", "tenth", "twelfth"]
HEADLINES = [
    "{kind_cap} to {country} carried {n} people, records show",
    "Inside the {origin_city} hub that sends deportation flights to {country}",
    "{country} receives {n} deportees on {operator} charter",
    "Families in {city} wait for news after removal flight",
    "What we know about the latest deportation flight to {country}",
    "Judge questions {agency} over flights to {country}",
    "The contractors behind removal flights from {origin_city}",
]
DEKS = [
    "The flight left {origin_city} with {n} people aboard.",
    "Records and flight tracking show a pattern of {kind} flights to {country}.",
    "Advocates say those removed had little notice.",
    "Officials in {country} confirmed the arrival.",
]


@dataclass
class Place:
    country: str
    country_name: str
    airport_id: int | None
    city: str


def _db(value: Any) -> Any:
    """A value for a raw insert: SQLite stores datetimes as naive UTC text, as Django does."""
    if connection.vendor == "sqlite" and isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(" ")
    return value


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Bulk insert: COPY on PostgreSQL (fastest), executemany elsewhere. Rows carry their own ids."""
    meta = model._meta
    columns = [meta.get_field(name).column for name in fields]
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    table = connection.ops.quote_name(meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            sql = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join(['%s'] * len(columns))})"
            batch: list[list[Any]] = []
            for row in rows:
                batch.append([_db(value) for value in row])
                if len(batch) >= 5000:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)


def next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1


def reset_sequences(*models_: type[models.Model]) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models_:
            table = model._meta.db_table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")


class Seeder:
    """Makes `articles` articles and `flights` flights in bulk; deterministic for a given seed."""

    def __init__(self, *, articles: int, flights: int, seed: int = 1, log: Any = print) -> None:
        self.n_articles = articles
        self.n_flights = flights
        self.random = random.Random(seed)
        self.log = log
        self.token = f"{seed}-{next_id(Article)}"
        self.now = timezone.now()

    def run(self) -> None:
        self.places = self._places()
        self.operators = self._operators()
        self.sources = self._sources()
        self.flight_ids = self._flights()
        self._claims()
        self.authors = self._people()
        self.topics = self._topics()
        self._articles()
        reset_sequences(Source, Flight, Claim, Author, Topic, Article, ArticleFlight)
        self.log("search vectors…")
        self._search_vectors()

    def _places(self) -> dict[str, list[Place]]:
        from django_countries import countries

        names = dict(countries)
        places: dict[str, list[Place]] = {}
        airports = (
            Airport.objects.filter(country__in=list(COUNTRIES)).exclude(iata="").filter(name__icontains="international")
        )
        for airport in airports.only("pk", "country", "city"):
            places.setdefault(str(airport.country), []).append(
                Place(str(airport.country), str(names[str(airport.country)]), airport.pk, airport.city)
            )
        for code in COUNTRIES:
            places.setdefault(code, [Place(code, str(names[code]), None, str(names[code]))])
        return places

    def _operators(self) -> list[Operator]:
        operators = []
        for name, code in OPERATORS:
            slug = name.lower().replace(" ", "-")
            operator, _ = Operator.objects.get_or_create(slug=slug, defaults={"name": name, "icao_code": code})
            operators.append(operator)
        return operators

    def _sources(self) -> list[tuple[int, str]]:
        start = next_id(Source)
        count = max(20, self.n_flights // 200)
        kinds = list(Source.Kind.values)
        rows = []
        for i in range(count):
            kind = self.random.choice(kinds)
            tier = Source.Tier.PRIMARY if kind in ("government_release", "foia_data", "court_record") else "secondary"
            day = datetime.date(2018, 1, 1) + datetime.timedelta(days=self.random.randrange(3200))
            url = "" if self.random.random() < 0.2 else f"https://example.org/{self.token}/source-{i}"
            slug = f"seed-{self.token}-source-{i}"
            rows.append((start + i, slug, f"Report {i}", self.random.choice(AGENCIES), kind, tier, url, "", day, ""))
        insert_rows(
            Source,
            ["id", "slug", "title", "publisher", "kind", "tier", "url", "archive_url", "published_on", "note"],
            rows,
        )
        return [(row[0], row[1]) for row in rows]

    def _flights(self) -> list[tuple[int, str, str]]:
        self.log(f"{self.n_flights} flights…")
        start = next_id(Flight)
        origins = dict(Airport.objects.filter(icao__in=ORIGINS).values_list("icao", "pk"))
        origin_ids = [origins.get(code) for code in ORIGINS]
        country_codes, weights = zip(*COUNTRIES.items(), strict=True)
        kinds, kind_weights = zip(*KIND_WEIGHTS.items(), strict=True)
        operator_ids = [op.pk for op in self.operators]
        made: list[tuple[int, str, str]] = []
        rng = self.random

        def rows() -> Iterator[tuple]:
            for i in range(self.n_flights):
                pk = start + i
                country = rng.choices(country_codes, weights)[0]
                place = rng.choice(self.places[country])
                earliest = datetime.date(2018, 1, 1) + datetime.timedelta(days=rng.randrange(3250))
                latest = earliest + datetime.timedelta(days=rng.choice([0] * 9 + [1, 2]))
                kind = rng.choices(kinds, kind_weights)[0]
                total = None if rng.random() < 0.15 else rng.randrange(20, 220)
                male = female = juvenile = None
                if total is not None and rng.random() < 0.6:
                    male = rng.randrange(0, total + 1)
                    female = total - male
                    juvenile = rng.randrange(0, min(total, 12) + 1)
                slug = f"seed-{self.token}-flight-{i}"
                made.append((pk, slug, country))
                origin = rng.choice(origin_ids)
                yield (
                    pk, slug, kind, earliest, latest, "" if latest == earliest else "Reported only as that weekend",
                    origin, "" if origin else "Texas", place.airport_id if rng.random() < 0.8 else None, country,
                    rng.choice(operator_ids) if rng.random() < 0.9 else None, f"N{rng.randrange(100, 999)}GX",
                    "", total, male, female, juvenile, country if rng.random() < 0.9 else "",
                    "", self.now, self.now,
                )  # fmt: skip

        columns = (
            "id slug kind departed_earliest departed_latest date_note origin origin_description destination "
            "destination_country operator tail_number mission_number passengers_total passengers_male "
            "passengers_female passengers_juvenile nationality notes created_at updated_at"
        )
        insert_rows(Flight, columns.split(), rows())
        return made

    def _claims(self) -> None:
        start = next_id(Claim)
        source_ids = [pk for pk, _ in self.sources]
        rng = self.random

        def rows() -> Iterator[tuple]:
            pk = start
            for flight_id, _, _ in self.flight_ids:
                chosen = rng.sample(source_ids, k=rng.choice([1, 1, 2, 2, 3]))
                for n, source_id in enumerate(chosen):
                    status = Claim.Status.ACCEPTED if n == 0 else rng.choice(["accepted", "disputed", "unconfirmed"])
                    yield (pk, flight_id, "passengers_total", str(rng.randrange(20, 220)), source_id, status, "",
                           self.now, self.now)  # fmt: skip
                    pk += 1

        insert_rows(
            Claim, ["id", "flight", "field", "value", "source", "status", "note", "created_at", "updated_at"], rows()
        )

    def _people(self) -> list[int]:
        start = next_id(Author)
        rows = []
        for i in range(80):
            name = f"{self.random.choice(FIRST)} {self.random.choice(LAST)}"
            rows.append((start + i, name, f"seed-{self.token}-{name.lower().replace(' ', '-')}-{i}", ""))
        insert_rows(Author, ["id", "name", "slug", "bio"], rows)
        return [row[0] for row in rows]

    def _topics(self) -> list[int]:
        ids = []
        for name in TOPICS:
            slug = name.lower().replace(" ", "-")
            topic, _ = Topic.objects.get_or_create(slug=slug, defaults={"name": name})
            ids.append(topic.pk)
        return ids

    def _words(self, country: str, place: Place, n: int, template: str) -> str:
        rng = self.random
        return template.format(
            kind=rng.choice(["removal flight", "charter", "deportation flight", "transfer flight"]),
            kind_cap=rng.choice(["Removal flight", "Charter", "Deportation flight"]),
            city=place.city or place.country_name,
            origin_city=rng.choice(
                ["Alexandria", "Dallas", "Houston", "San Antonio", "El Paso", "Brownsville", "Mesa"]
            ),
            country=place.country_name,
            n=n,
            agency=rng.choice(AGENCIES),
            ordinal=rng.choice(ORDINALS),
            operator=rng.choice(OPERATORS)[0],
            state=rng.choice(STATES),
            juveniles=rng.randrange(2, 30),
            tail=f"N{rng.randrange(100, 999)}GX",
            weekday=rng.choice(WEEKDAYS),
            stopover=rng.choice(STOPOVERS),
        )

    def _articles(self) -> None:
        self.log(f"{self.n_articles} articles…")
        rng = self.random
        start = next_id(Article)
        country_codes, weights = zip(*COUNTRIES.items(), strict=True)
        first_day = datetime.datetime(2016, 1, 1, tzinfo=datetime.UTC)
        span = int((self.now - first_day).total_seconds())
        topic_rows: list[tuple[int, int]] = []
        author_rows: list[tuple[int, int]] = []
        flight_rows: list[tuple[int, int, int]] = []
        by_country: dict[str, list[int]] = {}
        for flight_id, _, flight_country in self.flight_ids:
            by_country.setdefault(flight_country, []).append(flight_id)
        statuses = [Article.Status.PUBLISHED] * 96 + [Article.Status.DRAFT] * 3 + [Article.Status.WITHDRAWN]

        def rows() -> Iterator[tuple]:
            for i in range(self.n_articles):
                pk = start + i
                country = rng.choices(country_codes, weights)[0]
                place = rng.choice(self.places[country])
                n = rng.randrange(20, 220)
                picked = rng.sample(SENTENCES, k=rng.randrange(4, 10))
                sentences = [self._words(country, place, n, template) for template in picked]
                # Whole paragraphs repeat in a synthetic body; varied sentences lead each one.
                paragraphs = [
                    " ".join(rng.sample(sentences, k=min(len(sentences), 4))) for _ in range(rng.randrange(4, 14))
                ]
                body = "\n\n".join(paragraphs)
                published = first_day + datetime.timedelta(seconds=rng.randrange(span))
                for topic in rng.sample(self.topics, k=rng.choice([1, 2, 2, 3])):
                    topic_rows.append((pk, topic))
                for author in rng.sample(self.authors, k=rng.choice([1, 1, 1, 2])):
                    author_rows.append((pk, author))
                # Stories cite flights to the country they are about.
                candidates = by_country.get(country) or [row[0] for row in self.flight_ids[:50]]
                cited = rng.sample(candidates, k=min(len(candidates), rng.choice([0, 1, 1, 2, 3])))
                for position, flight_id in enumerate(cited):
                    flight_rows.append((pk, flight_id, position))
                yield (
                    pk, self._words(country, place, n, rng.choice(HEADLINES))[:200], f"seed-{self.token}-article-{i}",
                    self._words(country, place, n, rng.choice(DEKS))[:300], body, rng.choice(statuses), published,
                    published, published, "", "", "", "",
                )  # fmt: skip

        insert_rows(
            Article,
            ["id", "headline", "slug", "dek", "body", "status", "published_at", "created_at", "updated_at",
             "lead_image", "lead_image_alt", "lead_image_credit", "factcheck_override_reason"],
            rows(),
        )  # fmt: skip
        through_topics = Article.topics.through
        through_authors = Article.authors.through
        insert_rows(through_topics, ["article", "topic"], topic_rows)
        insert_rows(through_authors, ["article", "author"], author_rows)
        link_start = next_id(ArticleFlight)
        insert_rows(
            ArticleFlight,
            ["id", "article", "flight", "position"],
            ((link_start + i, *row) for i, row in enumerate(flight_rows)),
        )

    def _search_vectors(self) -> None:
        """One UPDATE for every vector; the GIN indexes are built afterwards, faster than maintaining them."""
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            # Inside a transaction the inserted articles' foreign-key checks (created_by) are still pending,
            # and PostgreSQL builds no index on a table with pending trigger events: run the checks now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for column in GIN_INDEXED:
                cursor.execute(f"DROP INDEX IF EXISTS article_{column}_gin")
            refresh_search_vectors()
            for column in GIN_INDEXED:
                cursor.execute(f"CREATE INDEX article_{column}_gin ON articles_article USING gin ({column})")
            cursor.execute("ANALYZE")
