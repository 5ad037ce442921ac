"""A REFI-QDA project (.qdpx) so ATLAS.ti, MAXQDA, NVivo and QualCoder users can go on there.

The zip holds `project.qde` (namespace urn:QDA-XML:project:1.0, the published Project.xsd)
and `sources/<guid>.txt`, each source's text exactly as the analysis indexed it. The code
book has one code per family (situation, push, pull, ...) with the family's themes under it,
and a "job stories" family with one code per story. Every coded segment and every quote of a
job story is a PlainTextSelection at its character positions, coded with its family, its
themes and the stories it supports; each participant is a case pointing at their selections.

GUIDs are UUID 5 of what they name and zip entries carry a fixed time: the same analysis gives
the same bytes.
"""

from __future__ import annotations

import io
import re
import uuid
import xml.etree.ElementTree as ET
import zipfile
from collections import defaultdict
from typing import Any

from jobstory import __version__
from jobstory.delivery.analysis_source import AnalysisSourceError

NS = "urn:QDA-XML:project:1.0"
_NAMESPACE = uuid.UUID("6f1d4a52-5a43-4c1e-9a43-6a6f6273746f")
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)
#: Characters XML 1.0 cannot carry (in names and descriptions; source texts go in files).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
STORY_FAMILY = "job stories"


def _guid(kind: str, key: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{kind}\x1f{key}"))


def _x(value: Any) -> str:
    return _NOT_XML.sub("\ufffd", str(value if value is not None else ""))


def _el(parent: ET.Element, tag: str, **attributes: Any) -> ET.Element:
    return ET.SubElement(parent, f"{{{NS}}}{tag}",
                         {k: _x(v) for k, v in attributes.items() if v is not None})


def _describe(element: ET.Element, text: str) -> None:
    _el(element, "Description").text = _x(text)


def _selections(analysis: dict[str, Any]) -> dict[tuple[str, int, int], dict[str, Any]]:
    """Every coded span, merged by (source, start, end), with the code keys it carries."""
    spans: dict[tuple[str, int, int], dict[str, Any]] = {}

    def add(quote: dict[str, Any], codes: list[str]) -> None:
        key = (str(quote["source"]), int(quote["start"]), int(quote["end"]))
        entry = spans.setdefault(key, {"text": quote.get("text"), "codes": [],
                                       "participant": quote.get("participant")})
        entry["codes"] += [c for c in codes if c not in entry["codes"]]

    for segment in analysis.get("segments") or []:
        codes = [f"family:{c}" for c in segment.get("codes") or []]
        codes += [f"theme:{t}" for t in segment.get("themes") or []]
        if codes:
            add(segment, codes)
    for story in analysis.get("job_stories") or []:
        for part in ("situation", "motivation", "outcome"):
            for quote in (story.get(part) or {}).get("quotes") or []:
                add(quote, [f"story:{story.get('id')}"])
    return spans


def qdpx(analysis: dict[str, Any], name: str, texts: dict[str, str]) -> bytes:
    """The .qdpx bytes; raises AnalysisSourceError when a quote is not at its place in its
    source."""
    ET.register_namespace("", NS)
    spans = _selections(analysis)
    for (source, start, end), entry in sorted(spans.items()):
        text = texts.get(source)
        if text is None or text[start:end] != entry["text"]:
            raise AnalysisSourceError(f"{source}:{start}-{end}: the quote is not at its place "
                                      "in the source text (analyse again)")
    project = ET.Element(f"{{{NS}}}Project", {
        "name": _x(name), "origin": f"jobstory {__version__}"})
    user = _guid("user", "jobstory")
    _el(_el(project, "Users"), "User", guid=user, name="jobstory")

    code_guid: dict[str, str] = {}
    codes = _el(_el(project, "CodeBook"), "Codes")
    themes_by_family: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for theme in analysis.get("themes") or []:
        themes_by_family[str(theme.get("family"))].append(theme)
    families = sorted({c.split(":", 1)[1] for e in spans.values() for c in e["codes"]
                       if c.startswith("family:")} | set(themes_by_family))
    for family in families:
        key = f"family:{family}"
        code_guid[key] = _guid("code", key)
        family_code = _el(codes, "Code", guid=code_guid[key], name=family, isCodable="true")
        _describe(family_code, f"JTBD code family '{family}' (jobstory)")
        for theme in themes_by_family.get(family, []):
            key = f"theme:{theme.get('id')}"
            code_guid[key] = _guid("code", key)
            theme_code = _el(family_code, "Code", guid=code_guid[key],
                             name=theme.get("label") or theme.get("id"), isCodable="true")
            _describe(theme_code, f"theme {theme.get('id')}: {theme.get('participant_count', 0)}"
                      f" participants; key phrases: {', '.join(theme.get('key_phrases') or [])}")
    stories = analysis.get("job_stories") or []
    if stories:
        family_code = _el(codes, "Code", guid=_guid("code", "family:" + STORY_FAMILY),
                          name=STORY_FAMILY, isCodable="false")
        _describe(family_code, "Job stories: each story's code marks the quotes behind it")
        for story in stories:
            key = f"story:{story.get('id')}"
            code_guid[key] = _guid("code", key)
            story_code = _el(family_code, "Code", guid=code_guid[key],
                             name=f"{story.get('rank')}. {story.get('id')}", isCodable="true")
            _describe(story_code, str(story.get("text") or ""))

    by_participant: dict[str, list[str]] = defaultdict(list)
    source_guid: dict[str, str] = {}
    files: dict[str, str] = {}
    sources = _el(project, "Sources")
    by_source: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for source, start, end in sorted(spans):
        by_source[source].append((start, end))
    for source in sorted(texts):
        guid = source_guid[source] = _guid("source", source)
        files[f"sources/{guid}.txt"] = texts[source]
        element = _el(sources, "TextSource", guid=guid, name=source,
                      plainTextPath=f"internal://{guid}.txt")
        for start, end in by_source.get(source, []):
            entry = spans[(source, start, end)]
            selection_guid = _guid("selection", f"{source}#{start}-{end}")
            selection = _el(element, "PlainTextSelection", guid=selection_guid,
                            name=f"{entry['participant']}: {source}:{start}-{end}",
                            startPosition=start, endPosition=end)
            for code in entry["codes"]:
                if code not in code_guid:
                    continue
                coding = _el(selection, "Coding",
                             guid=_guid("coding", f"{selection_guid}/{code}"),
                             creatingUser=user)
                _el(coding, "CodeRef", targetGUID=code_guid[code])
            if entry["participant"]:
                by_participant[str(entry["participant"])].append(selection_guid)
    if by_participant:
        cases = _el(project, "Cases")
        for participant in sorted(by_participant):
            case = _el(cases, "Case", guid=_guid("case", participant), name=participant)
            for selection_guid in by_participant[participant]:
                _el(case, "SelectionRef", targetGUID=selection_guid)
        project.remove(cases)
        project.insert(list(project).index(sources), cases)  # Cases come before Sources
    _describe(project, f"Exported by jobstory {__version__} from the analysis '{name}'.")

    ET.indent(project)
    xml = ET.tostring(project, encoding="utf-8", xml_declaration=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in [("project.qde", xml)] + sorted(
                (p, t.encode("utf-8")) for p, t in files.items()):
            info = zipfile.ZipInfo(path, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()
