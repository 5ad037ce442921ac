"""`jobstory cluster` on feedback: statements, several themes per comment, respondents,
sentiment, and the report (HTML and Markdown) with everything escaped."""

from __future__ import annotations

import csv
from pathlib import Path

from jobstory.shown import markdown_text
from jobstory.synthesis.cluster_csv import cluster_csv
from jobstory.synthesis.feedback_themes import addressee_words, feedback_themes
from tests.test_cluster import HashingEmbedder

PRICE = ["the price is too high", "price went up again", "the monthly price is steep",
         "price is far too high", "high price for what you get", "price keeps rising"]
LOGIN = ["login keeps failing", "cannot login since the update", "login page is broken",
         "login fails every morning", "the login is so slow", "login never works"]
STAFF = ["the support staff were wonderful", "staff were kind and helpful",
         "support staff answered fast", "lovely support staff", "the staff were great",
         "helpful support staff"]


def _comments() -> list[str]:
    texts = [f"@AcmeHelp {t}" for t in PRICE] + LOGIN + STAFF
    # Two topics in one comment, turned with "but": both themes count this respondent.
    texts.append("The support staff were wonderful but the login keeps failing")
    texts.append("")
    return texts


def test_a_comment_with_two_topics_counts_once_in_each_theme() -> None:
    texts = _comments()
    found = feedback_themes(texts, HashingEmbedder(), k=3)
    both = len(texts) - 2
    labels = {found.themes[c].label for c in found.memberships[both]}
    assert len(found.memberships[both]) == 2
    assert any("login" in label for label in labels) and any("staff" in label for label in labels)
    for theme in found.themes:
        assert len(theme.rows) == len(set(theme.rows))  # respondents, not statements
    assert found.memberships[len(texts) - 1] == [] and found.main[len(texts) - 1] == -1
    assert found.respondents == len(texts) - 1


def test_the_main_theme_is_the_gist_of_the_whole_comment_not_its_longest_part() -> None:
    texts = [*PRICE, *LOGIN, *STAFF,
             "Login keeps failing, login fails, login never works. But to be fair the support "
             "staff on the phone this week were all very kind to me"]
    found = feedback_themes(texts, HashingEmbedder(), k=3)
    main, other = (found.themes[c].label for c in found.memberships[-1])
    assert "login" in main and "staff" in other
    assert found.main[-1] == found.memberships[-1][0]


def test_the_addressee_is_never_a_theme_label() -> None:
    texts = _comments()
    assert {"acmehelp", "acme"} <= addressee_words(texts)
    found = feedback_themes(texts, HashingEmbedder(), k=3)
    for theme in found.themes:
        assert "acme" not in theme.label.casefold()
        for quote in theme.quotes:  # quotes are the comment's own words at their offsets
            assert texts[quote.row][quote.start:quote.end] == quote.text


def test_sentiment_per_theme_counts_respondents() -> None:
    found = feedback_themes(_comments(), HashingEmbedder(), k=3)
    staff = next(t for t in found.themes if "staff" in t.label)
    login = next(t for t in found.themes if "login" in t.label)
    assert staff.sentiment.shares["positive"] > 0.5
    assert staff.sentiment.total == len(staff.rows)
    assert login.sentiment.shares["positive"] < staff.sentiment.shares["positive"]


def _write(path: Path, texts: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "comment"])
        writer.writerows([i, t] for i, t in enumerate(texts))


def test_rows_get_all_their_themes_and_the_report_escapes_what_people_wrote(
        tmp_path: Path) -> None:
    texts = _comments()
    texts[0] = "<script>alert(1)</script> the price is too high | **bold** [x](http://e.vil)"
    src = tmp_path / "feedback.csv"
    _write(src, texts)
    result = cluster_csv(src, "comment", k=3, embedder=HashingEmbedder(),
                         report=tmp_path / "report")
    with result.out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    both = rows[len(texts) - 2]
    assert len(both["theme_ids"].split(" | ")) == 2
    assert both["theme_id"] == both["theme_ids"].split(" | ")[0]
    assert rows[len(texts) - 1]["theme_id"] == "" and rows[len(texts) - 1]["sentiment"] == ""
    assert {r["sentiment"] for r in rows[:-1]} <= {"negative", "neutral", "positive"}
    assert result.report is not None
    html_path, md_path = result.report
    page = html_path.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert 'href="http://e.vil"' not in page  # a link someone wrote stays text
    assert page.count("<svg") >= 3  # respondents, sentiment bars, theme count
    markdown = md_path.read_text(encoding="utf-8")
    assert "<script>" not in markdown and "\\*\\*bold\\*\\*" in markdown
    assert "\\| \\*\\*bold" in markdown  # a pipe cannot break the table
    again = cluster_csv(src, "comment", k=3, embedder=HashingEmbedder(),
                        report=tmp_path / "again")
    assert again.report is not None
    assert again.report[0].read_bytes() == html_path.read_bytes()  # same input, same bytes


def test_markdown_escape_flattens_lines_and_markup() -> None:
    assert markdown_text("a\n# b | `c`", one_line=True) == "a # b \\| \\`c\\`"


def test_automatic_k_does_not_collapse_when_groups_overlap() -> None:
    """Twelve groups that overlap heavily (as real feedback does): the cut for separate groups
    alone returned one theme for all 720 items here; the modularity cut finds the groups."""
    import numpy as np
    from sklearn.metrics import normalized_mutual_info_score

    from jobstory.synthesis.cluster import cluster

    rng = np.random.default_rng(1)
    centres = rng.normal(size=(12, 32)) * 0.08
    truth = np.repeat(np.arange(12), 60)
    vectors = centres[truth] + rng.normal(size=(720, 32)) / np.sqrt(32)
    found = cluster(vectors)
    assert found.k >= 6
    assert np.bincount(found.labels[found.labels >= 0]).max() <= 0.25 * len(truth)
    assert normalized_mutual_info_score(truth, found.labels) >= 0.3
    curve = dict(found.criterion)
    assert curve[1] == 0.0 and max(curve, key=curve.get) == found.k


def test_a_statement_clustered_with_its_comment_moves_to_the_theme_of_its_own_words() -> None:
    import numpy as np

    from jobstory.synthesis.cluster import Clustering
    from jobstory.synthesis.feedback_themes import _by_statement

    texts = [*PRICE[:4], *LOGIN[:4], "and the login keeps failing", "whatever"]
    # Vectors that do not tell the last-but-one statement apart: only its words can.
    vectors = np.array([[1.0, 0.0]] * 4 + [[0.0, 1.0]] * 4 + [[0.7071, 0.7071]] * 2, np.float32)
    in_context = Clustering(np.array([0] * 4 + [1] * 4 + [0, -1]), 2,
                            np.eye(2, dtype=np.float32), "given", ())
    moved = _by_statement(in_context, vectors, texts)
    assert moved.labels.tolist() == [0] * 4 + [1] * 5 + [-1]  # an outlier stays one
    assert moved.k == 2 and np.allclose(np.linalg.norm(moved.centroids, axis=1), 1.0)


def test_a_theme_left_with_no_statement_is_dropped_and_the_rest_renumbered() -> None:
    import numpy as np

    from jobstory.synthesis.cluster import Clustering
    from jobstory.synthesis.feedback_themes import _by_statement

    texts = [*PRICE[:3], *LOGIN[:3], "login fails"]
    vectors = np.array([[1.0, 0.0]] * 3 + [[0.0, 1.0]] * 4, np.float32)
    # Themes 1 and 2 say the same (login); every login statement is as near to both and
    # goes to the first, so theme 2 is left empty, dropped, and numbers stay 0..k-1.
    in_context = Clustering(np.array([0, 0, 0, 2, 2, 2, 1]), 3, np.eye(3, 2, dtype=np.float32),
                            "given", ())
    moved = _by_statement(in_context, vectors, texts)
    assert moved.k == 2 and moved.labels.tolist() == [0, 0, 0, 1, 1, 1, 1]
