"""Benchmark voice interviews: how long a participant waits, and how well speech is written.

    python benchmarks/voice.py                 # 20 answers of 5-20 s, then 20 sentences
    python benchmarks/voice.py --answers 5     # a quicker look
    python benchmarks/voice.py --answers 3 --long 60   # also one 60 s answer

1. Turn latency, in Debian's Chromium with a fake microphone playing espeak-ng speech (the
   page, server and embedded transcriber are the real ones, on this machine's CPUs; the
   transcriber uses 2 threads). Each answer is recorded for 5 to 20 s (evenly spread over the
   answers), ended by the participant's tap, transcribed, and sent at once (a person would
   read it first: that reading time is the participant's, not the machine's, and is left out).
   Latency = (transcript on screen - end of speech) + (moderator's next turn starts speaking
   - Send). "Starts speaking" is the moment the page hands the first sentence of the streamed
   reply to speechSynthesis; how soon a voice then sounds is up to the browser's engine.
   The page sends the answer in pieces while it is spoken, and the server transcribes them
   as they come (`voice/streaming.py`), so after the tap only the rest is left. Also printed:
   the CPU seconds the server (this process) spent from the tap to the transcript on screen,
   which other people's load on a shared machine does not inflate. Parts are a sentence or
   two (6 s or more, cut in a pause), so an answer longer than that is mostly transcribed
   before the tap; `--long` adds one long answer, where the parts show most (compare its CPU
   after the tap with the transcriber alone on the whole answer, printed beside it).
2. The transcriber alone on the same answer lengths (WAV made by espeak-ng): wall seconds, and
   CPU seconds of this process, which a busy machine inflates far less than wall time. On an
   idle machine the wall time of a call lies between CPU/2 (both threads busy) and CPU.
3. Word error rate of the embedded transcriber on 20 espeak-ng sentences (illustrative
   sentences written for this benchmark, one recording each).

Prints p50 / p95 of each, the machine's load average before and after (the machine is
shared: figures from a busy machine are slower than the code), and the target (p95 <= 1.5 s).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from tests.speech import silence, speak, word_error_rate, write_wav  # noqa: E402

SENTENCES = [
    "We used to send invoices from a spreadsheet at the end of every month.",
    "The bank feed broke twice in one week and nobody noticed for days.",
    "My partner handles payroll, so I only look at the numbers on Fridays.",
    "I tried the free plan first because I did not want to commit.",
    "Our accountant asked us to stop emailing receipts as photos.",
    "The moment I knew we had to change was when a client paid twice.",
    "Setting it up took an afternoon, most of it importing old customers.",
    "I still keep a paper notebook for cash sales at the market.",
    "The mobile app is fine, but I do the real work on my laptop.",
    "We have eleven people now and three of them raise purchase orders.",
    "Reconciling used to take a whole day; now it takes about an hour.",
    "I worry that the export will not open in our auditor's software.",
    "The reminder emails brought in money that had been late for months.",
    "Nobody on the team wanted to learn another tool in tax season.",
    "I compared four products and picked the one my bookkeeper knew.",
    "Every quarter I spend a weekend preparing the sales tax return.",
    "The old system could not handle invoices in two currencies.",
    "When the price went up, I looked at the alternatives again.",
    "Our biggest customer pays on ninety day terms, which hurts cash flow.",
    "I would recommend it, but only to businesses smaller than ours.",
]
STORY = " ".join(SENTENCES[:8])


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q))


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


def word_errors() -> tuple[list[float], float]:
    from jobstory.interview.voice.embedded import EmbeddedTranscriber

    transcriber = EmbeddedTranscriber(threads=2)
    transcriber.warm()
    rates, errors, words = [], 0.0, 0
    with tempfile.TemporaryDirectory() as folder:
        for n, sentence in enumerate(SENTENCES):
            wav = write_wav(Path(folder) / f"s{n}.wav",
                            np.concatenate([silence(0.3), speak(sentence), silence(0.3)]))
            heard = transcriber.transcribe(wav.read_bytes(), filename=wav.name).text
            rate = word_error_rate(sentence, heard)
            rates.append(rate)
            count = len(sentence.split())
            errors += rate * count
            words += count
    return rates, errors / words


def transcriber_cost(durations: list[float]) -> list[tuple[float, float]]:
    """(wall, CPU) seconds of the embedded transcriber per answer of each duration."""
    from jobstory.interview.voice.embedded import EmbeddedTranscriber, decode

    transcriber = EmbeddedTranscriber(threads=2)
    transcriber.warm()
    with tempfile.TemporaryDirectory() as folder:
        story = write_wav(Path(folder) / "story.wav", speak(STORY + " " + STORY))
        samples = decode(story.read_bytes())
    found = []
    for seconds in durations:
        clip = samples[: int(seconds * 16000)]
        wall, cpu = time.perf_counter(), time.process_time()
        transcriber.transcribe_samples(clip)
        found.append((time.perf_counter() - wall, time.process_time() - cpu))
    return found


def durations_for(answers: int) -> list[float]:
    return [float(d) for d in np.linspace(5, 20, answers)] if answers > 1 else [5.0]


def latencies(durations: list[float]) -> list[tuple[float, float, float, float, float]]:
    """(recorded seconds, transcript wait, reply-to-speech wait, total, CPU seconds after
    the end of speech) per answer."""
    from playwright.sync_api import sync_playwright
    from sqlalchemy import select

    from jobstory.domain import Guide
    from jobstory.store.db import open_store
    from jobstory.store.tables import Study
    from tests.conftest import CHROMIUM, LiveServer
    from tests.test_participant_api import seed

    guide = Guide.model_validate({
        "name": "voice-bench", "title": "Voice benchmark",
        "questions": [{"id": f"q{n}", "kind": "open", "probe": False,
                       "text": f"Question {n + 1}. Tell me more about what happened next?"}
                      for n in range(len(durations) + 1)]}).model_dump(mode="json")
    found = []
    with tempfile.TemporaryDirectory() as folder:
        wav = write_wav(Path(folder) / "story.wav", np.concatenate([speak(STORY), silence(1)]))
        store = open_store(f"sqlite:///{folder}/bench.sqlite")
        with LiveServer(store) as server, sync_playwright() as playwright:
            token = seed(store)
            with store.session() as session:
                for study in session.scalars(select(Study)):
                    study.guide = guide
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                      "--disable-component-update", "--use-fake-ui-for-media-stream",
                      "--use-fake-device-for-media-stream",
                      f"--use-file-for-fake-audio-capture={wav}"])
            page = browser.new_page()
            page.goto(f"{server.url}/i/{token}")
            page.get_by_role("button", name="Talking").click()
            page.wait_for_timeout(2000)  # the model loads while the participant reads
            for n, seconds in enumerate(durations):
                page.evaluate("() => performance.clearMarks()")
                record = page.locator("#record-button")
                record.click()
                page.wait_for_selector("#record-button.on")
                page.wait_for_timeout(int(seconds * 1000))
                cpu = time.process_time()
                record.click()
                page.locator("#answer-text").wait_for(timeout=120_000)
                cpu = time.process_time() - cpu
                page.get_by_role("button", name="Send").click()
                page.wait_for_function(
                    "() => performance.getEntriesByName('jobstory:speak').length > 0",
                    timeout=120_000)
                marks = page.evaluate("""() => Object.fromEntries(
                    ['speech-end', 'transcribed', 'send', 'speak'].map(name => [name,
                     performance.getEntriesByName('jobstory:' + name).at(-1).startTime]))""")
                heard = (marks["transcribed"] - marks["speech-end"]) / 1000
                reply = (marks["speak"] - marks["send"]) / 1000
                found.append((seconds, heard, reply, heard + reply, cpu))
                print(f"  answer {n + 1:>2}: {seconds:4.1f} s spoken -> transcript "
                      f"{heard:.2f} s ({cpu:.2f} s CPU after the tap), reply spoken "
                      f"{reply:.2f} s after Send", flush=True)
                page.wait_for_selector("#record-button", timeout=30_000)
            browser.close()
        store.close()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--answers", type=int, default=20)
    parser.add_argument("--long", type=float, default=0,
                        help="also one answer this many seconds long (not in the p50/p95)")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    print(f"before: {load()}")
    started = time.monotonic()
    durations = durations_for(args.answers)
    everything = latencies(durations + ([args.long] if args.long else []))
    found = everything[:len(durations)]
    totals = [t for _, _, _, t, _ in found]
    after = [c for *_, c in found]
    print(f"turn latency over {len(found)} answers of {found[0][0]:.0f}-{found[-1][0]:.0f} s "
          f"(end of speech -> the moderator's next turn starts speaking, reading time left "
          f"out):")
    print(f"  p50 {statistics.median(totals):.2f} s   p95 {percentile(totals, 95):.2f} s   "
          f"max {max(totals):.2f} s   (target p95 <= 1.5 s)")
    print(f"  of which transcription p50 {statistics.median([f[1] for f in found]):.2f} s,"
          f" reply to speech p50 {statistics.median([f[2] for f in found]):.2f} s")
    print(f"  CPU seconds after the end of speech (server, until the transcript shows): p50 "
          f"{statistics.median(after):.2f} s, p95 {percentile(after, 95):.2f} s")
    print(f"  load now: {load()}")
    if args.long:
        _, heard, _, _, after_tap = everything[-1]
        (wall, whole), = transcriber_cost([args.long])
        print(f"one {args.long:.0f} s answer: transcript {heard:.2f} s after the tap, "
              f"{after_tap:.2f} s CPU after the tap; the whole answer transcribed at once "
              f"costs {whole:.2f} s CPU ({wall:.2f} s wall)")
    cost = transcriber_cost(durations)
    walls, cpus = [w for w, _ in cost], [c for _, c in cost]
    print(f"transcriber alone, same {len(cost)} answer lengths: wall p50 "
          f"{statistics.median(walls):.2f} s, p95 {percentile(walls, 95):.2f} s; CPU p50 "
          f"{statistics.median(cpus):.2f} s, p95 {percentile(cpus, 95):.2f} s "
          f"(idle 2-core estimate: wall between CPU/2 and CPU)")
    rates, overall = word_errors()
    print(f"word error rate on {len(rates)} espeak-ng sentences: {overall:.1%} overall, "
          f"median {statistics.median(rates):.1%}, worst {max(rates):.1%}")
    print(f"after: {load()}; {time.monotonic() - started:.0f} s in all")


if __name__ == "__main__":
    main()
