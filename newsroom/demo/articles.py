"""Demo journalism written for this project: authors, topics and articles that cite the demo flights."""

from __future__ import annotations

AUTHORS = [
    {"slug": "maria-okafor", "name": "Maria Okafor", "bio": "Covers immigration enforcement and the data behind it."},
    {"slug": "daniel-reyes", "name": "Daniel Reyes", "bio": "Data editor. Keeps the flight records."},
]

TOPICS = [
    {"slug": "removal-flights", "name": "Removal flights", "description": "ICE Air charters and the people aboard."},
    {"slug": "china", "name": "China", "description": "Removals to the People's Republic of China."},
    {"slug": "fact-checks", "name": "Fact checks", "description": "Where reports disagree, and what the record says."},
]

JUNE_2025 = "2025-06-03-dallas-prc-shrc"

ARTICLES = [
    {
        "slug": "ice-dallas-charter-china-june-2025",
        "headline": "ICE flew 122 Chinese nationals home on a high-risk charter led from Dallas",
        "dek": "The June 3 flight was the sixth large removal charter to China in a year, "
        "not the first since 2018 as one widely shared report said.",
        "status": "published",
        # The fact check asks for a look at "first of its kind in seven years": the sentence reports other
        # outlets' claim, and the next one says the records do not support it. The editor's acknowledgement:
        "factcheck_acknowledged": "Reports another outlet's claim on purpose; the story says the records do not "
        "support it and lists the earlier flights.",
        "published_at": "2025-06-10T09:00:00-05:00",
        "authors": ["maria-okafor"],
        "topics": ["removal-flights", "china", "fact-checks"],
        "body": f"""\
Immigration and Customs Enforcement removed {{{{ flight:{JUNE_2025}:passengers_total }}}} Chinese nationals \
on a special high risk charter that left the United States on {{{{ flight:{JUNE_2025}:departed }}}}, \
according to a release the agency published six days later.

ICE said the group was made up of {{{{ flight:{JUNE_2025}:passengers_male }}}} men and \
{{{{ flight:{JUNE_2025}:passengers_female }}}} women, aged {{{{ flight:{JUNE_2025}:age_min }}}} \
to {{{{ flight:{JUNE_2025}:age_max }}}}. Everyone aboard had a final order of removal, the agency said, \
and had been brought to the flight from detention centers around the country. \
The operation was run by the ICE field office in Dallas; the agency did not name the airport.

## A series, not a first

Some reports described the June flight as the first of its kind in seven years and gave \
a different split between men and women. Our records do not support either. Homeland Security \
announced large removal charters to China in June, October and November 2024 and again in January 2025, \
and a fourth flight in that run took place between the third and the fifth without a published date.

The earlier count often repeated for this flight belongs to the weekend flight of late June 2024, \
which carried {{{{ flight:2024-06-prc-charter:passengers_total }}}} people according to the \
Los Angeles Times. Each figure on this page links to the record it comes from, and the flight \
record lists the reports that disagree.
""",
    },
    {
        "slug": "removal-charters-china-2024-series",
        "headline": "Five removal charters to China in seven months: what the record shows",
        "dek": "Homeland Security restarted large removal flights to China in mid-2024. "
        "For most of them it has never said how many people were aboard.",
        "status": "published",
        "published_at": "2025-01-20T08:00:00-05:00",
        "authors": ["daniel-reyes"],
        "topics": ["removal-flights", "china"],
        "body": """\
The Department of Homeland Security flew a group of Chinese nationals back to China over the weekend \
of {{ flight:2024-06-prc-charter:departed }}, and said it was the first large charter of its kind \
since {{ flight:2024-06-prc-charter:first_since_year }}. The Los Angeles Times reported that \
{{ flight:2024-06-prc-charter:passengers_total }} people were on that flight.

More followed. DHS announced a second charter on {{ flight:2024-10-15-prc-charter:departed }} \
and a third on {{ flight:2024-11-16-prc-charter:departed }}. A fourth took place at some point \
between {{ flight:2024-fourth-prc-charter:departed }}; the department's statement about it gave no date. \
The fifth left on {{ flight:2025-01-06-prc-charter:departed }}, and DHS said everyone aboard \
had a final order of removal.

## What is missing

The department published a passenger count for none of the flights after the first. \
A Gujarati-language news report put the number on the November flight at 109; we have not been able \
to confirm it, and our record shows that figure as unconfirmed rather than as the flight's count.

When an agency or a court record gives a number, we add it to the record with its source, \
and this story will show the change.
""",
    },
    {
        "slug": "fourth-china-charter-what-we-know",
        "headline": "What we know about the fourth China charter",
        "dek": "A draft: the flight between November and January that no statement dated.",
        "status": "draft",
        "published_at": None,
        "authors": ["daniel-reyes"],
        "topics": ["removal-flights", "china"],
        "body": """\
The fourth removal charter to China in the 2024 series departed between \
{{ flight:2024-fourth-prc-charter:departed }}. We are still looking for a primary source that dates it.
""",
    },
]
