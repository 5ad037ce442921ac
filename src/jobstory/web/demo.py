"""A demo workspace for a first `jobstory serve`: one user, one study, eight participants.

Seeded only into a database without users, so it never touches a real installation. The
password is generated and returned once (the caller prints it); only its hash is stored.
Six participants have finished an illustrative interview (three situations, two people
each) and one is midway, so the dashboard, the transcripts and the analysis have something
to show; the last has a fresh link to try. An analysis run is queued at once, so the Analysis
tab shows job stories within a minute of starting.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, update

from jobstory.analysis_runs.queue import request_run
from jobstory.domain import Guide, Participant, Question, QuestionKind
from jobstory.guides import load_guide
from jobstory.interview.session import InterviewService
from jobstory.store.db import Store
from jobstory.store.tables import Invitation, ParticipantRow, Study, User
from jobstory.web.accounts import AccountError, create_user, user_count
from jobstory.web.customer_lists import parse_items
from jobstory.web.customers import import_rows, link
from jobstory.web.studies import create_study

log = logging.getLogger("jobstory.demo")
DEMO_EMAIL = "demo@example.com"
DEMO_GUIDE = "jtbd-switch"
DEMO_PEOPLE = [
    {"name": "Maya Chen", "email": "maya.chen@example.com", "external_id": "C-1042",
     "product": "Ledgerly", "plan": "Team"},
    {"name": "Ravi Patel", "email": "ravi.patel@example.com", "external_id": "C-1051",
     "product": "Ledgerly", "plan": "Team"},
    {"name": "Elena García", "email": "elena.garcia@example.com", "external_id": "C-1063",
     "product": "Ledgerly", "plan": "Starter"},
    {"name": "Kofi Mensah", "email": "kofi.mensah@example.com", "external_id": "C-1068",
     "product": "Ledgerly", "plan": "Starter"},
    {"name": "Hannah Becker", "email": "hannah.becker@example.com", "external_id": "C-1071",
     "product": "Ledgerly", "plan": "Team"},
    {"name": "Li Wei", "email": "li.wei@example.com", "external_id": "C-1074",
     "product": "Ledgerly", "plan": "Starter"},
    {"name": "Tomás Okafor", "email": "tomas.okafor@example.com", "external_id": "C-1077",
     "product": "Ledgerly", "plan": "Starter"},
    {"name": "Sara Lindqvist", "email": "sara.lindqvist@example.com", "external_id": "C-1103",
     "product": "Ledgerly", "plan": "Team"},
]
#: The first six finish their interview, the seventh stops midway, the last has a fresh link.
COMPLETED, MIDWAY = 6, 6

# ILLUSTRATIVE answers, written for the demo: three situations, two people each (month-end
# close by hand, an audit with receipts nowhere, clients paying twice or late), told as a good
# switch interview draws them out: concrete, past tense. By question id; the second of each
# pair answers a follow-up.
_Story = dict[str, tuple[str, str]]
_MONTH_END: dict[str, _Story] = {
    "Maya Chen": {
        "first-thought": (
            "It was the last Friday of March. I spent until 11pm reconciling invoices in three "
            "spreadsheets because the bank export and our sheet never matched.",
            "My partner asked why I was still at the laptop at eleven. I had no good answer."),
        "push": (
            "Every month-end took me two full days. I copied numbers from the bank export into "
            "our sheet by hand, and at least once a quarter our finance lead caught a mistake.",
            "In February I typed 1,200 instead of 12,000 and we chased a client for a week."),
        "passive-looking": (
            "A colleague showed me her setup in April; she closed her books in an afternoon. I "
            "signed up for a trial but didn't use it.",
            "I read two comparison posts on the bus and bookmarked them, then forgot."),
        "active-looking": (
            "In June the month-end close ran into the weekend again. That Monday I "
            "blocked the afternoon and compared Ledgerly with a bigger spreadsheet. I "
            "wanted to close the month without copying a single number by hand.",
            "It was the third month in a row the close ran late."),
        "pull": (
            "The bank feed matched 90% of our transactions on the first day. Seeing last "
            "month's invoices already reconciled sold me.",
            "It was the screen where March showed 0 unmatched payments."),
        "anxiety": (
            "I was afraid of losing five years of history in the move. We exported everything "
            "to CSV first, just in case.",
            "I kept the export on a USB stick in my drawer for a month."),
        "habit": (
            "Honestly the spreadsheet was ours: I knew every formula. Giving up that control "
            "was hard.",
            "I kept the old sheet open next to Ledgerly for the whole of July."),
        "nothing": ("no", "Another weekend of copying numbers was not an option."),
        "first-use": (
            "The first week I reconciled March in forty minutes, on the train home, so now I "
            "can close the month on the last working day.",
            "It was the 8:10 from Leeds; I finished before we reached York."),
        "what-changed": (
            "Month-end takes me half a day now instead of two, and our finance lead has not "
            "found a single mistake in the books since July.",
            "I spend the Friday afternoon I got back on sales calls."),
    },
    "Ravi Patel": {
        "first-thought": (
            "It was the close for December. I spent the whole of New Year's Eve matching bank "
            "lines to invoices in our spreadsheet, line by line.",
            "My daughter's party started at eight and I arrived at ten."),
        "push": (
            "Month-end took me three days of copying bank lines into the spreadsheet by hand, "
            "and the numbers still did not match the bank.",
            "In January we found a 4,000 pound difference that took a week to trace."),
        "passive-looking": (
            "My accountant mentioned bank feeds in February. I watched a demo video but did "
            "nothing with it.",
            "I saved the link in my notes under 'one day'."),
        "active-looking": (
            "In April the close took four days and payroll went out late. That afternoon "
            "I started a trial of Ledgerly. I wanted to match the bank lines without "
            "typing them in myself.",
            "The team asked me where their pay was."),
        "pull": (
            "It pulled the bank lines in overnight and suggested the invoice for each one. I "
            "only had to click to confirm.",
            "On the second day 70 of 82 lines were matched before I opened it."),
        "anxiety": (
            "I worried our accountant would not accept the reports from a new system.",
            "She asked for a sample export and approved it in a day."),
        "habit": (
            "I liked seeing every number in my own sheet; I trusted what I typed.",
            "For two months I printed the reconciliation and ticked it by hand."),
        "nothing": ("yes", "For a while I thought I could live with the late nights, until payroll "
                    "went out late."),
        "first-use": (
            "The first close took one afternoon instead of three days, so I can pay the team "
            "on time every month.",
            "I finished at four and went home before the traffic."),
        "what-changed": (
            "The close takes one afternoon instead of three days, and payroll has gone out on "
            "time five months running.",
            "We have not had a difference like that 4,000 pounds again."),
    },
}
_AUDIT: dict[str, _Story] = {
    "Elena García": {
        "first-thought": (
            "Our accountant emailed on a Tuesday that the tax audit would start in three "
            "weeks, and I could not find half the receipts for the year.",
            "They were in a shoebox, two email inboxes and the glovebox of the van."),
        "push": (
            "Receipts were everywhere: paper in a box, photos on my phone, PDFs in email. "
            "Finding one receipt for the auditor took me twenty minutes.",
            "For the audit I needed 140 receipts and found 96 in the first week."),
        "passive-looking": (
            "A friend told me she photographs every receipt into an app. I thought it was "
            "too much effort for a small shop.",
            "I tried a free scanning app once and never opened it again."),
        "active-looking": (
            "The audit letter made it urgent. That evening I compared three tools that "
            "store receipts with the transactions. I needed to hand the auditor every "
            "receipt for a transaction in one click.",
            "I had three weeks, a shoebox and two inboxes."),
        "pull": (
            "Each receipt I photograph is attached to its bank transaction, and the auditor "
            "can see them without asking me.",
            "The search found a receipt from last May by typing the amount."),
        "anxiety": (
            "I worried the photos would not count as proof for the tax office.",
            "Our accountant checked the rules and said the photos were fine."),
        "habit": (
            "The shoebox was simple; everything went in one place, even if I never found it "
            "again.",
            "I still kept the shoebox for the paper originals."),
        "nothing": ("no", "With an audit in three weeks, doing nothing was not possible."),
        "first-use": (
            "The first week I photographed 96 receipts and they matched themselves to the "
            "bank lines, so now I can find any receipt in seconds.",
            "The auditor asked for eleven receipts and I sent them the same morning."),
        "what-changed": (
            "I find a receipt in seconds instead of twenty minutes, and the last audit took two "
            "hours instead of two days.",
            "The shoebox went into the recycling in May."),
    },
    "Kofi Mensah": {
        "first-thought": (
            "In September the tax office wrote that they would audit my last two years, and "
            "my receipts were in carrier bags in the garage.",
            "It was a Friday evening and I read the letter three times."),
        "push": (
            "I kept paper receipts in bags by month, and I could not find any receipt for the "
            "auditor without emptying a bag on the floor.",
            "Finding the receipts for one quarter took me a whole Saturday."),
        "passive-looking": (
            "My brother uses an app for his receipts, and I meant to try it for a year.",
            "I downloaded it once and it asked for too much setup."),
        "active-looking": (
            "The audit started in October, so I looked for a tool that keeps receipts "
            "with the bank transactions. I wanted to find every receipt for the auditor "
            "without the bags.",
            "The auditor's first visit was booked for the 14th."),
        "pull": (
            "I take a photo of the receipt and it attaches to the payment on its own. The "
            "auditor gets a link to the whole year.",
            "It read the date and the amount from a crumpled fuel receipt."),
        "anxiety": (
            "I was afraid of uploading two years of paper receipts; it looked like weeks of "
            "work.",
            "I did the audit years first and left the rest."),
        "habit": (
            "Paper felt safe: I could hold it, and nobody could delete it.",
            "I still keep the bags, but in a box now."),
        "nothing": ("yes", "I thought about emptying the bags for the auditor once and carrying on "
                    "as before."),
        "first-use": (
            "The first evening I photographed a month of receipts in half an hour, so I can "
            "send the auditor any receipt the same day.",
            "She asked for fourteen receipts on the Monday and had them by lunch."),
        "what-changed": (
            "The auditor gets every receipt the same day now; last year gathering them took me "
            "a week of evenings.",
            "I stopped keeping the paper bags after the third month."),
    },
}
_PAID_TWICE: dict[str, _Story] = {
    "Hannah Becker": {
        "first-thought": (
            "In May a client paid the same invoice twice and nobody noticed for six weeks, "
            "until they asked for the money back.",
            "It was 2,400 euros and we had already spent it on stock."),
        "push": (
            "We sent invoices from a template and tracked payments in a spreadsheet, so we "
            "never knew which client had paid, paid twice or not at all.",
            "Chasing late payments took me every Friday morning."),
        "passive-looking": (
            "A supplier sent me an invoice with a pay-now link and I wondered how they tracked "
            "it.",
            "I asked them and they named two tools."),
        "active-looking": (
            "After the refund I looked the same week for a tool that matches payments to "
            "invoices. I wanted to see who has paid each invoice without checking the "
            "bank myself.",
            "The refund came out of the money for the summer stock."),
        "pull": (
            "Every invoice shows paid, partly paid or overdue, and a reminder goes to the "
            "client on its own.",
            "The first reminder brought in three overdue invoices in a day."),
        "anxiety": (
            "I worried clients would find automatic reminders rude.",
            "I wrote the reminder text myself so it sounds like me."),
        "habit": (
            "I liked calling clients myself; it kept the relationship personal.",
            "I still call the two biggest clients."),
        "nothing": ("no", "A double payment we had to refund was a warning."),
        "first-use": (
            "The first month every payment matched its invoice, so now I can see who owes us "
            "money at a glance.",
            "Friday mornings are for the shop again, not for chasing."),
        "what-changed": (
            "We chase late payers within a day of the due date, and money owed for over thirty "
            "days fell from about 9,000 pounds to under 2,000.",
            "I check the list every Monday morning; it takes five minutes."),
    },
    "Li Wei": {
        "first-thought": (
            "In August two clients paid the wrong invoices and one paid twice, and I only "
            "found out at the end of the quarter.",
            "I spent a week on the phone sorting out who owed what."),
        "push": (
            "I tracked which invoices were paid in a spreadsheet, and payments that did not "
            "match an invoice sat there for weeks.",
            "One client was overdue for ninety days before I noticed."),
        "passive-looking": (
            "Our bookkeeper suggested online invoicing, but I thought it was for bigger "
            "companies.",
            "I looked at the pricing page and closed it."),
        "active-looking": (
            "The end of the quarter showed 6,000 in unpaid invoices, so I started looking "
            "for a tool the next day. I needed to know which client has paid which "
            "invoice.",
            "Our bookkeeper said the quarter would not close with those gaps."),
        "pull": (
            "Payments from the bank match themselves to the invoice they pay, and a double "
            "payment is flagged the same day.",
            "It flagged a duplicate payment in the first week."),
        "anxiety": (
            "I worried that moving our invoice numbers would confuse clients.",
            "It kept our numbering, so nobody noticed."),
        "habit": (
            "I knew my spreadsheet and its colours; green was paid, red was late.",
            "I kept the colours in my head for a while."),
        "nothing": ("yes", "For a month I thought a tidier spreadsheet would do, until the quarter "
                    "showed six thousand unpaid."),
        "first-use": (
            "The first week it matched every payment to its invoice, so now I can chase late "
            "payers the day an invoice is due.",
            "Two overdue clients paid within a week of the first reminder."),
        "what-changed": (
            "No payment sits unmatched for more than a day now; it used to be weeks, and two "
            "clients paid twice last year.",
            "Sorting out a double payment used to take me an afternoon of emails."),
    },
}
_STORIES: dict[str, _Story] = {**_MONTH_END, **_AUDIT, **_PAID_TWICE}
#: Whose story and answers a participant outside the demo list tells (the tests' people).
_FIRST = DEMO_PEOPLE[0]["name"]

# The same people's structured answers, chosen to agree with their stories: whoever says "yes"
# to having considered doing nothing ticks "Keep doing it the old way", and nobody else does;
# the scale and rankings differ from person to person, as real answers would.
_CHOICES: dict[str, dict[str, Any]] = {
    "Maya Chen": {"heard": "A friend or colleague", "severity": 4,
                  "alternatives": ["A spreadsheet or paper"],
                  "ranking": ["Saving time", "Fewer mistakes", "Peace of mind",
                              "Looking professional", "Saving money"]},
    "Ravi Patel": {"heard": "Search engine", "severity": 5,
                   "alternatives": ["Keep doing it the old way", "Hiring someone to do it"],
                   "ranking": ["Saving time", "Peace of mind", "Fewer mistakes", "Saving money",
                               "Looking professional"]},
    "Elena García": {"heard": "Search engine", "severity": 3,
                     "alternatives": ["Another product", "Hiring someone to do it"],
                     "ranking": ["Peace of mind", "Fewer mistakes", "Saving time",
                                 "Looking professional", "Saving money"]},
    "Kofi Mensah": {"heard": "Other", "severity": 4,
                    "alternatives": ["Keep doing it the old way", "A spreadsheet or paper"],
                    "ranking": ["Peace of mind", "Saving time", "Looking professional",
                                "Fewer mistakes", "Saving money"]},
    "Hannah Becker": {"heard": "A friend or colleague", "severity": 3,
                      "alternatives": ["Another product"],
                      "ranking": ["Saving money", "Saving time", "Looking professional",
                                  "Fewer mistakes", "Peace of mind"]},
    "Li Wei": {"heard": "An advert", "severity": 5,
               "alternatives": ["Keep doing it the old way", "Building something ourselves"],
               "ranking": ["Fewer mistakes", "Saving money", "Saving time", "Peace of mind",
                           "Looking professional"]},
}
# Further details from each story, for a follow-up the story above has no line for (or a
# second one on the same question): a probe is never answered with a sentence said before.
_MORE: dict[str, tuple[str, ...]] = {
    "Maya Chen": (
        "The colleague was Priya from our sister company; she showed me on her laptop.",
        "We were four people then, and I did the books on top of sales.",
        "Before that I tried a second spreadsheet to check the first; it only doubled the work."),
    "Ravi Patel": (
        "After the accountant mentioned bank feeds I searched for them, and Ledgerly came up "
        "first.",
        "I asked a bookkeeper for a quote, but it was more than the software for a year.",
        "We pay eleven people, so a late payroll is eleven phone calls."),
    "Elena García": (
        "I searched for receipts and audits that evening and read the first three results.",
        "A bookkeeper offered to sort the shoebox, but not in three weeks.",
        "The shop is just me and one part-timer, so the receipts were always my job."),
    "Kofi Mensah": (
        "It was on a list of bookkeeping tools that our local business group shared.",
        "My plan was to make a spreadsheet of the receipts, but I never started it.",
        "I drive for work, so most receipts are for fuel and parking."),
    "Hannah Becker": (
        "A supplier we have worked with for years named Ledgerly and one other tool.",
        "I tried the other tool for a week, and it could not read our bank.",
        "We have about forty clients, most of them paying monthly."),
    "Li Wei": (
        "I saw an advert for Ledgerly on a podcast the day after the quarter closed.",
        "Our bookkeeper offered to write a macro for the spreadsheet; we never finished it.",
        "I run a design studio with three people, and I send all the invoices."),
}
# Only when everything above was said already (a moderator probing far past its budget).
_NOTHING_MORE = ("Nothing more comes to mind about that.", "That is all I remember.",
                 "I cannot think of anything else.")


@dataclass(frozen=True)
class DemoInfo:
    email: str
    password: str
    study_id: int
    participant_link: str


def _answer_for(question: Question, follow_up: bool, name: str, said: set[str]) -> Any:
    """This participant's answer: their story's own words, a follow-up never said before."""
    story = _STORIES.get(name, _STORIES[_FIRST])
    choices = _CHOICES.get(name, _CHOICES[_FIRST])
    if follow_up:
        own = story.get(question.id, ("",))[1:]
        more = _MORE.get(name, _MORE[_FIRST])
        return next(line for line in (*own, *more, *_NOTHING_MORE) if line not in said)
    kind = question.kind
    if question.id in story:
        return story[question.id][0]
    if kind is QuestionKind.YES_NO:
        return "no"
    if kind is QuestionKind.OPEN:  # a question this guide does not have
        return next(line for line in (*_MORE.get(name, _MORE[_FIRST]), *_NOTHING_MORE)
                    if line not in said)
    if question.id in choices:
        return choices[question.id]
    if kind is QuestionKind.SCALE:  # a question this guide does not have: the middle
        return (question.scale_min + question.scale_max) // 2
    options = list(question.options or [])
    return options[0] if kind is QuestionKind.SINGLE_CHOICE else options[:1] \
        if kind is QuestionKind.MULTIPLE_CHOICE else options


def play_interview(service: InterviewService, store: Store, study_id: int, participant_id: int,
          answers: int | None) -> None:
    """Run an interview for a demo participant: `answers` of them, or until it closes."""
    with store.read() as session:
        row = session.get(ParticipantRow, participant_id)
        assert row is not None
        participant = Participant(name=row.name, email=row.email, external_id=row.external_id,
                                  fields={k: str(v) for k, v in (row.fields or {}).items()})
        guide_json = session.scalar(select(Study.guide).where(Study.id == study_id))
    guide = Guide.from_store(guide_json)
    said: set[str] = set()
    state = service.start(guide, participant, study_id=study_id, participant_id=participant_id)
    with store.session() as session:
        session.execute(update(Invitation).where(Invitation.participant_id == participant_id)
                        .values(opened_at=datetime.now(UTC)))
    step = 0
    while state.pending is not None and (answers is None or step < answers) and step < 80:
        pending = state.pending
        if pending.question_id is None:
            break
        question = guide.question(pending.question_id)
        value = _answer_for(question, pending.kind == "probe", participant.name or "", said)
        if isinstance(value, str):
            said.add(value)
        service.answer(state.id, value, f"demo-{participant_id}-{step}")
        state = service.get(state.id)
        step += 1


def seed_demo(store: Store, *, base_url: str = "") -> DemoInfo | None:
    """Create the demo workspace if the database has no users yet; else None."""
    if user_count(store) > 0:
        return None
    password = secrets.token_urlsafe(12)
    try:
        account = create_user(store, DEMO_EMAIL, password)
    except AccountError:  # another process seeded it first
        return None
    guide = load_guide(DEMO_GUIDE)
    study_id = create_study(store, account, "Why teams switch to Ledgerly (demo)", guide)
    parsed = parse_items(DEMO_PEOPLE)
    issued = import_rows(store, study_id, parsed.rows).issued
    service = InterviewService(store)
    try:
        for invitation in issued[:COMPLETED]:
            play_interview(service, store, study_id, invitation.participant_id, None)
        play_interview(service, store, study_id, issued[MIDWAY].participant_id, 3)
    except Exception:  # noqa: BLE001 - a demo transcript is a nicety, never a reason to fail
        log.warning("could not play the demo interviews", exc_info=True)
    # Analysed as soon as the server's worker starts: a newcomer sees job stories at once.
    request_run(store, study_id, trigger="demo")
    return DemoInfo(email=DEMO_EMAIL, password=password, study_id=study_id,
                    participant_link=link(base_url, issued[-1].token))


def demo_link(store: Store, *, base_url: str = "") -> str | None:
    """A live participant link from the demo study, for a server started again later: the
    demo workspace's first study, and one of the demo's own people, never a participant the
    researcher has added to a study of their own."""
    with store.read() as session:
        first_study = (select(func.min(Study.id))
                       .join(User, User.workspace_id == Study.workspace_id)
                       .where(User.email == DEMO_EMAIL).scalar_subquery())
        token = session.scalar(
            select(Invitation.token)
            .join(ParticipantRow, ParticipantRow.id == Invitation.participant_id)
            .where(ParticipantRow.study_id == first_study,
                   ParticipantRow.email.in_([p["email"] for p in DEMO_PEOPLE]),
                   Invitation.revoked_at.is_(None), Invitation.opened_at.is_(None))
            .order_by(Invitation.id.desc()).limit(1)
        )
    return None if token is None else link(base_url, token)
