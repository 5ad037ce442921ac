"""`jobstory analyze` end to end on the illustrative transcripts, with the real embedding model.

The quality gates from the design: quotes are verbatim (100%), counts are recomputable from
analysis.json (100%), a rerun is byte-identical, and adding a transcript keeps the other
themes' ids.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jobstory.synthesis.ingest import read_paths
from jobstory.synthesis.questions import PHASES

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "transcripts"
pytestmark = pytest.mark.slow


def analyze(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jobstory", "analyze", *args],
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report")
    result = analyze(str(EXAMPLES), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def quotes_in(analysis: dict) -> list[dict]:
    found = list(analysis["outliers"])
    for theme in analysis["themes"]:
        found += [theme["representative"], *theme["quotes"]]
        if theme["disagreement"]:
            found += theme["disagreement"]["quotes"]
    for story in analysis["job_stories"]:
        for part in ("situation", "motivation", "outcome"):
            found += story[part]["quotes"]
    for force in analysis["forces"].values():
        found += force["quotes"]
    return found


def test_writes_three_reports(report: Path) -> None:
    assert {p.name for p in report.iterdir()} >= {"analysis.json", "report.md", "report.html"}
    html = (report / "report.html").read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html and "<script" not in html
    analysis = json.loads((report / "analysis.json").read_text(encoding="utf-8"))
    assert analysis["summary"]["sources"] == 13
    assert analysis["job_stories"], "the examples share situations: expect job stories"
    for story in analysis["job_stories"]:
        assert story["text"].startswith("When ") and ", I want to " in story["text"]


def test_every_quote_is_verbatim(report: Path) -> None:
    analysis = json.loads((report / "analysis.json").read_text(encoding="utf-8"))
    parsed, _ = read_paths([EXAMPLES])
    texts = {p.source.id: p.source.text for p in parsed}
    quotes = quotes_in(analysis) + analysis["segments"]
    assert len(quotes) > 100
    for quote in quotes:
        assert texts[quote["source"]][quote["start"]:quote["end"]] == quote["text"]


def test_quotes_check_against_the_files_as_a_reader_would(report: Path) -> None:
    """No library code: the file's text (UTF-8, newlines as written), or for a rendering of
    interview turns the text analysis.json carries for that source."""
    analysis = json.loads((report / "analysis.json").read_text(encoding="utf-8"))
    texts = {}
    for source in analysis["sources"]:
        if "text" in source:
            assert source["format"] == "json"
            texts[source["id"]] = source["text"]
        else:
            with open(source["path"], encoding="utf-8-sig", newline="") as fh:
                texts[source["id"]] = fh.read()
    checked = {q["source"] for q in quotes_in(analysis)}
    assert {"13-hannah-dog-grooming.json", "02-luis-landscaping.vtt"} <= set(texts)
    for quote in quotes_in(analysis) + analysis["segments"]:
        assert texts[quote["source"]][quote["start"]:quote["end"]] == quote["text"], quote
    assert len(checked) >= 10


def test_counts_are_recomputable(report: Path) -> None:
    analysis = json.loads((report / "analysis.json").read_text(encoding="utf-8"))
    members: dict[str, set[str]] = {}
    mentions: dict[str, int] = {}
    for segment in analysis["segments"]:
        for theme_id in segment["themes"]:
            members.setdefault(theme_id, set()).add(segment["participant"])
            mentions[theme_id] = mentions.get(theme_id, 0) + 1
    for theme in analysis["themes"]:
        assert sorted(members[theme["id"]]) == theme["participants"]
        assert theme["participant_count"] == len(theme["participants"])
        assert theme["mentions"] == mentions[theme["id"]]
    said_by = {(s["source"], s["start"], s["end"]): s["participant"] for s in analysis["segments"]}
    for story in analysis["job_stories"]:
        people = set(story["participants"])
        assert story["participant_count"] == len(people) == len(story["participants"])
        assert set(story["situation"]["participants"]) == people
        for part in ("situation", "motivation", "outcome"):
            for quote in story[part]["quotes"]:
                assert said_by[(quote["source"], quote["start"], quote["end"])] == \
                    quote["participant"]
                assert quote["participant"] in people, "a part comes from the situation's people"
        for part in ("motivation", "outcome"):
            assert set(story[part]["participants"]) <= people
        assert story["complete"] == all(story[p]["text"] for p in ("motivation", "outcome"))
    ranks = [(-s["participant_count"], not s["complete"]) for s in analysis["job_stories"]]
    assert ranks == sorted(ranks)
    assert [s["rank"] for s in analysis["job_stories"]] == \
        list(range(1, len(analysis["job_stories"]) + 1))
    people = {s["participant"] for s in analysis["segments"]}
    assert analysis["summary"]["participants"] >= len(people)


def test_rerun_is_byte_identical(report: Path, tmp_path: Path) -> None:
    result = analyze(str(EXAMPLES), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    for name in ("analysis.json", "report.md", "report.html"):
        assert (tmp_path / name).read_bytes() == (report / name).read_bytes(), name


def test_adding_a_transcript_keeps_theme_ids(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    shutil.copytree(EXAMPLES, inputs)
    held_back = inputs / "11-rob-electrician.txt"
    extra = held_back.read_text(encoding="utf-8")
    held_back.unlink()
    out = tmp_path / "out"
    assert analyze(str(inputs), "--out", str(out)).returncode == 0
    before = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    held_back.write_text(extra, encoding="utf-8")
    assert analyze(str(inputs), "--out", str(out)).returncode == 0
    after = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    old = {t["id"]: {q["start"] for q in t["quotes"]} for t in before["themes"]}
    kept = [t["id"] for t in after["themes"] if t["id"] in old]
    assert len(kept) >= 0.8 * len(old), (len(kept), len(old))


def test_bad_files_are_listed_and_exit_3(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    shutil.copy(EXAMPLES / "01-dana-bakery.vtt", inputs)
    shutil.copy(EXAMPLES / "05-yoga-studio.srt", inputs)
    (inputs / "broken.srt").write_text("1\nnot a timestamp\nhello\n", encoding="utf-8")
    result = analyze(str(inputs), "--out", str(tmp_path / "out"),
                     "--goal", "Why do  studio owners switch tools?")
    assert result.returncode == 3, result.stderr
    assert "broken.srt:2:" in result.stderr
    analysis = json.loads((tmp_path / "out" / "analysis.json").read_text(encoding="utf-8"))
    assert analysis["errors"][0]["source"] == "broken.srt"
    assert analysis["summary"]["sources"] == 2
    assert analysis["research_goal"] == "Why do studio owners switch tools?"


def test_completed_interviews_from_the_store(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from jobstory.domain import Participant
    from jobstory.guides import load_guide
    from jobstory.interview.session import InterviewService
    from jobstory.store.db import open_store
    from jobstory.store.tables import Study
    from tests.test_session import SWITCH_ANSWERS, drive

    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    store = open_store(url)
    guide = load_guide("jtbd-switch")
    with store.session() as session:
        study = Study(title="Switch", guide=guide.model_dump(mode="json"),
                      created_at=datetime.now(UTC))
        session.add(study)
        session.flush()
        study_id = study.id
    service = InterviewService(store)
    for name in ("Ana", "Bo"):
        state = service.start(guide, Participant(name=name), study_id=study_id)
        drive(service, state.id, SWITCH_ANSWERS)
    service.start(guide, Participant(name="Unfinished"), study_id=study_id)
    store.close()

    result = analyze("--study", str(study_id), "--db", url, "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    analysis = json.loads((tmp_path / "out" / "analysis.json").read_text(encoding="utf-8"))
    assert analysis["summary"]["sources"] == 2  # the unfinished interview is not analysed
    assert analysis["research_goal"] == " ".join(guide.description.split())  # the guide's
    severity = next(q for q in analysis["structured"] if q["id"] == "severity")
    assert severity["n"] == 2
    nothing = analyze("--out", str(tmp_path / "x"))
    assert nothing.returncode == 2 and "--study" in nothing.stderr


# ILLUSTRATIVE switch interviews, written for this test: three market traders whose card reader
# lost signal, three owners whose paper/whiteboard rota let staff miss shifts. Mixed formats and
# interviewer labels: the team's "Sam" in three files, "Interviewer", and "Assistant"/"AI" with
# a "User" who introduces herself.
SWITCH_INTERVIEWS = {
    "01-dana-cheese.txt": """\
Sam: Thanks for talking to me, Dana. What do you do?
Dana: I run a cheese stall at two farmers' markets, Saturdays and Wednesdays.
Sam: When did you first think the way you took payments wasn't working?
Dana: Last autumn the card reader kept dropping the signal at the market.
Sam: Take me to the last time it really went wrong.
Dana: It was a Saturday in October at about ten in the morning, the queue was twelve deep and the card reader lost signal for forty minutes. I turned away maybe thirty customers, about 300 pounds of cheese.
Sam: Mm-hm.
Dana: And half of them never came back to the stall.
Sam: What options did you consider?
Dana: I thought about going cash only, and I looked at a second card reader on a different network.
Sam: What made you choose the app in the end?
Dana: I wanted to take card payments without relying on the market signal. It queues payments offline and sends them later.
Sam: Any worries about switching?
Dana: I worried a payment would vanish if the phone died.
Sam: What's changed since?
Dana: Now I can serve the whole queue even when the signal drops. Last month I took 1,400 pounds on one Saturday.
""",
    "02-femi-food-van.txt": """\
Assistant: Hello! Thanks for joining this interview. Could you tell me a little about yourself?
User: Hi, my name is Femi and I run a street food van at night markets.
AI: When did you first feel that taking payments had become a problem?
User: At the summer night market the card reader lost signal every evening around eight.
AI: Can you tell me about a specific time it let you down?
User: One Friday in July the card reader showed no signal for an hour at the busiest market of the year. I had a queue of twenty people and I lost about 250 pounds of sales.
AI: That sounds stressful.
User: I was handing out free plates just to keep people happy.
AI: What alternatives did you look at?
User: I considered a cash only sign, and a mobile hotspot from another network.
AI: What made you pick the app?
User: I needed to take card payments even with no signal at the market. The offline mode was the thing.
AI: Did anything nearly stop you?
User: I was nervous the payments would fail later and I would never see the money.
AI: How have things been since?
User: So I can keep the queue moving now, even when the signal is gone. Sales at the night market are up about 20 percent.
""",
    "03-grace-flowers.vtt": """\
WEBVTT

00:00:01.000 --> 00:00:05.000
<v Interviewer>Could you tell me about your business?</v>

00:00:05.000 --> 00:00:10.000
<v Grace>I sell cut flowers from a stall at the Sunday market and at weddings.</v>

00:00:10.000 --> 00:00:14.000
<v Interviewer>When did you first think something had to change?</v>

00:00:14.000 --> 00:00:20.000
<v Grace>The market moved to the car park and the card reader never had signal there.</v>

00:00:20.000 --> 00:00:24.000
<v Interviewer>Walk me through the day it came to a head.</v>

00:00:24.000 --> 00:00:34.000
<v Grace>Mother's Day weekend, a Sunday in March, the card reader had no signal from nine until noon. I turned away about forty customers and lost maybe 500 pounds of bouquets.</v>

00:00:34.000 --> 00:00:36.000
<v Interviewer>Oof.</v>

00:00:36.000 --> 00:00:40.000
<v Grace>People just walked to the supermarket instead.</v>

00:00:40.000 --> 00:00:44.000
<v Interviewer>What else did you consider?</v>

00:00:44.000 --> 00:00:50.000
<v Grace>Going cash only, or a cash box and a paper notebook for tabs.</v>

00:00:50.000 --> 00:00:54.000
<v Interviewer>What was it about the app that appealed?</v>

00:00:54.000 --> 00:01:00.000
<v Grace>I wanted to take card payments without worrying about the market signal.</v>

00:01:00.000 --> 00:01:04.000
<v Interviewer>What has changed since then?</v>

00:01:04.000 --> 00:01:10.000
<v Grace>I take cards all day now and Mother's Day this year was 1,100 pounds.</v>
""",
    "04-luis-cafe.txt": """\
Sam: Thanks for making time, Luis. Tell me about the cafe.
Luis: A cafe with eight staff, open seven days, mostly students working shifts.
Sam: When did you first think the rota wasn't working?
Luis: When the whiteboard rota in the kitchen got rubbed out twice in one week.
Sam: Take me to the last time it really went wrong.
Luis: A Saturday in May at seven in the morning, two of the three shift staff didn't turn up because the whiteboard rota had the old shifts. I ran the cafe alone for two hours and we lost about 200 pounds of breakfast trade.
Sam: Mm-hm.
Luis: I was ringing round staff from behind the counter.
Sam: What options did you consider?
Luis: A shared spreadsheet, or just carrying on with the whiteboard and group texts.
Sam: What made you choose the app in the end?
Luis: I wanted to see who is on each shift from my phone. Staff get a reminder the night before.
Sam: Any hesitation?
Luis: I was afraid the older staff wouldn't use it.
Sam: What's changed since?
Luis: I don't have to ring round staff at seven any more. We've had one no-show in three months.
""",
    "05-priya-bakery.vtt": """\
WEBVTT

00:00:01.000 --> 00:00:04.000
<v Sam>What does your bakery look like day to day?</v>

00:00:04.000 --> 00:00:09.000
<v Priya>Two bakeries, twelve staff, and the early shift starts at four in the morning.</v>

00:00:09.000 --> 00:00:13.000
<v Sam>When did you first feel the rota was letting you down?</v>

00:00:13.000 --> 00:00:19.000
<v Priya>When staff kept swapping shifts by group text and nobody updated the paper rota.</v>

00:00:19.000 --> 00:00:23.000
<v Sam>Was there a moment when it all came to a head?</v>

00:00:23.000 --> 00:00:33.000
<v Priya>A Tuesday in February, the four o'clock shift had nobody because two staff had swapped by text. I found out at five, the shelves were empty at seven and we lost about 600 pounds of bread orders.</v>

00:00:33.000 --> 00:00:36.000
<v Sam>So nobody came in.</v>

00:00:36.000 --> 00:00:40.000
<v Priya>Nobody. I baked alone until the shift staff arrived at eight.</v>

00:00:40.000 --> 00:00:44.000
<v Sam>What did you look at instead?</v>

00:00:44.000 --> 00:00:49.000
<v Priya>A spreadsheet on the office computer, and hiring a shift manager.</v>

00:00:49.000 --> 00:00:53.000
<v Sam>What tipped it?</v>

00:00:53.000 --> 00:00:59.000
<v Priya>I needed to see every shift swap in one place. Staff swap inside the app and I approve it.</v>

00:00:59.000 --> 00:01:03.000
<v Sam>How are things now, compared with before?</v>

00:01:03.000 --> 00:01:09.000
<v Priya>I sleep through to four now. No empty early shift in five months.</v>
""",
    "06-tom-pub.txt": """\
Interviewer: Could you tell me about the pub?
Tom: A pub kitchen with six chefs and a lot of part-time staff in the evenings.
Interviewer: When did you first start to feel the old way was not working?
Tom: The paper rota on the kitchen wall was always out of date after staff swapped shifts.
Interviewer: Can you tell me about a specific time it let you down?
Tom: A Friday in December, forty covers booked for a party, and two chefs didn't turn up for the evening shift because the rota on the wall was wrong. I cooked with one chef and we comped about 350 pounds of food.
Interviewer: What options did you consider?
Tom: A spreadsheet pinned to the wall, or an agency for cover staff.
Interviewer: What made you choose the app?
Tom: I wanted to see who is on each shift without walking to the kitchen wall. Staff swap shifts in the app.
Interviewer: Were you worried about anything?
Tom: I was worried the chefs would ignore the notifications.
Interviewer: What's changed since?
Tom: So I can plan the party nights a week ahead now. No missed shifts since January.
""",
}
CARD_READER = {"Dana", "Femi", "Grace"}
ROTA = {"Luis", "Priya", "Tom"}


def test_switch_interviews_end_to_end(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for name, text in SWITCH_INTERVIEWS.items():
        (inputs / name).write_text(text, encoding="utf-8")
    result = analyze(str(inputs), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    analysis = json.loads((tmp_path / "out" / "analysis.json").read_text(encoding="utf-8"))
    people = CARD_READER | ROTA
    assert {p["id"] for p in analysis["participants"]} == people

    # Who is who, per file, for a reader to check.
    speakers = {s["source"]: s for s in analysis["speakers"]}
    assert set(speakers) == set(SWITCH_INTERVIEWS)
    assert {source: s["interviewers"] for source, s in speakers.items()} == {
        "01-dana-cheese.txt": ["Sam"],
        "02-femi-food-van.txt": ["AI", "Assistant"],
        "03-grace-flowers.vtt": ["Interviewer"],
        "04-luis-cafe.txt": ["Sam"],
        "05-priya-bakery.vtt": ["Sam"],
        "06-tom-pub.txt": ["Interviewer"],
    }
    assert speakers["02-femi-food-van.txt"]["participants"] == [{"label": "User", "id": "Femi"}]
    labels = {"Sam", "AI", "Assistant", "Interviewer"}
    for s in analysis["speakers"]:
        assert not {p["label"] for p in s["participants"]} & labels
        assert not {p["id"] for p in s["participants"]} & labels

    # Every answer is read with its question: each unit sits in an exchange with a phase.
    for seg in analysis["segments"]:
        assert seg["exchange"] and seg["exchange"].startswith(seg["source"] + "#")
        assert seg["phase"] in PHASES
    texts = SWITCH_INTERVIEWS
    for seg in analysis["segments"]:
        assert texts[seg["source"]][seg["start"]:seg["end"]] == seg["text"]

    # A timeline for everyone, each with the struggling moment they were asked to tell.
    timelines = {t["participant"]: t for t in analysis["timelines"]}
    assert set(timelines) == people
    for who, line in timelines.items():
        moment = line["struggling_moment"]
        assert moment is not None and moment["participant"] == who, who
        for quote in [moment, *moment["evidence"], *line["what_changed"], *line["results"]]:
            assert texts[quote["source"]][quote["start"]:quote["end"]] == quote["text"]
    assert timelines["Dana"]["struggling_moment"]["text"].startswith(
        "It was a Saturday in October")

    # Job stories come from people who share a situation; their parts only from those people.
    stories = analysis["job_stories"]
    assert stories
    groups = [set(s["participants"]) for s in stories]
    assert CARD_READER in groups or ROTA in groups, groups
    for story in stories:
        assert story["text"].startswith("When ") and ", I want to " in story["text"]
        for part in ("situation", "motivation", "outcome"):
            for quote in story[part]["quotes"]:
                assert quote["participant"] in story["participants"]
                assert texts[quote["source"]][quote["start"]:quote["end"]] == quote["text"]


# ILLUSTRATIVE: one switch interview whose interviewer asks how things were done before, then
# what held the participant to it, in words none of jobstory's own guide questions use.
OLD_WAY_INTERVIEW = """\
Interviewer: Thanks for making time, Nia. Could you tell me a bit about yourself?
Nia: I drive for a delivery firm and I look after the bills for our house.
Interviewer: And before Tallybook, how did you keep track of the bills?
Nia: I had a sticky note for every bill on the fridge, and when I paid one I moved it to the other side.
Interviewer: Take me to the day it went wrong.
Nia: In March the water bill came out two days before payday and the bank charged me a thirty dollar fee.
Interviewer: What were your worries about putting it all in an app?
Nia: I didn't love typing my bank password into something I'd never heard of.
Interviewer: Was there anything about the sticky notes you liked?
Nia: I could see every bill at a glance while I made my coffee.
"""


def analysed(tmp_path: Path, name: str, transcript: str) -> dict:
    """analysis.json of one transcript, analysed as `jobstory analyze` would."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / name).write_text(transcript, encoding="utf-8")
    result = analyze(str(inputs), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    return json.loads((tmp_path / "out" / "analysis.json").read_text(encoding="utf-8"))


def test_how_the_old_way_was_done_and_what_was_liked_about_it_are_its_habit(
        tmp_path: Path) -> None:
    # An account of the old way's routine, asked for as such, is the habit of the present; so
    # is what they liked about it when asked after their worries about switching.
    analysis = analysed(tmp_path, "nia.txt", OLD_WAY_INTERVIEW)
    line, = analysis["timelines"]
    habit = [quote["text"] for quote in line["habit"]]
    assert any(text.startswith("I had a sticky note for every bill") for text in habit), habit
    assert "I could see every bill at a glance while I made my coffee." in habit
    assert not any("water bill came out" in text for text in habit)


# ILLUSTRATIVE: an opening answer that tells the trouble in a figure of speech, which the
# interviewer picks up to ask what it meant; and one that only says who they are.
PROBED_INTERVIEW = """\
Interviewer: Thanks for joining, Cara. Tell me about the shop.
Cara: We're a florist on the high street, four of us, and on a big day it was like herding cats.
Interviewer: Herding cats how?
Cara: Six drivers, one printed map, and nobody knew which van had which order.
Interviewer: And who does what in the shop?
Cara: My sister does the weddings and I do the deliveries myself.
Interviewer: How long have you had the shop?
Cara: We bought the business together from our aunt in 2019.
"""


def test_a_figure_of_speech_the_interviewer_probes_in_the_opening_is_push(
        tmp_path: Path) -> None:
    analysis = analysed(tmp_path, "cara.txt", PROBED_INTERVIEW)
    codes = {s["text"]: s["codes"] for s in analysis["segments"]}
    herding = next(t for t in codes if "herding cats" in t)
    assert "push" in codes[herding], codes
    # a question of its own next asks nothing of what their words meant
    assert "push" not in codes["My sister does the weddings and I do the deliveries myself."]
