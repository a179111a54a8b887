"""The precedence of rules that turns what the records say into a finding, in one place.

Given a statement (with its stance and time scope) and the outcome of comparing it with the records,
the first rule that applies decides:

1. A value rendered from a record by a citation shortcode is consistent.
2. A denial turns the outcome round: a false figure the text denies is consistent ("not 116 men", "the
   116 figure is wrong"); a true figure it denies is false ("the flight did not carry 122 people").
3. What the records support is consistent, whoever it is credited to.
4. What an accepted record contradicts:
   a. credited to another outlet or an unnamed report ("KnowHere reported…", "some reports said…")
      → needs a look, with who said it;
   b. doubted in the text ("an unverified figure") → needs a look;
   c. read with a doubt: a step of the reading was inferred rather than read off the words (the flight, the
      count's noun, a bare figure's field, the clause, a share or approximation converted; see
      `Statement.doubts` and `Outcome.doubts`) → needs a look, naming the doubt;
   d. in the story's own voice, or credited to a source on record whose release says otherwise
      ("ICE said 116 men", when ICE's release says 96) → contradiction.
5. What cannot be held against one flight (a total over a period; a sentence that could be about several
   flights the records disagree on) → needs a look, with the reason.
6. What no record states → unsupported.

Fail safe: nothing here turns a figure an accepted record contradicts into consistent or unsupported
unless the text explicitly denies it (rule 2).
"""

from __future__ import annotations

from articles.factcheck.comparison import Outcome, Truth
from articles.factcheck.findings import FindingKind
from articles.factcheck.statements import Attribution, Polarity, Statement


def decide(statement: Statement, outcome: Outcome) -> tuple[FindingKind, str, str]:
    """(kind, message, reason) for one statement."""
    stance = statement.stance
    if statement.from_record:
        return FindingKind.CONSISTENT, "Rendered from the record by a citation.", ""
    truth = outcome.truth
    message = outcome.message
    denied = stance.polarity == Polarity.DENIED and statement.role != "reference"  # "before this month's flight"
    if denied and truth == Truth.FALSE:
        return FindingKind.CONSISTENT, f"The text denies it ({stance.cue}), and the records agree: {message}", ""
    if denied and truth == Truth.TRUE:
        # A true figure denied is as wrong as a false one asserted; who says so decides as below.
        truth, message = Truth.FALSE, f"The text denies it ({stance.cue}), but the records say: {message}"
    if truth == Truth.TRUE:
        return FindingKind.CONSISTENT, message, ""
    if truth == Truth.FALSE:
        if stance.attribution in (Attribution.OTHER_OUTLET, Attribution.UNNAMED):
            who = stance.who or "an unnamed report"
            reason = f"credited to {who} ({stance.attribution.replace('_', ' ')}), and the records disagree"
            return FindingKind.NEEDS_LOOK, f"Credited to {who}; {message}", reason
        if stance.hedged:
            reason = f"the text doubts it ({stance.cue}), and the records disagree"
            return FindingKind.NEEDS_LOOK, f"Doubted in the text ({stance.cue}); {message}", reason
        doubts = [*statement.doubts, *(d for d in outcome.doubts if d not in statement.doubts)]
        if doubts:
            # A contradiction tells an editor a figure is wrong: it is said only of a reading with no inferred step.
            why = "; ".join(d.reason for d in doubts)
            reason = f"the records disagree, but the reading is not certain: {why}"
            return FindingKind.NEEDS_LOOK, f"Not certain how it reads ({why}); {message}", reason
        if stance.attribution == Attribution.RECORD_SOURCE:
            return FindingKind.CONTRADICTION, f"Credited to {stance.who}, but {message}", ""
        return FindingKind.CONTRADICTION, message, ""
    if truth == Truth.UNCHECKABLE:
        return FindingKind.NEEDS_LOOK, message, message
    return FindingKind.UNSUPPORTED, message, ""
